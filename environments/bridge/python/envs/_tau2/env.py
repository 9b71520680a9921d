"""tau_bench_airline_v0 / tau_bench_retail_v0: a τ²-bench customer-service episode through the bridge.

Reset picks the split's task (the index is its position in tau2's split_tasks.json list), sets up
tau2's domain environment, lets the simulated customer open the conversation, and returns the
`act` observation: the domain policy as the system argument, the customer's first message. Each
step takes the agent's turn (tool calls, executed by tau2's environment, or text to the customer,
who answers through the configured user model); conversation.py has the turn rules. The step that
ends the episode carries tau2's evaluator reward (grading.py) as `reward` and `success`; the other
steps carry `reward` 0, as llmgym's τ-bench did.
"""

from __future__ import annotations

import asyncio
import functools
from typing import Any, ClassVar, List, Optional

from tau2.data_model.simulation import TerminationReason
from tau2.registry import registry

from bridge_env import (
    BridgeEnv,
    EnvironmentStateError,
    InvalidActionError,
    InvalidEnvironmentConfigError,
    action_text,
    action_tool_calls,
    assistant_message,
    observation,
    text_result,
    tool_result,
    user_message,
)

from .config import parse_config
from .conversation import AgentCall, Conversation, TurnResult
from .grading import Grade, grade
from .spec import FUNCTION_NAME, METRICS, function_spec, tool_specs
from .tasks import split_tasks
from .user import SimulatedUser


@functools.lru_cache(maxsize=None)
def _domain_description(domain: str) -> tuple:
    """(tool specs by name, policy text): the same for every episode of a domain."""
    environment = registry.get_env_constructor(domain)()
    return tool_specs([tool.openai_schema for tool in environment.get_tools()]), environment.get_policy()


class Tau2BenchEnv(BridgeEnv):
    """One domain of τ²-bench; subclasses set `name` and `domain`."""

    domain: ClassVar[str] = ""
    metrics = METRICS

    @classmethod
    def describe(cls, config: Optional[dict] = None) -> dict:
        settings = parse_config(config)
        tools, _ = _domain_description(cls.domain)
        return {"name": cls.name, "functions": function_spec(list(tools)), "metrics": METRICS, "tools": tools, "horizon": settings.horizon}

    def __init__(self, config: Optional[dict] = None, split: Optional[str] = None) -> None:
        super().__init__(config, split)
        self.settings = parse_config(config)
        # No split only happens when describing; any split will do then.
        self.split = split or "train"
        self.tasks = split_tasks(self.domain, self.split)
        self.num_tasks = len(self.tasks)
        self.api_key = self._user_api_key()
        self.conversation: Optional[Conversation] = None
        self.task_idx: Optional[int] = None
        self.messages: List[dict] = []
        self.done = False

    async def _reset(self, task_idx: Optional[int]) -> dict:
        task = self.tasks[task_idx]
        _, self.policy = _domain_description(self.domain)

        def start() -> tuple:
            environment = registry.get_env_constructor(self.domain)()
            user = SimulatedUser(task, self.settings.user_model, self.api_key)
            conversation = Conversation(environment, task, user, self.settings.horizon, self.settings.max_errors)
            return conversation, conversation.start()

        self.conversation, first = await asyncio.to_thread(start)
        self.task_idx = task_idx
        self.done = False
        self.messages = [_customer_message(first.content)]
        return {"observation": self._observation(), "info": self._info()}

    async def _step(self, action: Any) -> dict:
        conversation = self.conversation
        if conversation is None:
            raise EnvironmentStateError("step() called before reset()")
        if self.done:
            raise EnvironmentStateError("step() called after the episode ended; call reset() first")
        if not isinstance(action, list):
            raise InvalidActionError(f"{FUNCTION_NAME} is a chat function; expected text and tool_call blocks, got {type(action).__name__}")
        self.messages.append(assistant_message(action))
        if conversation.ended is not None:
            # the customer stopped in their very first message: nothing the agent says changes the outcome
            result = TurnResult(ended=conversation.ended)
        else:
            calls = [
                AgentCall(id=block.get("id") or f"call_{self.timestep}_{i}", name=str(block.get("name") or ""), arguments=block.get("arguments"))
                for i, block in enumerate(action_tool_calls(action))
            ]
            result = await asyncio.to_thread(conversation.agent_turn, action_text(action), calls)
            names = {call.id: call.name for call in calls}
            if result.tool_messages:
                self.messages.append(user_message(*(tool_result(m.id, names.get(m.id, ""), m.content or "") for m in result.tool_messages)))
            if result.user_reply is not None:
                self.messages.append(_customer_message(result.user_reply.content))
        info = self._info()
        if result.ended is None:
            self.add_feedback("reward", 0.0)
            return {"observation": self._observation(), "terminated": False, "truncated": False, "info": info}
        self.done = True
        outcome: Grade = await asyncio.to_thread(grade, self.domain, conversation.task, conversation.trajectory, result.ended)
        self.add_feedback("reward", outcome.reward)
        self.add_feedback("success", outcome.reward >= 1.0)
        info.update(terminationReason=result.ended.value, **outcome.info())
        return {
            "observation": self._observation(),
            "terminated": result.ended != TerminationReason.MAX_STEPS,
            "truncated": result.ended == TerminationReason.MAX_STEPS,
            "info": info,
        }

    def _close(self) -> None:
        self.conversation = None
        self.messages = []

    # -- helpers ---------------------------------------------------------------------------------

    def _user_api_key(self) -> str:
        model = self.settings.user_model
        key = model.api_key()
        if key is None:
            raise InvalidEnvironmentConfigError(
                f"env_config.user_model.api_key_env: the environment variable {model.api_key_env} is not set (the simulated user's key for {model.base_url})"
            )
        return key

    def _observation(self) -> dict:
        return observation(FUNCTION_NAME, self.messages, system=[text_result({"policy": self.policy})])

    def _info(self) -> dict:
        conversation = self.conversation
        return {
            "taskIdx": self.task_idx,
            "taskId": conversation.task.id if conversation else None,
            "domain": self.domain,
            "split": self.split,
            "agentTurns": conversation.agent_turns if conversation else 0,
            "toolErrors": conversation.num_errors if conversation else 0,
        }


def _customer_message(content: Optional[str]) -> dict:
    return user_message(text_result({"observation": content or ""}))

"""One τ² conversation driven turn by turn from outside: the agent's turns come from the bridge, the
customer's from the user simulator, tool results from tau2's environment.

It follows tau2's Orchestrator (tau2/orchestrator/orchestrator.py) without its agent loop:

* The trajectory opens with tau2's agent greeting ("Hi! How can I help you today?"), which the
  customer answers; the agent's observation starts at that answer (as llmgym's τ-bench did).
* An agent turn with tool calls goes to the environment (any text beside the calls stays in the
  trajectory, as tau2 does when it does not enforce its protocol); a turn with text only goes to
  the customer; an empty turn is tau2's AGENT_ERROR.
* The conversation ends when the customer's text holds a stop token (USER_STOP), when failed tool
  calls reach `max_errors` (TOO_MANY_ERRORS), or after `horizon` agent turns (MAX_STEPS: a last
  message to the customer is then not answered, as in tau2). Only USER_STOP can score above 0.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, List, Optional

from tau2.data_model.message import AssistantMessage, Message, ToolCall, ToolMessage, UserMessage
from tau2.data_model.simulation import TerminationReason
from tau2.data_model.tasks import Task
from tau2.environment.environment import Environment
from tau2.orchestrator.orchestrator import DEFAULT_FIRST_AGENT_MESSAGE

from .user import SimulatedUser


@dataclass
class AgentCall:
    id: str
    name: str
    arguments: Any


@dataclass
class TurnResult:
    """What the agent's turn produced: tool results, or the customer's reply (None when unanswered)."""

    tool_messages: List[ToolMessage] = field(default_factory=list)
    user_reply: Optional[UserMessage] = None
    ended: Optional[TerminationReason] = None


class Conversation:
    def __init__(self, environment: Environment, task: Task, user: SimulatedUser, horizon: int, max_errors: int) -> None:
        self.environment = environment
        self.task = task
        self.user = user
        self.horizon = horizon
        self.max_errors = max_errors
        self.trajectory: List[Message] = []
        self.agent_turns = 0
        self.num_errors = 0
        self.ended: Optional[TerminationReason] = None

    def start(self) -> UserMessage:
        """Sets up the task's initial state, greets the customer and returns the first request."""
        initial = self.task.initial_state
        if initial is not None and initial.message_history:
            raise ValueError(f"task {self.task.id} starts from a message history; airline and retail tasks never do")
        self.environment.set_state(
            initialization_data=initial.initialization_data if initial else None,
            initialization_actions=initial.initialization_actions if initial else None,
            message_history=[],
        )
        greeting = DEFAULT_FIRST_AGENT_MESSAGE.model_copy(deep=True)
        self.trajectory.append(greeting)
        first = self.user.reply(greeting)
        self.trajectory.append(first)
        if self.user.is_stop(first):
            self.ended = TerminationReason.USER_STOP
        return first

    def agent_turn(self, text: str, calls: List[AgentCall]) -> TurnResult:
        if self.ended is not None:
            raise RuntimeError("the conversation has ended")
        self.agent_turns += 1
        last_turn = self.agent_turns >= self.horizon
        if not calls and not text.strip():
            return self._end(TurnResult(), TerminationReason.AGENT_ERROR)
        if calls:
            tool_calls = [
                # tau2's ToolCall needs a mapping; anything else becomes {} and tau2 reports the missing arguments
                ToolCall(id=call.id, name=call.name, arguments=call.arguments if isinstance(call.arguments, dict) else {}, requestor="assistant")
                for call in calls
            ]
            self.trajectory.append(AssistantMessage(role="assistant", content=text or None, tool_calls=tool_calls))
            result = TurnResult(tool_messages=[self.environment.get_response(call) for call in tool_calls])
            self.trajectory.extend(result.tool_messages)
            self.num_errors += sum(1 for message in result.tool_messages if message.error)
            if self.num_errors >= self.max_errors:
                return self._end(result, TerminationReason.TOO_MANY_ERRORS)
            return self._end(result, TerminationReason.MAX_STEPS) if last_turn else result
        message = AssistantMessage(role="assistant", content=text)
        self.trajectory.append(message)
        if last_turn:
            return self._end(TurnResult(), TerminationReason.MAX_STEPS)
        reply = self.user.reply(message)
        self.trajectory.append(reply)
        result = TurnResult(user_reply=reply)
        return self._end(result, TerminationReason.USER_STOP) if self.user.is_stop(reply) else result

    def _end(self, result: TurnResult, reason: TerminationReason) -> TurnResult:
        self.ended = reason
        result.ended = reason
        return result

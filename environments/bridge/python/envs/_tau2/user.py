"""The simulated customer: tau2's UserSimulator (its prompt and stop tokens) on the config's OpenAI-compatible model."""

from __future__ import annotations

from tau2.data_model.message import AssistantMessage, UserMessage
from tau2.data_model.tasks import Task
from tau2.user.user_simulator import UserSimulator

from bridge_env import BridgeEnvError

from .config import UserModel


class UserModelError(BridgeEnvError):
    """The user simulator's model could not be reached or gave an unusable answer: the episode cannot go on."""


class SimulatedUser:
    """One customer for one episode; `reply` blocks on an HTTP call (run it off the event loop)."""

    def __init__(self, task: Task, model: UserModel, api_key: str) -> None:
        self.model = model
        self._api_key = api_key
        # airline and retail give the customer no tools of their own (telecom would)
        self.simulator = UserSimulator(
            tools=None,
            instructions=str(task.user_scenario),
            # litellm's "openai/" prefix: any OpenAI-compatible server at api_base
            llm=f"openai/{model.model}",
            llm_args={"api_base": model.base_url, "api_key": api_key, "temperature": model.temperature, "timeout": model.timeout_s},
        )
        self.state = self.simulator.get_init_state()

    def reply(self, agent_message: AssistantMessage) -> UserMessage:
        try:
            message, self.state = self.simulator.generate_next_message(agent_message, self.state)
        except Exception as exc:  # litellm raises its own hierarchy; all of them end the episode the same way
            raise UserModelError(f"{self._where()} failed: {self._redact(f'{type(exc).__name__}: {exc}')}") from None
        if message.is_tool_call():
            raise UserModelError(f"{self._where()} answered with a tool call; this domain gives the customer no tools")
        if not message.has_text_content():
            raise UserModelError(f"{self._where()} answered with an empty message")
        return message

    @staticmethod
    def is_stop(message: UserMessage) -> bool:
        """###STOP###, ###TRANSFER### or ###OUT-OF-SCOPE### anywhere in the customer's text."""
        return UserSimulator.is_stop(message)

    def _where(self) -> str:
        return f"the simulated user's model {self.model.model!r} at {self.model.base_url}"

    def _redact(self, text: str) -> str:
        # provider errors sometimes quote the key they were given
        return text.replace(self._api_key, "***") if len(self._api_key) >= 8 else text

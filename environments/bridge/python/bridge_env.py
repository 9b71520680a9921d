"""A small base class for the Python environments this project writes for the bridge.

An environment module lives in ``environments/bridge/python/envs/<module>.py`` (or is named in the
``AUTOPILOT_BENCH_BRIDGE_MODULES`` environment variable) and exposes::

    ENVIRONMENTS = {"my_env_v0": MyEnv}        # name -> factory

A factory is called as ``factory(config=<env_config dict>, split=<"train" | "test" | None>)``
(a factory whose signature lacks one of those keywords gets it left out; ``task_split`` is
accepted as a synonym of ``split``). It returns an environment object: a ``BridgeEnv`` subclass,
or anything with the same ``reset`` / ``step`` / ``close`` methods returning the JSON shapes
below. For ``describe`` (the static description, without making an instance) the server calls
``factory.describe(config)`` when the factory has it — ``BridgeEnv`` subclasses do — and
otherwise makes an instance with ``split=None`` and asks it.

Every shape is the TypeScript contract's JSON (environments/types.ts). Python code may write
the snake_case keys of llmgym (``function_name``, ``system_schema``, ``tools_available`` …);
the server converts them to the camelCase keys TypeScript expects. Content blocks carry a
``type`` tag: ``text``, ``tool_call``, ``tool_result``, ``text_result``, ``json`` — use the
helper functions below.

Subclass contract (sync or async methods both work; sync ones run on the server's event loop,
so they must be quick — use ``async`` and ``await asyncio.to_thread(...)`` for slow work)::

    class CounterEnv(BridgeEnv):
        functions = {"act": {"type": "chat", "tools_available": ["add"], "tool_choice": "auto"}}
        metrics = {"reward": {"type": "float", "optimize": "max", "level": "inference"},
                   "success": {"type": "boolean", "optimize": "max", "level": "episode"}}
        tools = {"add": {"description": "...", "parameters": {"type": "object", ...}}}
        horizon = 5

        def __init__(self, config=None, split=None):
            super().__init__(config, split)
            self.num_tasks = 10                    # tasks in the split; None = generative

        async def prepare(self):                   # optional: slow set-up (e.g. a download) that
            ...                                    # num_tasks depends on; awaited at make time

        def _reset(self, task_idx):                # task_idx is already validated / drawn
            return observation("act", [user_message(text_result("hello"))])   # or {"observation": ..., "info": {...}}

        def _step(self, action):                   # self.timestep was incremented before the call
            self.add_feedback("reward", 0.5)       # routed by the metric's level
            return {"observation": ..., "terminated": False, "info": {}}  # "truncated" defaults to timestep >= horizon

Raise ``InvalidActionError`` / ``EnvironmentStateError`` / ``InvalidTaskIndexError`` /
``InvalidEnvironmentConfigError`` (below) for the usual failures: the bridge reports the class
name, message and traceback to TypeScript, which fails that episode only.
"""

from __future__ import annotations

import inspect
import random
from typing import Any, ClassVar, Dict, List, Optional, Union

JSON = Dict[str, Any]

__all__ = [
    "BridgeEnv",
    "BridgeEnvError",
    "InvalidActionError",
    "EnvironmentStateError",
    "InvalidTaskIndexError",
    "InvalidEnvironmentConfigError",
    "text",
    "tool_call",
    "tool_result",
    "text_result",
    "json_output",
    "user_message",
    "assistant_message",
    "observation",
    "action_text",
    "action_tool_calls",
    "action_json",
    "maybe_await",
    "string_fields_schema",
]


# ---- errors ---------------------------------------------------------------------------------


class BridgeEnvError(Exception):
    """Base class of the errors environments raise on purpose."""


class InvalidActionError(BridgeEnvError):
    """The action does not have the form the function needs."""


class EnvironmentStateError(BridgeEnvError):
    """reset/step called out of order."""


class InvalidTaskIndexError(BridgeEnvError):
    """A task index outside [0, num_tasks)."""


class InvalidEnvironmentConfigError(BridgeEnvError):
    """A bad env_config key or value, or an unknown split."""


# ---- content blocks (the TypeScript contract's tagged JSON) --------------------------------


def text(content: str) -> JSON:
    """Agent text (chat functions)."""
    return {"type": "text", "content": content}


def tool_call(id: str, name: str, arguments: Optional[JSON] = None) -> JSON:
    return {"type": "tool_call", "id": id, "name": name, "arguments": dict(arguments or {})}


def tool_result(id: str, name: str, result: str) -> JSON:
    """A tool's output sent back to the agent; ``id`` echoes the call's id."""
    return {"type": "tool_result", "id": id, "name": name, "result": result}


def text_result(value: Union[str, JSON]) -> JSON:
    """Env -> agent text, or template arguments (a dict matching the role's schema)."""
    return {"type": "text_result", "value": value}


def json_output(content: Optional[JSON]) -> JSON:
    """Agent output of a json function (``content`` None when the model's output did not parse)."""
    return {"type": "json", "content": content}


def user_message(*blocks: JSON) -> JSON:
    return {"role": "user", "content": list(blocks)}


def assistant_message(action: Union[List[JSON], JSON]) -> JSON:
    """An assistant turn: the agent's action as received (a block list or one json block)."""
    return {"role": "assistant", "content": action}


def observation(function_name: str, messages: List[JSON], system: Optional[List[JSON]] = None) -> JSON:
    """The observation: the function to run now and its full message history."""
    return {"functionName": function_name, "system": system, "messages": list(messages)}


def action_text(action: Any) -> str:
    """The concatenated text blocks of a chat action ('' for json actions)."""
    if not isinstance(action, list):
        return ""
    return "".join(b.get("content", "") for b in action if isinstance(b, dict) and b.get("type") == "text")


def action_tool_calls(action: Any) -> List[JSON]:
    """The tool_call blocks of a chat action."""
    if not isinstance(action, list):
        return []
    return [b for b in action if isinstance(b, dict) and b.get("type") == "tool_call"]


def action_json(action: Any) -> Optional[JSON]:
    """The content of a json action, or None (not a json action, or unparsable output)."""
    if isinstance(action, dict) and action.get("type") == "json":
        content = action.get("content")
        return content if isinstance(content, dict) else None
    return None


def string_fields_schema(*names: str) -> JSON:
    """The JSON schema of template arguments that are all required strings (a role's schema)."""
    return {
        "type": "object",
        "properties": {name: {"type": "string"} for name in names},
        "required": list(names),
        "additionalProperties": False,
    }


async def maybe_await(value: Any) -> Any:
    return await value if inspect.isawaitable(value) else value


# ---- the base class ------------------------------------------------------------------------


class BridgeEnv:
    """llmgym-shaped environment: a static description plus reset/step/close.

    Class attributes hold the static description (override ``describe`` when it depends on
    the config). Instance state: ``config``, ``split``, ``num_tasks``, ``timestep``, ``rng``.
    """

    name: ClassVar[str] = ""
    functions: ClassVar[Dict[str, JSON]] = {}
    metrics: ClassVar[Dict[str, JSON]] = {}
    tools: ClassVar[Dict[str, JSON]] = {}
    horizon: ClassVar[int] = 1

    def __init__(self, config: Optional[JSON] = None, split: Optional[str] = None) -> None:
        self.config: JSON = dict(config or {})
        self.split = split
        self.num_tasks: Optional[int] = None
        self.timestep = 0
        self.rng = random.Random()
        self._feedback: JSON = {"inference": [], "episode": []}
        self._spec: Optional[JSON] = None

    # -- static description ---------------------------------------------------------------

    @classmethod
    def describe(cls, config: Optional[JSON] = None) -> JSON:
        """The EnvironmentSpec (snake_case or camelCase keys). May add ``num_tasks``."""
        return {
            "name": cls.name,
            "functions": cls.functions,
            "metrics": cls.metrics,
            "tools": cls.tools,
            "horizon": cls.horizon,
        }

    @property
    def spec(self) -> JSON:
        if self._spec is None:
            self._spec = type(self).describe(self.config)
        return self._spec

    # -- episode ----------------------------------------------------------------------------

    async def prepare(self) -> None:
        """Slow set-up the server awaits at make time, before it reports ``num_tasks``: an
        environment whose task list has to be fetched (a registry dataset) sets it here, so a
        seeded run plans over the real tasks instead of mistaking the split for a generated one."""
        return None

    async def reset(self, task_idx: Optional[int] = None) -> JSON:
        if task_idx is None and self.num_tasks is not None:
            if self.num_tasks <= 0:
                raise EnvironmentStateError(f"the {self.split!r} split has no tasks")
            task_idx = self.rng.randrange(self.num_tasks)
        if task_idx is not None and self.num_tasks is not None:
            if not isinstance(task_idx, int) or task_idx < 0 or task_idx >= self.num_tasks:
                raise InvalidTaskIndexError(
                    f"task index {task_idx} is out of range; the split has {self.num_tasks} tasks (0..{self.num_tasks - 1})"
                )
        self.timestep = 0
        self._feedback = {"inference": [], "episode": []}
        result = await maybe_await(self._reset(task_idx))
        if isinstance(result, dict) and "observation" in result:
            return {"observation": result["observation"], "info": result.get("info") or {}}
        return {"observation": result, "info": {}}

    async def step(self, action: Any) -> JSON:
        self.timestep += 1
        self._feedback = {"inference": [], "episode": []}
        result = await maybe_await(self._step(action))
        if not isinstance(result, dict) or "observation" not in result:
            raise TypeError(f"{type(self).__name__}._step must return a dict with 'observation', got {type(result).__name__}")
        feedback = self._feedback
        extra = result.get("feedback")
        if extra:
            feedback = {
                "inference": feedback["inference"] + list(extra.get("inference", [])),
                "episode": feedback["episode"] + list(extra.get("episode", [])),
            }
        self._feedback = {"inference": [], "episode": []}
        horizon = int(self.spec.get("horizon", type(self).horizon))
        return {
            "observation": result["observation"],
            "feedback": feedback,
            "terminated": bool(result.get("terminated", False)),
            "truncated": bool(result.get("truncated", self.timestep >= horizon)),
            "info": result.get("info") or {},
        }

    async def close(self) -> None:
        await maybe_await(self._close())

    def add_feedback(self, name: str, value: Union[float, bool, str], step: Optional[int] = None) -> None:
        """Records feedback for the current step; the metric's declared level routes it."""
        metric = (self.spec.get("metrics") or {}).get(name)
        if metric is None:
            raise KeyError(f"feedback for undeclared metric {name!r}")
        if metric.get("level") == "inference":
            self._feedback["inference"].append({"name": name, "step": self.timestep if step is None else step, "value": value})
        else:
            self._feedback["episode"].append({"name": name, "value": value})

    # -- to implement -----------------------------------------------------------------------

    def _reset(self, task_idx: Optional[int]) -> Any:
        raise NotImplementedError

    def _step(self, action: Any) -> Any:
        raise NotImplementedError

    def _close(self) -> Any:
        return None

"""Serves llmgym environments (``import llmgym``; pinned upstream at commit
16ac7c5c98daf56fce9defd90f8b9e5db586a981) through the bridge: llmgym's Pydantic types are
converted to the TypeScript contract's tagged JSON and back (shared/reference/llmgym-envs.md §4).

Written against llmgym's public surface (``make``, ``registered_envs``, ``llmgym.types``) and
duck-typed where the exact field lists are not established: blocks are recognised by class
name, configs by attribute name.
"""

from __future__ import annotations

import asyncio
import inspect
import logging
from typing import Any, Dict, List, Optional, Tuple

from bridge_json import JSON, json_schema_of, to_jsonable

log = logging.getLogger("bridge.llmgym")

# The harness passes the split as `split` to Harbor and as `task_split` to every other env.
HARBOR_PREFIX = "harbor"

_BLOCK_TAGS = {
    "TextContentBlock": "text",
    "ToolCallContentBlock": "tool_call",
    "ToolResultContentBlock": "tool_result",
    "TextResultContentBlock": "text_result",
    "JsonInferenceOutput": "json",
    "ImageContentBlock": "image",
    "AudioContentBlock": "audio",
    "AudioResultContentBlock": "audio_result",
    "ThoughtContentBlock": "thought",
}


def split_key(name: str) -> str:
    return "split" if name.startswith(HARBOR_PREFIX) else "task_split"


def _items(container: Any) -> List[Tuple[str, Any]]:
    """(name, config) pairs of llmgym's dict-like FunctionConfigs / MetricConfigs / ToolConfigs."""
    if container is None:
        return []
    if hasattr(container, "items") and callable(container.items):
        return [(str(k), v) for k, v in container.items()]
    root = getattr(container, "root", None)  # Pydantic RootModel
    if isinstance(root, dict):
        return [(str(k), v) for k, v in root.items()]
    if hasattr(container, "keys") and callable(container.keys):
        return [(str(k), container[k]) for k in container.keys()]
    return [(str(k), v) for k, v in vars(container).items() if not k.startswith("_")]


def _enum_value(value: Any) -> Any:
    return to_jsonable(value) if value is not None else None


def _get(obj: Any, name: str, default: Any = None) -> Any:
    if isinstance(obj, dict):
        return obj.get(name, default)
    return getattr(obj, name, default)


# ---- static description --------------------------------------------------------------------


def function_to_json(fn: Any) -> JSON:
    ftype = str(_enum_value(_get(fn, "type")) or "chat").lower()
    out: JSON = {
        "type": "json" if ftype == "json" else "chat",
        "systemSchema": json_schema_of(_get(fn, "system_schema")),
        "userSchema": json_schema_of(_get(fn, "user_schema")),
        "assistantSchema": json_schema_of(_get(fn, "assistant_schema")),
        "exampleSystemTemplate": _template(_get(fn, "example_system_template")),
        "exampleUserTemplate": _template(_get(fn, "example_user_template")),
        "exampleAssistantTemplate": _template(_get(fn, "example_assistant_template")),
    }
    if out["type"] == "json":
        out["outputSchema"] = json_schema_of(_get(fn, "output_schema"))
    else:
        tools = _get(fn, "tools_available")
        if tools is not None:
            out["toolsAvailable"] = [str(t) for t in tools]
        choice = _enum_value(_get(fn, "tool_choice"))
        if choice is not None:
            choice = str(choice).lower()
            out["toolChoice"] = {"any": "required"}.get(choice, choice) if choice in ("auto", "required", "none", "any") else "auto"
        parallel = _get(fn, "parallel_tools")
        if parallel is not None:
            out["parallelTools"] = bool(parallel)
    return out


def _template(value: Any) -> Optional[str]:
    if value is None:
        return None
    return value if isinstance(value, str) else str(value)


def metric_to_json(metric: Any) -> Optional[JSON]:
    """Our MetricSpec, or None for llmgym's comment/demonstration metrics (no TS equivalent)."""
    mtype = str(_enum_value(_get(metric, "type")) or "").lower()
    if mtype not in ("boolean", "float"):
        return None
    return {
        "type": mtype,
        "optimize": str(_enum_value(_get(metric, "optimize")) or "max").lower(),
        "level": str(_enum_value(_get(metric, "level")) or "episode").lower(),
    }


def tool_to_json(name: str, tool: Any) -> JSON:
    params = _get(tool, "parameters")
    if params is not None and not isinstance(params, dict):
        dump = getattr(params, "model_dump", None)
        params = dump(mode="json", by_alias=True, exclude_none=True) if callable(dump) else to_jsonable(params)
    return {
        "name": str(_get(tool, "name") or name),
        "description": str(_get(tool, "description") or ""),
        "parameters": to_jsonable(params) if params is not None else {"type": "object", "properties": {}, "required": []},
    }


def spec_of(name: str, env: Any) -> Tuple[JSON, List[str]]:
    """The EnvironmentSpec of a live llmgym env, and the metric names left out of it."""
    metrics: JSON = {}
    skipped: List[str] = []
    for mname, m in _items(_get(env, "metrics")):
        converted = metric_to_json(m)
        if converted is None:
            skipped.append(mname)
        else:
            metrics[mname] = converted
    spec = {
        "name": name,
        "functions": {fname: function_to_json(f) for fname, f in _items(_get(env, "functions"))},
        "metrics": metrics,
        "tools": {tname: tool_to_json(tname, t) for tname, t in _items(_get(env, "tools"))},
        "horizon": int(_get(env, "horizon") or 1),
    }
    return spec, skipped


# ---- blocks, observations, feedback --------------------------------------------------------


def block_to_json(block: Any) -> JSON:
    if isinstance(block, dict) and "type" in block:
        return to_jsonable(block)
    if isinstance(block, str):
        return {"type": "text_result", "value": block}
    cls = type(block).__name__
    tag = _BLOCK_TAGS.get(cls)
    if tag == "text":
        return {"type": "text", "content": str(_get(block, "content") or "")}
    if tag == "tool_call":
        args = _get(block, "arguments")
        return {"type": "tool_call", "id": str(_get(block, "id") or ""), "name": str(_get(block, "name") or ""), "arguments": to_jsonable(args) if isinstance(args, dict) else {}}
    if tag == "tool_result":
        return {"type": "tool_result", "id": str(_get(block, "id") or ""), "name": str(_get(block, "name") or ""), "result": str(_get(block, "result") or "")}
    if tag == "text_result":
        value = _get(block, "value")
        return {"type": "text_result", "value": value if isinstance(value, str) else to_jsonable(value)}
    if tag == "json":
        content = _get(block, "content")
        return {"type": "json", "content": to_jsonable(content) if isinstance(content, dict) else None}
    dumped = to_jsonable(block)
    payload = dumped if isinstance(dumped, dict) else {"value": dumped}
    return {**payload, "type": tag or cls}


def content_to_json(content: Any) -> Any:
    """A message's content: a block list, or one json block (an assistant's json action)."""
    if isinstance(content, (list, tuple)):
        return [block_to_json(b) for b in content]
    if isinstance(content, str):
        return [{"type": "text_result", "value": content}]
    return block_to_json(content)


def observation_to_json(obs: Any) -> JSON:
    system = _get(obs, "system")
    return {
        "functionName": str(_get(obs, "function_name")),
        "system": None if system is None else [block_to_json(b) for b in system],
        "messages": [
            {"role": str(_enum_value(_get(m, "role"))), "content": content_to_json(_get(m, "content"))}
            for m in (_get(obs, "messages") or [])
        ],
    }


def feedback_to_json(feedback: Any, skipped: List[str]) -> JSON:
    def value(v: Any) -> Any:
        v = to_jsonable(v)
        return v if isinstance(v, (bool, int, float, str)) else str(v)

    inference = [
        {"name": str(_get(i, "name")), "step": int(_get(i, "step") or 0), "value": value(_get(i, "value"))}
        for i in (_get(feedback, "inference") or [])
        if str(_get(i, "name")) not in skipped
    ]
    episode = [
        {"name": str(_get(e, "name")), "value": value(_get(e, "value"))}
        for e in (_get(feedback, "episode") or [])
        if str(_get(e, "name")) not in skipped
    ]
    return {"inference": inference, "episode": episode}


def action_from_json(action: Any) -> Any:
    """Our Action JSON -> llmgym's Action (a list of content blocks, or JsonInferenceOutput)."""
    from llmgym import types as lt  # type: ignore[import-not-found]

    if isinstance(action, dict):
        if action.get("type") != "json":
            raise ValueError(f"an action is a list of blocks or one json block, got a {action.get('type')!r} block")
        content = action.get("content")
        try:
            return lt.JsonInferenceOutput(content=content)
        except Exception:  # noqa: BLE001 - content None (unparsable output) may fail validation
            return lt.JsonInferenceOutput(content=content if isinstance(content, dict) else {})
    if not isinstance(action, list):
        raise ValueError(f"an action is a list of blocks or one json block, got {type(action).__name__}")
    blocks = []
    for b in action:
        kind = b.get("type") if isinstance(b, dict) else None
        if kind == "text":
            blocks.append(lt.TextContentBlock(content=str(b.get("content", ""))))
        elif kind == "tool_call":
            blocks.append(lt.ToolCallContentBlock(id=str(b.get("id", "")), name=b.get("name"), arguments=dict(b.get("arguments") or {})))
        else:
            raise ValueError(f"unsupported action block type {kind!r} (expected 'text' or 'tool_call')")
    return blocks


# ---- the adapter -------------------------------------------------------------------------


class Llmgym:
    """The imported llmgym package (import errors kept to report)."""

    def __init__(self) -> None:
        self.module: Any = None
        self.error: Optional[str] = None
        self._tried = False
        self._semaphores: Dict[Tuple[str, int], asyncio.Semaphore] = {}

    def load(self) -> bool:
        if not self._tried:
            self._tried = True
            try:
                import llmgym  # type: ignore[import-not-found]

                self.module = llmgym
            except BaseException as exc:  # noqa: BLE001 - SystemExit from a broken install, too
                if isinstance(exc, KeyboardInterrupt):
                    raise
                self.error = f"{type(exc).__name__}: {exc}"
                log.info("llmgym is not available: %s", self.error)
        return self.module is not None

    def names(self) -> List[str]:
        if not self.load():
            return []
        try:
            registered = self.module.registered_envs()
        except Exception as exc:  # noqa: BLE001
            log.warning("llmgym.registered_envs() failed: %s", exc)
            return []
        return sorted(str(n) for n in (registered.keys() if isinstance(registered, dict) else registered))

    def semaphore(self, name: str, limit: Optional[int]) -> Optional[asyncio.Semaphore]:
        if not limit:
            return None
        key = (name, int(limit))
        if key not in self._semaphores:
            self._semaphores[key] = asyncio.Semaphore(int(limit))
        return self._semaphores[key]

    async def make(self, name: str, config: JSON, split: Optional[str], concurrency: Optional[int] = None) -> "LlmgymEnv":
        cfg = dict(config or {})
        key = split_key(name)
        if split is not None:
            cfg[key] = split
        semaphore = self.semaphore(name, concurrency)
        try:
            env = await _call_make(self.module, name, cfg, semaphore)
        except TypeError:
            # Like the original harness: an env without splits rejects `task_split`; retry without it.
            if split is None or key != "task_split":
                raise
            cfg.pop(key, None)
            env = await _call_make(self.module, name, cfg, semaphore)
        return LlmgymEnv(name, env)


async def _call_make(module: Any, name: str, cfg: JSON, semaphore: Optional[asyncio.Semaphore]) -> Any:
    kwargs: JSON = {"config": cfg}
    if semaphore is not None:
        kwargs["semaphore"] = semaphore
    env = module.make(name, **kwargs)
    return await env if inspect.isawaitable(env) else env


class LlmgymEnv:
    """One llmgym env instance behind the bridge's reset/step/close."""

    def __init__(self, name: str, env: Any) -> None:
        self.name = name
        self.env = env
        self._spec, self._skipped = spec_of(name, env)

    @property
    def spec(self) -> JSON:
        return self._spec

    @property
    def num_tasks(self) -> Optional[int]:
        n = _get(self.env, "num_tasks")
        return None if n is None else int(n)

    async def reset(self, task_idx: Optional[int] = None) -> JSON:
        data = await self.env.reset(task_idx=task_idx)
        return {"observation": observation_to_json(_get(data, "observation")), "info": to_jsonable(_get(data, "info") or {})}

    async def step(self, action: Any) -> JSON:
        data = await self.env.step(action_from_json(action))
        return {
            "observation": observation_to_json(_get(data, "observation")),
            "feedback": feedback_to_json(_get(data, "feedback"), self._skipped),
            "terminated": bool(_get(data, "terminated")),
            "truncated": bool(_get(data, "truncated")),
            "info": to_jsonable(_get(data, "info") or {}),
        }

    async def close(self) -> None:
        # Harbor (and any env holding an async session): await the session's cleanup on this
        # loop. Its synchronous close() runs the cleanup on a fresh loop in another thread, which
        # breaks loop-bound SDK clients and can leak sandboxes (reference §3.6).
        for attr in ("_session", "session", "_harbor_session"):
            session = getattr(self.env, attr, None)
            cleanup = getattr(session, "cleanup", None) if session is not None else None
            if cleanup is not None and inspect.iscoroutinefunction(cleanup):
                try:
                    await cleanup()
                finally:
                    try:
                        setattr(self.env, attr, None)
                    except Exception:  # noqa: BLE001
                        pass
                return
        close = getattr(self.env, "close", None)
        if callable(close):
            result = close()
            if inspect.isawaitable(result):
                await result

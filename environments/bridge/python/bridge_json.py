"""JSON conversion shared by the bridge server and the llmgym adapter: anything an environment
returns (Pydantic models, enums, numpy scalars, dataclasses) becomes plain JSON, and the
snake_case keys Python code likes become the camelCase keys of the TypeScript contract."""

from __future__ import annotations

import dataclasses
import enum
import json
import math
from typing import Any, Dict, List, Optional

JSON = Dict[str, Any]


def to_jsonable(obj: Any, _depth: int = 0) -> Any:
    """Plain JSON data: Pydantic models dumped in JSON mode, enums by value, numpy scalars and
    arrays as numbers and lists, non-finite floats as None, anything else as its string."""
    if _depth > 200:
        return str(obj)
    if isinstance(obj, enum.Enum):  # before str: llmgym's enums are str subclasses
        return to_jsonable(obj.value, _depth + 1)
    if obj is None or isinstance(obj, bool):
        return obj
    if isinstance(obj, str):
        return str(obj)
    if isinstance(obj, int):
        return int(obj)
    if isinstance(obj, float):
        return float(obj) if math.isfinite(obj) else None
    if isinstance(obj, dict):
        return {str(k): to_jsonable(v, _depth + 1) for k, v in obj.items()}
    if isinstance(obj, (list, tuple, set, frozenset)):
        return [to_jsonable(v, _depth + 1) for v in obj]
    if isinstance(obj, type):
        schema = json_schema_of(obj)
        return schema if schema is not None else obj.__name__
    dump = getattr(obj, "model_dump", None)
    if callable(dump):
        try:
            return to_jsonable(dump(mode="json"), _depth + 1)
        except Exception:  # noqa: BLE001 - fall through to other conversions
            try:
                return to_jsonable(dump(), _depth + 1)
            except Exception:  # noqa: BLE001
                pass
    if dataclasses.is_dataclass(obj):
        return to_jsonable(dataclasses.asdict(obj), _depth + 1)
    tolist = getattr(obj, "tolist", None)  # numpy arrays and scalars
    if callable(tolist):
        try:
            return to_jsonable(tolist(), _depth + 1)
        except Exception:  # noqa: BLE001
            pass
    item = getattr(obj, "item", None)
    if callable(item):
        try:
            return to_jsonable(item(), _depth + 1)
        except Exception:  # noqa: BLE001
            pass
    return str(obj)


def json_schema_of(value: Any) -> Optional[JSON]:
    """A JSON Schema from a Pydantic model class, a dict schema, or None."""
    if value is None:
        return None
    if isinstance(value, dict):
        return to_jsonable(value)
    for attr in ("model_json_schema", "schema"):  # Pydantic v2, then v1
        method = getattr(value, attr, None)
        if callable(method):
            try:
                schema = method()
                if isinstance(schema, dict):
                    return to_jsonable(schema)
            except Exception:  # noqa: BLE001
                continue
    return None


def dumps(obj: Any) -> str:
    """One JSON line (no NaN/Infinity, which JSON.parse rejects)."""
    return json.dumps(to_jsonable(obj), ensure_ascii=False, separators=(",", ":"), allow_nan=False)


# ---- the TypeScript contract's shapes --------------------------------------------------------

_FUNCTION_KEYS = {
    "type": "type",
    "system_schema": "systemSchema",
    "user_schema": "userSchema",
    "assistant_schema": "assistantSchema",
    "output_schema": "outputSchema",
    "example_system_template": "exampleSystemTemplate",
    "example_user_template": "exampleUserTemplate",
    "example_assistant_template": "exampleAssistantTemplate",
    "tools_available": "toolsAvailable",
    "tool_choice": "toolChoice",
    "parallel_tools": "parallelTools",
}
_FUNCTION_CAMEL = set(_FUNCTION_KEYS.values())
_SCHEMA_KEYS = {"systemSchema", "userSchema", "assistantSchema", "outputSchema"}
_TOOL_CHOICES = {"auto": "auto", "required": "required", "none": "none", "any": "required"}


class SpecError(ValueError):
    """An environment's static description does not fit the contract."""


def normalise_function(name: str, fn: Any) -> JSON:
    if not isinstance(fn, dict):
        raise SpecError(f"function {name!r}: expected a mapping, got {type(fn).__name__}")
    out: JSON = {}
    for key, value in fn.items():
        camel = _FUNCTION_KEYS.get(key, key if key in _FUNCTION_CAMEL else None)
        if camel is None:
            raise SpecError(f"function {name!r}: unknown key {key!r}")
        if camel in _SCHEMA_KEYS:
            out[camel] = json_schema_of(value)
        elif camel == "type":
            out[camel] = str(to_jsonable(value))
        elif camel == "toolChoice":
            if value is not None:
                choice = str(to_jsonable(value)).lower()
                if choice not in _TOOL_CHOICES:
                    raise SpecError(f"function {name!r}: unknown tool_choice {choice!r}")
                out[camel] = _TOOL_CHOICES[choice]
        elif camel == "toolsAvailable":
            if value is not None:
                out[camel] = [str(t) for t in value]
        elif camel == "parallelTools":
            if value is not None:
                out[camel] = bool(value)
        else:
            out[camel] = None if value is None else str(value)
    if out.get("type") not in ("chat", "json"):
        raise SpecError(f"function {name!r}: type must be 'chat' or 'json', got {out.get('type')!r}")
    return out


def normalise_metric(name: str, metric: Any) -> JSON:
    m = to_jsonable(metric)
    if not isinstance(m, dict):
        raise SpecError(f"metric {name!r}: expected a mapping")
    out = {"type": m.get("type"), "optimize": m.get("optimize"), "level": m.get("level")}
    if out["type"] not in ("boolean", "float") or out["optimize"] not in ("min", "max") or out["level"] not in ("inference", "episode"):
        raise SpecError(f"metric {name!r}: expected type boolean|float, optimize min|max, level inference|episode, got {out}")
    return out


def normalise_tool(name: str, tool: Any) -> JSON:
    t = to_jsonable(tool)
    if not isinstance(t, dict):
        raise SpecError(f"tool {name!r}: expected a mapping")
    parameters = t.get("parameters")
    if parameters is None:
        parameters = {"type": "object", "properties": {}, "required": []}
    return {"name": str(t.get("name") or name), "description": str(t.get("description") or ""), "parameters": parameters}


def normalise_spec(name: str, spec: Any) -> JSON:
    """The EnvironmentSpec JSON exactly as environments/types.ts declares it."""
    if not isinstance(spec, dict):
        raise SpecError(f"{name}: the description must be a mapping, got {type(spec).__name__}")
    functions = spec.get("functions") or {}
    if not functions:
        raise SpecError(f"{name}: the description declares no functions")
    out: JSON = {
        "name": name,  # the name it is registered under (a factory may serve several)
        "functions": {str(k): normalise_function(str(k), v) for k, v in functions.items()},
        "metrics": {str(k): normalise_metric(str(k), v) for k, v in (spec.get("metrics") or {}).items()},
        "tools": {str(k): normalise_tool(str(k), v) for k, v in (spec.get("tools") or {}).items()},
        "horizon": int(spec.get("horizon") or 1),
    }
    aux = spec.get("auxiliaryFunctions", spec.get("auxiliary_functions"))
    if aux:
        out["auxiliaryFunctions"] = {
            str(k): {**normalise_function(str(k), {kk: vv for kk, vv in v.items() if kk != "model"}), "model": str(v["model"])}
            for k, v in aux.items()
        }
    return out


def normalise_observation(obs: Any) -> JSON:
    o = to_jsonable(obs)
    if not isinstance(o, dict):
        raise SpecError(f"an observation must be a mapping, got {type(obs).__name__}")
    function_name = o.get("functionName", o.get("function_name"))
    if not isinstance(function_name, str):
        raise SpecError("an observation needs 'function_name' (or 'functionName')")
    messages = o.get("messages") or []
    for message in messages:
        if not isinstance(message, dict) or message.get("role") not in ("user", "assistant"):
            raise SpecError(f"an observation message needs role 'user' or 'assistant': {str(message)[:200]}")
    return {"functionName": function_name, "system": o.get("system"), "messages": messages}


def normalise_feedback(feedback: Any) -> JSON:
    f = to_jsonable(feedback) or {}
    inference: List[JSON] = [{"name": str(i["name"]), "step": int(i["step"]), "value": i["value"]} for i in f.get("inference") or []]
    episode: List[JSON] = [{"name": str(e["name"]), "value": e["value"]} for e in f.get("episode") or []]
    return {"inference": inference, "episode": episode}


def normalise_reset(data: Any) -> JSON:
    d = to_jsonable(data)
    if not isinstance(d, dict) or "observation" not in d:
        raise SpecError("reset must return {observation, info}")
    return {"observation": normalise_observation(d["observation"]), "info": d.get("info") or {}}


def normalise_step(data: Any) -> JSON:
    d = to_jsonable(data)
    if not isinstance(d, dict) or "observation" not in d:
        raise SpecError("step must return {observation, feedback, terminated, truncated, info}")
    return {
        "observation": normalise_observation(d["observation"]),
        "feedback": normalise_feedback(d.get("feedback")),
        "terminated": bool(d.get("terminated", False)),
        "truncated": bool(d.get("truncated", False)),
        "info": d.get("info") or {},
    }

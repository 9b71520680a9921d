"""The stand-in's read routes that TensorZero's engine (PyPI wheel) has no call for.

* `GET /internal/config`: the config files the engine loaded, merged and with every file-valued
  field carried inline as `{__tensorzero_remapped_path, __data}` (the gateway's snapshot shape).
  `hash` is our sha256 of that JSON, not TensorZero's snapshot hash (the engine does not expose it).
* `GET /internal/inferences`: the rows TensorZero's engine wrote to Postgres, newest first (by UUIDv7 id), each
  with its usage (summed over its model calls) and the latest value per metric from feedback on
  the inference or on its episode — the shape of the harness's client (gateway/wire.ts).
* `GET /internal/functions/{fn}/variant_sampling_probabilities`: an IMITATION. The adaptive
  (track-and-stop) state lives inside the engine and cannot be read from Python, so this answers
  from the config alone: static weights as written, adaptive experiments uniform over their
  candidates. The response says so in `stand_in_note` and the `x-stand-in-imitation` header.
"""

import glob
import hashlib
import json
import os
from datetime import date, datetime, time
from typing import Any, Callable

REMAPPED_PATH = "__tensorzero_remapped_path"
REMAPPED_DATA = "__data"

# Config fields whose value names a file (relative to the TOML file naming it), as TensorZero reads them.
VARIANT_FILE_FIELDS = ("system_template", "user_template", "assistant_template", "system_instructions")
FUNCTION_FILE_FIELDS = ("system_schema", "user_schema", "assistant_schema", "output_schema")

DEFAULT_LIMIT = 100
MAX_LIMIT = 1000
ADAPTIVE_TYPES = {"adaptive", "track_and_stop"}
IMITATION_NOTE = ("computed by the test stand-in from the config (static weights; adaptive experiments "
                  "uniform over their candidates), not read from TensorZero's sampler")


class BadQuery(ValueError):
    """A query parameter the route cannot use; the caller answers 400."""


def glob_base(config_glob: str) -> str:
    """The directory part of a glob before its first wildcard (where `__tensorzero_remapped_path` is relative to)."""
    head = []
    for part in config_glob.split(os.sep):
        if any(c in part for c in "*?["):
            break
        head.append(part)
    base = os.sep.join(head) or os.sep
    return base if os.path.isdir(base) else os.path.dirname(base)


def json_value(value: Any) -> Any:
    if isinstance(value, (datetime, date, time)):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not JSON")


class ConfigFiles:
    """The TOML files of a config glob, read the way the engine found them."""

    def __init__(self, config_glob: str, load_toml: Callable[[str], dict]):
        self.config_glob = config_glob
        self.base = glob_base(config_glob)
        self.load_toml = load_toml

    def files(self) -> list[str]:
        return sorted(glob.glob(self.config_glob, recursive=True)) if any(c in self.config_glob for c in "*?[") else [self.config_glob]

    def merged(self) -> dict:
        """Every file's tables merged (TensorZero refuses duplicate keys, so a plain deep merge is the same)."""
        merged: dict = {}
        for file in self.files():
            table = self.load_toml(file)
            self._inline_files(table, os.path.dirname(file))
            deep_merge(merged, table)
        return merged

    def snapshot(self) -> dict:
        config = self.merged()
        text = json.dumps(config, sort_keys=True, default=json_value)
        return {"config": json.loads(text), "hash": hashlib.sha256(text.encode()).hexdigest(), "extra_templates": {}, "tags": {}}

    def _inline(self, value: Any, toml_dir: str) -> Any:
        if not isinstance(value, str):
            return value
        absolute = os.path.normpath(os.path.join(toml_dir, value))
        with open(absolute, encoding="utf-8") as handle:
            return {REMAPPED_PATH: os.path.relpath(absolute, self.base), REMAPPED_DATA: handle.read()}

    def _inline_files(self, table: dict, toml_dir: str) -> None:
        for function in (table.get("functions") or {}).values():
            for key in FUNCTION_FILE_FIELDS:
                if key in function:
                    function[key] = self._inline(function[key], toml_dir)
            for schema in (function.get("schemas") or {}).values():
                if "path" in schema:
                    schema["path"] = self._inline(schema["path"], toml_dir)
            for variant in (function.get("variants") or {}).values():
                for step in (variant, variant.get("evaluator"), variant.get("fuser")):
                    if isinstance(step, dict):
                        self._inline_variant(step, toml_dir)
        for tool in (table.get("tools") or {}).values():
            if "parameters" in tool:
                tool["parameters"] = self._inline(tool["parameters"], toml_dir)

    def _inline_variant(self, variant: dict, toml_dir: str) -> None:
        for key in VARIANT_FILE_FIELDS:
            if key in variant:
                variant[key] = self._inline(variant[key], toml_dir)
        for template in (variant.get("templates") or {}).values():
            if "path" in template:
                template["path"] = self._inline(template["path"], toml_dir)
        wrappers = variant.get("input_wrappers") or {}
        for name in wrappers:
            wrappers[name] = self._inline(wrappers[name], toml_dir)


def deep_merge(into: dict, table: dict) -> None:
    for key, value in table.items():
        if isinstance(value, dict) and isinstance(into.get(key), dict):
            deep_merge(into[key], value)
        else:
            into[key] = value


def sampling_probabilities(function: dict) -> dict[str, float]:
    """The function's sampling distribution as its config states it (see the module note: an imitation for adaptive experiments)."""
    variants = list((function.get("variants") or {}).keys())
    experimentation = function.get("experimentation")
    if experimentation is None:
        weights = {name: v["weight"] for name, v in (function.get("variants") or {}).items() if "weight" in v}
        if not weights:
            return normalised({name: 1.0 for name in variants})
        return normalised({name: w for name, w in weights.items() if w > 0})
    candidates = experimentation.get("candidate_variants")
    fallbacks = experimentation.get("fallback_variants") or []
    if experimentation.get("type") in ADAPTIVE_TYPES:
        return normalised({name: 1.0 for name in candidates or []})
    if candidates is None:  # legacy `uniform` without candidates: every variant
        return normalised({name: 1.0 for name in variants})
    weights = candidates if isinstance(candidates, dict) else {name: 1.0 for name in candidates}
    positive = {name: float(w) for name, w in weights.items() if w > 0}
    return normalised(positive) if positive else ({fallbacks[0]: 1.0} if fallbacks else {})


def normalised(weights: dict[str, float]) -> dict[str, float]:
    total = sum(weights.values())
    return {name: w / total for name, w in weights.items()} if total > 0 else {}


def sql_text(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def one(query: dict, name: str) -> str | None:
    values = query.get(name)
    return values[0] if values else None


def count(query: dict, name: str, fallback: int) -> int:
    raw = one(query, name)
    if raw is None:
        return fallback
    if not raw.isdigit():
        raise BadQuery(f"{name} must be a non-negative integer, got {raw!r}")
    return int(raw)


def list_inferences_sql(query: dict) -> str:
    """SQL over TensorZero's Postgres tables answering `GET /internal/inferences` as one JSON document."""
    limit = count(query, "limit", DEFAULT_LIMIT)
    if limit > MAX_LIMIT:
        raise BadQuery(f"limit must be at most {MAX_LIMIT}")
    offset = count(query, "offset", 0)
    filters = ["TRUE"]
    for column in ("function_name", "variant_name"):
        value = one(query, column)
        if value is not None:
            filters.append(f"{column} = {sql_text(value)}")
    for name, operator in (("after", ">="), ("before", "<")):
        value = one(query, name)
        if value is not None:
            try:
                datetime.fromisoformat(value.replace("Z", "+00:00"))
            except ValueError:
                raise BadQuery(f"{name} must be an ISO 8601 timestamp, got {value!r}") from None
            filters.append(f"created_at {operator} {sql_text(value)}::timestamptz")
    kinds = " UNION ALL ".join(
        f"SELECT i.id, i.episode_id, i.function_name, i.variant_name, i.created_at, i.processing_time_ms, i.tags, d.input, d.output "
        f"FROM tensorzero.{kind}_inferences i JOIN tensorzero.{kind}_inference_data d ON d.id = i.id"
        for kind in ("chat", "json")
    )
    return f"""
WITH page AS (
  SELECT * FROM ({kinds}) stored WHERE {' AND '.join(filters)}
  ORDER BY id DESC LIMIT {limit} OFFSET {offset}
), feedback AS (
  SELECT DISTINCT ON (target_id, metric_name) target_id, metric_name, value FROM (
    SELECT target_id, metric_name, to_jsonb(value) AS value, created_at, id FROM tensorzero.boolean_metric_feedback
    UNION ALL
    SELECT target_id, metric_name, to_jsonb(value), created_at, id FROM tensorzero.float_metric_feedback
  ) f WHERE target_id IN (SELECT id FROM page UNION SELECT episode_id FROM page)
  ORDER BY target_id, metric_name, created_at DESC, id DESC
)
SELECT coalesce(json_agg(json_build_object(
  'inference_id', p.id, 'episode_id', p.episode_id, 'function_name', p.function_name, 'variant_name', p.variant_name,
  'input', p.input, 'output', p.output,
  'created_at', to_char(p.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
  'processing_time_ms', coalesce(p.processing_time_ms, 0), 'tags', p.tags,
  'usage', (SELECT json_build_object('input_tokens', coalesce(sum(m.input_tokens), 0), 'output_tokens', coalesce(sum(m.output_tokens), 0), 'cost', sum(m.cost))
            FROM tensorzero.model_inferences m WHERE m.inference_id = p.id),
  'finish_reason', (SELECT m.finish_reason FROM tensorzero.model_inferences m WHERE m.inference_id = p.id ORDER BY m.created_at DESC LIMIT 1),
  'feedback', (SELECT coalesce(jsonb_object_agg(f.metric_name, f.value), '{{}}'::jsonb) FROM feedback f WHERE f.target_id IN (p.id, p.episode_id))
) ORDER BY p.id DESC), '[]')
FROM page p;
"""

"""Drives TensorZero's embedded gateway (PyPI `tensorzero`) for the gateway contract suite.

The wheel has no `gateway` binary and its local HTTP server only serves the OpenAI-compatible
route, so the harness cannot reach TensorZero's native HTTP API with it. This driver calls the
same engine in-process instead: `TensorZeroGateway.build_embedded(config_file, postgres_url)`,
then `inference` / `feedback` with the harness's wire bodies (gateway/wire.ts), answering with
wire-shaped JSON.

Usage: driver.py --config-file '<dir>/**/*.toml'   (Postgres URL in TENSORZERO_POSTGRES_URL)
Protocol: JSON lines. First line out: {"ready": true, "version"} or {"ready": false, "error"}
(then exit 1). In: {"id", "op": "inference"|"feedback", "body"}. Out: {"id", "ok": true, "body"}
or {"id", "ok": false, "status": <HTTP status or null>, "message"}. EOF on stdin → exit 0.
The engine's own logs go to stderr; stdout carries only protocol lines.
"""

import argparse
import json
import os
import sys
from enum import Enum
from importlib import metadata
from typing import Any
from uuid import UUID

# The engine logs to fd 1; keep a private copy of stdout for the protocol and point fd 1 at stderr.
_protocol = os.fdopen(os.dup(1), "w", buffering=1)
os.dup2(2, 1)

from tensorzero import TensorZeroGateway  # noqa: E402  (after the fd swap, on purpose)
from tensorzero.types import TensorZeroError  # noqa: E402

INFERENCE_KEYS = (
    "function_name", "model_name", "episode_id", "input", "params", "variant_name", "dryrun", "tags",
    "tool_choice", "allowed_tools", "additional_tools", "parallel_tool_calls", "output_schema",
)
FEEDBACK_KEYS = ("metric_name", "value", "inference_id", "episode_id", "tags", "dryrun")


def send(message: dict) -> None:
    _protocol.write(json.dumps(message) + "\n")


def plain(value: Any) -> Any:
    """Dataclasses, UUIDs and enums of the client → JSON values, wire field names kept."""
    if isinstance(value, UUID):
        return str(value)
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if hasattr(value, "__dataclass_fields__"):
        return {k: plain(getattr(value, k)) for k in value.__dataclass_fields__}
    return value


def content_block(block: Any) -> dict:
    if block.type == "tool_call":
        return {"type": "tool_call", "id": block.id, "raw_name": block.raw_name, "raw_arguments": block.raw_arguments,
                "name": block.name, "arguments": block.arguments}
    if block.type == "text":
        return {"type": "text", "text": block.text}
    return plain(block)


def inference_body(response: Any) -> dict:
    body = {
        "inference_id": str(response.inference_id),
        "episode_id": str(response.episode_id),
        "variant_name": response.variant_name,
        "usage": {"input_tokens": response.usage.input_tokens, "output_tokens": response.usage.output_tokens, "cost": response.usage.cost},
        "finish_reason": plain(response.finish_reason),
    }
    if hasattr(response, "content"):
        body["content"] = [content_block(b) for b in response.content]
    else:
        body["output"] = {"raw": response.output.raw, "parsed": response.output.parsed}
    return body


def handle(gateway: TensorZeroGateway, op: str, body: dict) -> dict:
    if op == "inference":
        if body.get("stream"):
            raise ValueError("streaming is not supported by the contract driver")
        kwargs = {k: body[k] for k in INFERENCE_KEYS if k in body}
        return inference_body(gateway.inference(**kwargs))
    if op == "feedback":
        kwargs = {k: body[k] for k in FEEDBACK_KEYS if k in body}
        return {"feedback_id": str(gateway.feedback(**kwargs).feedback_id)}
    raise ValueError(f"unknown op {op!r}")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--config-file", required=True)
    args = parser.parse_args()
    try:
        gateway = TensorZeroGateway.build_embedded(config_file=args.config_file, postgres_url=os.environ.get("TENSORZERO_POSTGRES_URL"))
    except Exception as err:  # noqa: BLE001 — any start failure is reported the same way
        send({"ready": False, "error": f"{type(err).__name__}: {err}"})
        return 1
    send({"ready": True, "version": metadata.version("tensorzero")})
    for line in sys.stdin:
        if not line.strip():
            continue
        request = json.loads(line)
        try:
            send({"id": request["id"], "ok": True, "body": handle(gateway, request["op"], request.get("body") or {})})
        except TensorZeroError as err:
            send({"id": request["id"], "ok": False, "status": err.status_code, "message": err.text or str(err)})
        except Exception as err:  # noqa: BLE001 — reported to the caller, the driver keeps serving
            send({"id": request["id"], "ok": False, "status": None, "message": f"{type(err).__name__}: {err}"})
    gateway.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())

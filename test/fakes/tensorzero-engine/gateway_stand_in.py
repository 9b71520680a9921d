"""TEST STAND-IN for TensorZero's `gateway` binary: a thin HTTP front on TensorZero's engine.

The `gateway` binary cannot be installed here; the closest real thing is the engine inside the
PyPI `tensorzero` wheel (a pyo3 extension with no native HTTP API). This program serves the
part of TensorZero's HTTP API the harness uses on top of `TensorZeroGateway.build_embedded`,
so the harness can drive TensorZero's engine exactly as it drives a gateway binary
(gateway/process.ts, gateway/client.ts). It is a stand-in for tests, not TensorZero's gateway.

Process contract (as the binary's): `--config-file <path-or-glob>`; bind address from
`--bind-address` or `TENSORZERO_GATEWAY_BIND_ADDRESS` (not both; default 0.0.0.0:3000; port 0
picks one); Postgres from `TENSORZERO_POSTGRES_URL`; the listener is bound only after the engine
loaded the config, so a config error exits 1 before `/health` ever answers. SIGTERM/SIGINT stop
it gracefully. `--run-postgres-migrations` is handled by the launcher (`gateway-stand-in`).

Routes and where the answer comes from:
* POST /inference, POST /feedback: TensorZero's engine (validation, templates, routing,
  experimentation, provider calls, Postgres writes); its errors keep TensorZero's status code.
* GET /health, GET /status: this front (`/health` pings Postgres with psql when configured).
* GET /internal/functions/{fn}/variant_performances: the engine offers no such call, so this
  front computes it from the rows TensorZero stored in Postgres, following reference
  tensorzero.md §1.5 (latest feedback per target; episode metrics one point per variant and
  episode; stdev and ci_error omitted below two points). The SQL is ours, not TensorZero's.
  Functions and variants are the engine's (`experimental_get_config()`); metric types and levels
  are read from the config's TOML files, because the engine's config object does not expose them.
* GET /internal/config, GET /internal/inferences, and an IMITATION of
  GET /internal/functions/{fn}/variant_sampling_probabilities (from the config, marked as such):
  this front, see internal_reads.py.
Not served: `config_hash` in `/status` (the engine does not expose TensorZero's hash), streaming,
and every other route (404).
"""

import argparse
import json
import math
import os
import signal
import socket
import subprocess
import sys
import threading
import tomllib
from enum import Enum
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib import metadata
from typing import Any
import urllib.error
import urllib.request
from urllib.parse import parse_qs, unquote, urlparse
from uuid import UUID

from tensorzero import TensorZeroGateway
from tensorzero.types import TensorZeroError

from internal_reads import IMITATION_NOTE, BadQuery, ConfigFiles, list_inferences_sql, sampling_probabilities

# Request fields the engine's client takes; anything else is a 400, as TensorZero's
# `deny_unknown_fields` makes it (streaming is not offered by this front).
INFERENCE_KEYS = {
    "function_name", "model_name", "episode_id", "input", "params", "variant_name", "dryrun", "tags",
    "tool_choice", "allowed_tools", "additional_tools", "parallel_tool_calls", "output_schema",
    "cache_options", "credentials", "extra_body", "extra_headers", "include_raw_response", "internal",
    "internal_dynamic_variant_config",
}
FEEDBACK_KEYS = {"metric_name", "value", "inference_id", "episode_id", "tags", "dryrun", "internal"}
TIME_WINDOWS = {"minute", "hour", "day", "week", "month", "cumulative"}
HEALTH_SERVICES = ("gateway", "clickhouse", "postgres", "valkey", "valkey_cache")


class HttpError(Exception):
    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status


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


def only_known(body: dict, known: set, route: str) -> dict:
    unknown = sorted(set(body) - known)
    if body.get("stream"):
        raise HttpError(400, f"{route}: `stream` is not supported by this stand-in")
    if unknown:
        raise HttpError(400, f"{route}: unknown field(s) {', '.join(unknown)}")
    return body


def libpq_env(url: str) -> dict:
    """libpq variables for a postgres:// URL, so the password never reaches a command line."""
    parsed = urlparse(url)
    env = {}
    if parsed.hostname:
        env["PGHOST"] = parsed.hostname
    if parsed.port:
        env["PGPORT"] = str(parsed.port)
    if parsed.username:
        env["PGUSER"] = unquote(parsed.username)
    if parsed.password:
        env["PGPASSWORD"] = unquote(parsed.password)
    if parsed.path.strip("/"):
        env["PGDATABASE"] = unquote(parsed.path.strip("/"))
    return env


def psql(url: str, sql: str) -> str:
    done = subprocess.run(
        [os.environ.get("PSQL", "psql"), "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1"],
        input=sql, capture_output=True, text=True, env={**os.environ, **libpq_env(url)}, timeout=30,
    )
    if done.returncode != 0:
        raise HttpError(500, f"Postgres query failed: {done.stderr.strip()[-500:]}")
    return done.stdout.strip()


def quote(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def variant_performances_sql(function_name: str, function_type: str, metric: str, metric_type: str, level: str, window: str, variant: str | None) -> str:
    table = "tensorzero.json_inferences" if function_type == "json" else "tensorzero.chat_inferences"
    feedback_table = "tensorzero.boolean_metric_feedback" if metric_type == "boolean" else "tensorzero.float_metric_feedback"
    value = "(value::int)::float8" if metric_type == "boolean" else "value::float8"
    period = "timestamp '1970-01-01'" if window == "cumulative" else f"date_trunc('{window}', i.created_at AT TIME ZONE 'UTC')"
    join = "i.id = l.target_id" if level == "inference" else "i.episode_id = l.target_id"
    target = "i.id" if level == "inference" else "i.episode_id"
    variant_filter = f"AND i.variant_name = {quote(variant)}" if variant else ""
    return f"""
WITH latest AS (
  SELECT DISTINCT ON (target_id) target_id, {value} AS v FROM {feedback_table}
  WHERE metric_name = {quote(metric)} ORDER BY target_id, created_at DESC, id DESC
), points AS (
  SELECT DISTINCT {period} AS period_start, i.variant_name, {target} AS target, l.v
  FROM latest l JOIN {table} i ON {join}
  WHERE i.function_name = {quote(function_name)} {variant_filter}
)
SELECT coalesce(json_agg(json_build_object(
  'period_start', to_char(period_start, 'YYYY-MM-DD"T"HH24:MI:SS"Z"'), 'variant_name', variant_name,
  'count', n, 'avg_metric', a, 'stdev', s) ORDER BY period_start, variant_name), '[]')
FROM (SELECT period_start, variant_name, count(*) AS n, avg(v) AS a, stddev_samp(v) AS s FROM points GROUP BY 1, 2) rows;
"""


def load_toml(file: str) -> dict:
    with open(file, "rb") as handle:
        return tomllib.load(handle)


class StandIn:
    def __init__(self, gateway: TensorZeroGateway, postgres_url: str | None, version: str, config_glob: str):
        self.gateway = gateway
        self.postgres_url = postgres_url
        self.version = version
        self.functions = gateway.experimental_get_config().functions
        # The files as the engine loaded them at start (edits reach the engine only by a restart).
        self.config = ConfigFiles(config_glob, load_toml).snapshot()
        self.metrics = self.config["config"].get("metrics") or {}

    def function(self, name: str) -> Any:
        try:
            return self.functions[name]
        except KeyError:
            raise HttpError(404, f"Unknown function: {name}") from None

    def health(self) -> tuple[int, dict]:
        body = {name: "ok" for name in HEALTH_SERVICES}
        if self.postgres_url:
            try:
                psql(self.postgres_url, "SELECT 1;")
            except HttpError:
                body["postgres"] = "error"
                return 503, body
        return 200, body

    def variant_performances(self, function_name: str, query: dict) -> dict:
        function = self.function(function_name)
        metric = (query.get("metric_name") or [None])[0]
        window = (query.get("time_window") or [None])[0]
        variant = (query.get("variant_name") or [None])[0]
        if metric is None or window is None:
            raise HttpError(400, "metric_name and time_window are required")
        if metric not in self.metrics:
            raise HttpError(404, f"Unknown metric: {metric}")
        if window not in TIME_WINDOWS:
            raise HttpError(400, f"Unknown time_window: {window}")
        if variant is not None:
            try:
                function.variants[variant]
            except KeyError:
                raise HttpError(404, f"Unknown variant: {variant}") from None
        if not self.postgres_url:
            raise HttpError(500, "variant_performances needs TENSORZERO_POSTGRES_URL")
        config = self.metrics[metric]
        function_type = "json" if "json" in str(function.type).lower() else "chat"
        sql = variant_performances_sql(function_name, function_type, metric, config.get("type", "float"), config.get("level", "inference"), window, variant)
        rows = json.loads(psql(self.postgres_url, sql) or "[]")
        for row in rows:
            stdev = row.pop("stdev")
            if row["count"] >= 2 and stdev is not None:
                row["stdev"] = stdev
                row["ci_error"] = 1.96 * stdev / math.sqrt(row["count"])
        return {"performances": rows}

    def list_inferences(self, query: dict) -> dict:
        if not self.postgres_url:
            raise HttpError(500, "/internal/inferences needs TENSORZERO_POSTGRES_URL")
        try:
            sql = list_inferences_sql(query)
        except BadQuery as err:
            raise HttpError(400, str(err)) from None
        return {"inferences": json.loads(psql(self.postgres_url, sql) or "[]")}

    def variant_sampling_probabilities(self, function_name: str) -> dict:
        self.function(function_name)
        function = (self.config["config"].get("functions") or {}).get(function_name) or {}
        return {"probabilities": sampling_probabilities(function), "stand_in_note": IMITATION_NOTE}


def make_handler(stand_in: StandIn):
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 — BaseHTTPRequestHandler's signature
            sys.stderr.write("stand-in: %s\n" % (format % args))

        def reply(self, status: int, body: Any) -> None:
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("content-type", "application/json")
            if isinstance(body, dict) and "stand_in_note" in body:
                self.send_header("x-stand-in-imitation", "true")
            self.send_header("content-length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def read_body(self) -> bytes:
            return self.rfile.read(int(self.headers.get("content-length") or 0))

        def forward_to_autopilot(self, method: str, upstream_path: str, query: str) -> tuple[int, Any]:
            """The gateway's Autopilot proxy, reduced to what the harness uses: JSON in, JSON out, bearer key added."""
            key = os.environ.get("TENSORZERO_AUTOPILOT_API_KEY")
            if not key:
                raise HttpError(501, "Autopilot is not configured: set TENSORZERO_AUTOPILOT_API_KEY")
            origin = urlparse(os.environ.get("TENSORZERO_AUTOPILOT_BASE_URL") or "https://api.autopilot.tensorzero.com")
            upstream_path = upstream_path.replace("/actions/approve_all", "/actions/approve-all")
            raw = self.read_body() if method == "POST" else b""
            data = None
            if method == "POST":
                body = json.loads(raw or b"{}")
                if not isinstance(body, dict):
                    raise HttpError(400, "request body must be a JSON object")
                body.setdefault("tensorzero_version", stand_in.version)
                data = json.dumps(body).encode()
            target = f"{origin.scheme}://{origin.netloc}{upstream_path}" + (f"?{query}" if query else "")
            request = urllib.request.Request(target, data=data, method=method, headers={"authorization": f"Bearer {key}", "content-type": "application/json"})
            try:
                with urllib.request.urlopen(request, timeout=60) as response:
                    return response.status, json.loads(response.read() or b"null")
            except urllib.error.HTTPError as err:
                text = err.read().decode(errors="replace")
                try:
                    parsed = json.loads(text)
                except json.JSONDecodeError:
                    parsed = None
                return err.code, parsed if isinstance(parsed, dict) and "error" in parsed else {"error": text}

        def route(self, method: str) -> tuple[int, Any]:
            url = urlparse(self.path)
            path = url.path.rstrip("/") or "/"
            if path.startswith("/internal/autopilot/v1/"):
                return self.forward_to_autopilot(method, path[len("/internal/autopilot"):], url.query)
            if method == "GET" and path == "/health":
                return stand_in.health()
            if method == "GET" and path == "/status":
                return 200, {"status": "ok", "version": stand_in.version}
            if method == "GET" and path == "/internal/config":
                return 200, stand_in.config
            if method == "GET" and path == "/internal/inferences":
                return 200, stand_in.list_inferences(parse_qs(url.query))
            parts = path.split("/")
            if method == "GET" and len(parts) == 5 and parts[1:3] == ["internal", "functions"] and parts[4] == "variant_performances":
                return 200, stand_in.variant_performances(unquote(parts[3]), parse_qs(url.query))
            if method == "GET" and len(parts) == 5 and parts[1:3] == ["internal", "functions"] and parts[4] == "variant_sampling_probabilities":
                return 200, stand_in.variant_sampling_probabilities(unquote(parts[3]))
            if method == "POST" and path in ("/inference", "/feedback"):
                length = int(self.headers.get("content-length") or 0)
                try:
                    body = json.loads(self.rfile.read(length) or b"{}")
                except json.JSONDecodeError as err:
                    raise HttpError(400, f"{path}: the body is not JSON: {err}") from err
                if not isinstance(body, dict):
                    raise HttpError(400, f"{path}: the body must be a JSON object")
                if path == "/inference":
                    return 200, inference_body(stand_in.gateway.inference(**only_known(body, INFERENCE_KEYS, path)))
                return 200, {"feedback_id": str(stand_in.gateway.feedback(**only_known(body, FEEDBACK_KEYS, path)).feedback_id)}
            self.read_body()  # keep the connection usable for the next request
            raise HttpError(404, f"Route not found: {method} {url.path}")

        def handle_method(self, method: str) -> None:
            try:
                status, body = self.route(method)
            except HttpError as err:
                status, body = err.status, {"error": str(err)}
            except TensorZeroError as err:
                status, body = err.status_code, engine_error_body(err)
            except TypeError as err:  # the client's own argument checks (wrong field types)
                status, body = 400, {"error": str(err)}
            except Exception as err:  # noqa: BLE001 — reported to the caller; the server keeps serving
                status, body = 500, {"error": f"{type(err).__name__}: {err}"}
            self.reply(status, body)

        def do_GET(self) -> None:  # noqa: N802 — http.server's naming
            self.handle_method("GET")

        def do_POST(self) -> None:  # noqa: N802
            self.handle_method("POST")

    return Handler


def engine_error_body(err: TensorZeroError) -> dict:
    try:
        parsed = json.loads(err.text or "")
        if isinstance(parsed, dict) and "error" in parsed:
            return parsed
    except json.JSONDecodeError:
        pass
    return {"error": err.text or str(err)}


def bind_address(args: argparse.Namespace) -> tuple[str, int]:
    from_env = os.environ.get("TENSORZERO_GATEWAY_BIND_ADDRESS")
    if args.bind_address and from_env:
        raise SystemExit("error: set the bind address with --bind-address or TENSORZERO_GATEWAY_BIND_ADDRESS, not both")
    address = args.bind_address or from_env or "0.0.0.0:3000"
    host, _, port = address.rpartition(":")
    if not host or not port.isdigit():
        raise SystemExit(f"error: bind address {address!r} is not host:port")
    return host.strip("[]"), int(port)


def main() -> int:
    parser = argparse.ArgumentParser(prog="gateway-stand-in", description=__doc__.split("\n\n")[0])
    parser.add_argument("--config-file", required=True)
    parser.add_argument("--bind-address")
    args = parser.parse_args()
    host, port = bind_address(args)
    postgres_url = os.environ.get("TENSORZERO_POSTGRES_URL")
    try:
        gateway = TensorZeroGateway.build_embedded(config_file=args.config_file, postgres_url=postgres_url)
        stand_in = StandIn(gateway, postgres_url, metadata.version("tensorzero"), args.config_file)
    except Exception as err:  # noqa: BLE001 — any start failure ends the process, as the binary's does
        print(f"error: TensorZero's engine did not start: {type(err).__name__}: {err}", file=sys.stderr)
        return 1
    server_class = type("StandInServer", (ThreadingHTTPServer,), {"address_family": socket.AF_INET6 if ":" in host else socket.AF_INET, "daemon_threads": True})
    server = server_class((host, port), make_handler(stand_in))
    bound = server.server_address
    print(f"TensorZero gateway stand-in (engine {stand_in.version}) is listening on {bound[0]}:{bound[1]}", flush=True)

    def stop(_signum: int, _frame: Any) -> None:
        threading.Thread(target=server.shutdown, daemon=True).start()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    server.serve_forever()
    server.server_close()
    gateway.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())

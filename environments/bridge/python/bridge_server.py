#!/usr/bin/env python3
"""The environment bridge's Python side: one long-lived process serving Python environments to
the TypeScript harness over JSON lines (stdlib only; Python >= 3.10).

Protocol (one JSON object per line; stdin = requests, stdout = responses, logs on stderr):

    request   {"id": <int>, "op": <op>, ...params}
    response  {"id": <int>, "ok": true, "result": <any>}
            | {"id": <int>, "ok": false, "error": {"type", "message", "traceback"}}

Every request runs as its own asyncio task, so answers may come out of order. Ops:

    list                                  -> [name, ...]
    describe  {name, config}              -> {spec, num_tasks}
    make      {name, config, split, concurrency?} -> {env_id, num_tasks, spec}
    reset     {env_id, task_idx?}         -> ResetData
    step      {env_id, action}            -> StepData
    close     {env_id}                    -> null (unknown ids are fine: close is idempotent)
    preflight {name?, modules?}           -> {missing_modules: [{module, error}], env_known, env_error}
    ping                                  -> {pid, python, executable}

`spec`, ResetData and StepData are exactly the JSON of environments/types.ts (camelCase keys,
content blocks tagged text / tool_call / tool_result / text_result / json).

Environments come from (first match wins): modules in envs/*.py and the files listed in
AUTOPILOT_BENCH_BRIDGE_MODULES (comma-separated paths), each exposing ENVIRONMENTS = {name:
factory} (see bridge_env.py); then llmgym's registry when `import llmgym` works. A module that
fails to import does not stop the others; its error is reported when one of its names is used.
The process exits when stdin closes, closing the environments still open.
"""

from __future__ import annotations

import ast
import asyncio
import importlib
import importlib.util
import inspect
import itertools
import json
import logging
import os
import sys
import threading
import traceback
from typing import Any, Callable, Dict, List, Optional, TextIO

HERE = os.path.dirname(os.path.abspath(__file__))
if HERE not in sys.path:
    sys.path.insert(0, HERE)

from bridge_env import maybe_await  # noqa: E402
from bridge_json import JSON, dumps, normalise_reset, normalise_spec, normalise_step, to_jsonable  # noqa: E402
from llmgym_adapter import Llmgym  # noqa: E402

log = logging.getLogger("bridge")

ENVS_DIR = os.path.join(HERE, "envs")
EXTRA_MODULES_VAR = "AUTOPILOT_BENCH_BRIDGE_MODULES"
SHUTDOWN_GRACE_SECONDS = 5.0


# ---- errors reported to TypeScript ---------------------------------------------------------


class BridgeError(Exception):
    """Errors of the bridge itself (as opposed to an environment's)."""


class UnknownEnvironmentError(BridgeError):
    pass


class UnknownEnvIdError(BridgeError):
    pass


class BridgeProtocolError(BridgeError):
    pass


# ---- the registry --------------------------------------------------------------------------


class ModuleFailure:
    def __init__(self, origin: str, exc: BaseException, names: List[str]) -> None:
        self.origin = origin
        self.error = f"{type(exc).__name__}: {exc}"
        self.traceback = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
        self.names = names  # the names the module registers, read from its source when possible


class Registry:
    """Project environments (envs/*.py and extra modules), then llmgym's."""

    def __init__(self, envs_dir: str, extra_modules: List[str]) -> None:
        self.envs_dir = envs_dir
        self.extra_modules = extra_modules
        self.project: Dict[str, Any] = {}
        self.origins: Dict[str, str] = {}
        self.failures: List[ModuleFailure] = []
        self.llmgym = Llmgym()
        self._loaded = False

    def load(self) -> None:
        if self._loaded:
            return
        self._loaded = True
        if os.path.isdir(self.envs_dir):
            for filename in sorted(os.listdir(self.envs_dir)):
                if filename.endswith(".py") and not filename.startswith("_"):
                    stem = filename[:-3]
                    self._load_module(f"envs/{filename}", os.path.join(self.envs_dir, filename), lambda s=stem: importlib.import_module(f"envs.{s}"))
        for i, path in enumerate(self.extra_modules):
            full = os.path.abspath(path)
            self._load_module(path, full, lambda p=full, n=i: _import_file(p, f"bridge_extra_{n}_{os.path.splitext(os.path.basename(p))[0]}"))

    def _load_module(self, origin: str, path: str, importer: Callable[[], Any]) -> None:
        try:
            module = importer()
            registered = getattr(module, "ENVIRONMENTS", None)
            if not isinstance(registered, dict):
                raise BridgeError(f"{origin} has no ENVIRONMENTS = {{name: factory}} mapping")
        except BaseException as exc:  # noqa: BLE001 - SystemExit from a module, too
            if isinstance(exc, KeyboardInterrupt):
                raise
            failure = ModuleFailure(origin, exc, _declared_names(path))
            self.failures.append(failure)
            log.warning("environment module %s failed to import: %s", origin, failure.error)
            return
        for name, factory in registered.items():
            if name in self.project:
                log.warning("%s registers %r again (already from %s); keeping the first", origin, name, self.origins[name])
                continue
            self.project[str(name)] = factory
            self.origins[str(name)] = origin
        log.info("loaded %s: %s", origin, ", ".join(sorted(registered)) or "(no environments)")

    def names(self) -> List[str]:
        self.load()
        return sorted(set(self.project) | set(self.llmgym.names()))

    def resolve(self, name: str) -> tuple:
        """("project", factory) or ("llmgym", adapter); UnknownEnvironmentError explains why not."""
        self.load()
        if name in self.project:
            return "project", self.project[name]
        owners = [f for f in self.failures if name in f.names]
        if self.llmgym.load() and name in self.llmgym.names():
            if owners:
                log.warning("%r: %s failed to import (%s); serving llmgym's %r instead", name, owners[0].origin, owners[0].error, name)
            return "llmgym", self.llmgym
        parts = [f"the bridge has no environment {name!r}"]
        if owners:
            parts.append("; " + "; ".join(f"{f.origin}, which registers it, failed to import: {f.error}" for f in owners))
        else:
            if self.failures:
                parts.append("; modules that failed to import: " + "; ".join(f"{f.origin} ({f.error})" for f in self.failures))
            if self.llmgym.error:
                parts.append(f"; llmgym is not importable ({self.llmgym.error})")
            known = sorted(set(self.project) | set(self.llmgym.names()))
            parts.append(f"; known: {', '.join(known) if known else '(none)'}")
        raise UnknownEnvironmentError("".join(parts))


def _import_file(path: str, module_name: str) -> Any:
    spec = importlib.util.spec_from_file_location(module_name, path)
    if spec is None or spec.loader is None:
        raise ImportError(f"cannot load {path}")
    module = importlib.util.module_from_spec(spec)
    sys.modules[module_name] = module
    try:
        spec.loader.exec_module(module)
    except BaseException:
        sys.modules.pop(module_name, None)
        raise
    return module


def _declared_names(path: str) -> List[str]:
    """String keys of a literal `ENVIRONMENTS = {...}` in a module's source (for error reports)."""
    try:
        with open(path, encoding="utf-8") as f:
            tree = ast.parse(f.read(), path)
    except Exception:  # noqa: BLE001
        return []
    names: List[str] = []
    for node in ast.walk(tree):
        target_value = None
        if isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == "ENVIRONMENTS" for t in node.targets):
            target_value = node.value
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name) and node.target.id == "ENVIRONMENTS":
            target_value = node.value
        if isinstance(target_value, ast.Dict):
            names += [k.value for k in target_value.keys if isinstance(k, ast.Constant) and isinstance(k.value, str)]
    return names


# ---- environment instances -----------------------------------------------------------------


def _call_with(fn: Callable[..., Any], **available: Any) -> Any:
    """Calls `fn` with those of `available` its signature takes (`task_split` = `split`)."""
    try:
        params = inspect.signature(fn).parameters
    except (TypeError, ValueError):
        return fn(**available)
    if any(p.kind == inspect.Parameter.VAR_KEYWORD for p in params.values()):
        return fn(**available)
    kwargs = {k: v for k, v in available.items() if k in params}
    if "split" in available and "split" not in params and "task_split" in params:
        kwargs["task_split"] = available["split"]
    return fn(**kwargs)


def _split_num_tasks(spec: JSON) -> Optional[int]:
    n = spec.pop("num_tasks", spec.pop("numTasks", None))
    return None if n is None else int(n)


class Instance:
    """A live environment: a project env object or an llmgym adapter env."""

    def __init__(self, name: str, env: Any, spec: JSON) -> None:
        self.name = name
        self.env = env
        self.spec = spec
        self.lock = asyncio.Lock()

    @property
    def num_tasks(self) -> Optional[int]:
        n = getattr(self.env, "num_tasks", None)
        return None if n is None else int(n)


async def _project_spec(name: str, factory: Any, env: Any, config: JSON) -> JSON:
    raw = getattr(env, "spec", None) if env is not None else None
    if callable(raw):
        raw = raw()
    if raw is None:
        describe = getattr(factory, "describe", None)
        if not callable(describe):
            raise BridgeError(f"{name}: neither the environment nor its factory gives a description (spec / describe)")
        raw = await maybe_await(_call_with(describe, config=config))
    raw = dict(to_jsonable(raw))
    raw.pop("num_tasks", None)
    raw.pop("numTasks", None)
    return normalise_spec(name, raw)


class Server:
    def __init__(self, registry: Registry, out: TextIO) -> None:
        self.registry = registry
        self.out = out
        self.instances: Dict[str, Instance] = {}
        self._ids = itertools.count(1)

    # -- wire ---------------------------------------------------------------------------------

    def send(self, message: JSON) -> None:
        try:
            line = dumps(message)
        except Exception as exc:  # noqa: BLE001 - never leave a request unanswered
            line = dumps({"id": message.get("id"), "ok": False, "error": _error_json(exc)})
        try:
            self.out.write(line + "\n")
            self.out.flush()
        except (BrokenPipeError, OSError, ValueError) as exc:  # the TypeScript side is gone
            log.debug("could not send a response: %s", exc)

    async def dispatch(self, request: Any) -> None:
        rid = request.get("id") if isinstance(request, dict) else None
        try:
            if not isinstance(request, dict) or not isinstance(request.get("op"), str):
                raise BridgeProtocolError("a request is {id, op, ...}")
            handler = getattr(self, f"op_{request['op']}", None)
            if handler is None:
                raise BridgeProtocolError(f"unknown op {request['op']!r}")
            result = await handler(request)
            self.send({"id": rid, "ok": True, "result": result})
        except asyncio.CancelledError:
            self.send({"id": rid, "ok": False, "error": {"type": "CancelledError", "message": "the bridge is shutting down", "traceback": ""}})
            raise
        except BaseException as exc:  # noqa: BLE001 - an env's SystemExit must not end the bridge
            if isinstance(exc, KeyboardInterrupt):
                raise
            log.debug("request %s (%s) failed: %s", rid, request.get("op") if isinstance(request, dict) else "?", exc)
            self.send({"id": rid, "ok": False, "error": _error_json(exc)})

    # -- ops ----------------------------------------------------------------------------------

    async def op_ping(self, _req: JSON) -> JSON:
        return {"pid": os.getpid(), "python": sys.version.split()[0], "executable": sys.executable}

    async def op_list(self, _req: JSON) -> List[str]:
        return self.registry.names()

    async def op_describe(self, req: JSON) -> JSON:
        name = _require_str(req, "name")
        config = _config(req)
        kind, source = self.registry.resolve(name)
        if kind == "llmgym":
            env = await source.make(name, config, None)
            try:
                return {"spec": normalise_spec(name, env.spec), "num_tasks": env.num_tasks}
            finally:
                await _close_quietly(env)
        describe = getattr(source, "describe", None)
        if callable(describe):
            raw = dict(to_jsonable(await maybe_await(_call_with(describe, config=config))))
            num_tasks = _split_num_tasks(raw)
            return {"spec": normalise_spec(name, raw), "num_tasks": num_tasks}
        env = await maybe_await(_call_with(source, config=config, split=None))
        try:
            return {"spec": await _project_spec(name, source, env, config), "num_tasks": Instance(name, env, {}).num_tasks}
        finally:
            await _close_quietly(env)

    async def op_make(self, req: JSON) -> JSON:
        name = _require_str(req, "name")
        config = _config(req)
        split = req.get("split")
        if split is not None and not isinstance(split, str):
            raise BridgeProtocolError("make: 'split' must be a string or null")
        kind, source = self.registry.resolve(name)
        if kind == "llmgym":
            env = await source.make(name, config, split, req.get("concurrency"))
            spec = normalise_spec(name, env.spec)
        else:
            env = await maybe_await(_call_with(source, config=config, split=split))
            try:
                prepare = getattr(env, "prepare", None)
                if callable(prepare):
                    await maybe_await(prepare())
                spec = await _project_spec(name, source, env, config)
            except BaseException:
                await _close_quietly(env)
                raise
        env_id = f"{name}#{next(self._ids)}"
        instance = Instance(name, env, spec)
        self.instances[env_id] = instance
        return {"env_id": env_id, "num_tasks": instance.num_tasks, "spec": spec}

    async def op_reset(self, req: JSON) -> JSON:
        instance = self._instance(req)
        task_idx = req.get("task_idx")
        if task_idx is not None and (not isinstance(task_idx, int) or isinstance(task_idx, bool)):
            raise BridgeProtocolError("reset: 'task_idx' must be an integer or null")
        async with instance.lock:
            return normalise_reset(await maybe_await(instance.env.reset(task_idx=task_idx)))

    async def op_step(self, req: JSON) -> JSON:
        instance = self._instance(req)
        if "action" not in req:
            raise BridgeProtocolError("step: 'action' is required")
        async with instance.lock:
            return normalise_step(await maybe_await(instance.env.step(req["action"])))

    async def op_close(self, req: JSON) -> None:
        env_id = _require_str(req, "env_id")
        instance = self.instances.pop(env_id, None)
        if instance is not None:
            close = getattr(instance.env, "close", None)
            if callable(close):
                await maybe_await(close())
        return None

    async def op_preflight(self, req: JSON) -> JSON:
        missing = []
        for module in req.get("modules") or []:
            try:
                importlib.import_module(str(module))
            except BaseException as exc:  # noqa: BLE001
                if isinstance(exc, KeyboardInterrupt):
                    raise
                missing.append({"module": str(module), "error": f"{type(exc).__name__}: {exc}"})
        env_known: Optional[bool] = None
        env_error: Optional[str] = None
        name = req.get("name")
        if isinstance(name, str):
            try:
                self.registry.resolve(name)
                env_known = True
            except UnknownEnvironmentError as exc:
                env_known, env_error = False, str(exc)
        return {"missing_modules": missing, "env_known": env_known, "env_error": env_error}

    # -- helpers ------------------------------------------------------------------------------

    def _instance(self, req: JSON) -> Instance:
        env_id = _require_str(req, "env_id")
        instance = self.instances.get(env_id)
        if instance is None:
            raise UnknownEnvIdError(f"no open environment {env_id!r} (closed, or made by an earlier bridge process)")
        return instance

    async def shutdown(self, timeout: float = 10.0) -> None:
        instances = list(self.instances.values())
        self.instances.clear()
        if instances:
            log.info("closing %d open environment(s)", len(instances))
            try:
                await asyncio.wait_for(asyncio.gather(*(_close_quietly(i.env) for i in instances)), timeout)
            except asyncio.TimeoutError:
                log.warning("closing the open environments took longer than %.0fs; exiting anyway", timeout)


async def _close_quietly(env: Any) -> None:
    close = getattr(env, "close", None)
    if not callable(close):
        return
    try:
        await maybe_await(close())
    except Exception as exc:  # noqa: BLE001
        log.warning("closing an environment failed: %s", exc)


def _require_str(req: JSON, key: str) -> str:
    value = req.get(key)
    if not isinstance(value, str) or not value:
        raise BridgeProtocolError(f"{req.get('op')}: {key!r} must be a non-empty string")
    return value


def _config(req: JSON) -> JSON:
    config = req.get("config")
    if config is None:
        return {}
    if not isinstance(config, dict):
        raise BridgeProtocolError(f"{req.get('op')}: 'config' must be an object")
    return config


def _error_json(exc: BaseException) -> JSON:
    return {
        "type": type(exc).__name__,
        "message": str(exc),
        "traceback": "".join(traceback.format_exception(type(exc), exc, exc.__traceback__)),
    }


# ---- main --------------------------------------------------------------------------------


def _protocol_stdout() -> TextIO:
    """Keeps the real stdout for protocol lines and points fd 1 / sys.stdout at stderr, so a
    library that prints cannot corrupt the protocol."""
    proto_fd = os.dup(1)
    os.dup2(2, 1)
    sys.stdout = sys.stderr
    return os.fdopen(proto_fd, "w", encoding="utf-8", newline="\n")


def _start_reader(loop: asyncio.AbstractEventLoop, queue: "asyncio.Queue[Optional[bytes]]") -> None:
    def read() -> None:
        try:
            for line in sys.stdin.buffer:
                loop.call_soon_threadsafe(queue.put_nowait, line)
        finally:
            loop.call_soon_threadsafe(queue.put_nowait, None)

    threading.Thread(target=read, name="bridge-stdin", daemon=True).start()


async def serve() -> None:
    out = _protocol_stdout()
    extra = [p.strip() for p in os.environ.get(EXTRA_MODULES_VAR, "").split(",") if p.strip()]
    server = Server(Registry(ENVS_DIR, extra), out)
    loop = asyncio.get_running_loop()
    queue: "asyncio.Queue[Optional[bytes]]" = asyncio.Queue()
    _start_reader(loop, queue)
    tasks: set = set()
    log.info("bridge ready (pid %d, Python %s)", os.getpid(), sys.version.split()[0])
    while True:
        line = await queue.get()
        if line is None:
            break
        if not line.strip():
            continue
        try:
            request = json.loads(line)
        except ValueError as exc:
            server.send({"id": None, "ok": False, "error": {"type": "BridgeProtocolError", "message": f"not a JSON line: {exc}", "traceback": ""}})
            continue
        task = asyncio.create_task(server.dispatch(request))
        tasks.add(task)
        task.add_done_callback(tasks.discard)
    log.info("stdin closed; shutting down")
    if tasks:  # let requests already read finish briefly (a piped script), then cancel the rest
        await asyncio.wait(list(tasks), timeout=SHUTDOWN_GRACE_SECONDS)
    for task in list(tasks):
        task.cancel()
    if tasks:
        await asyncio.gather(*tasks, return_exceptions=True)
    await server.shutdown()


def main() -> None:
    if sys.version_info < (3, 10):
        sys.stderr.write(f"bridge_server.py needs Python >= 3.10, this is {sys.version.split()[0]} ({sys.executable})\n")
        sys.exit(3)
    logging.basicConfig(
        stream=sys.stderr,
        level=os.environ.get("AUTOPILOT_BENCH_BRIDGE_LOG_LEVEL", "INFO").upper(),
        format="[bridge %(process)d] %(levelname)s %(name)s: %(message)s",
    )
    try:
        asyncio.run(serve())
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()

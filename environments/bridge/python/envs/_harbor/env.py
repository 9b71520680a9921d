"""A Harbor task as a step-by-step bridge episode, on the real `harbor` package.

Reset loads the split's task with Harbor's `Task`, creates its environment through Harbor's
`EnvironmentFactory` (a registered backend such as Docker, or a `module:Class` import path such as
our local sandbox) and starts it; the observation is the task's instruction. Each step takes the
agent's tool calls in order: `execute_command` runs one command through `environment.exec` and
returns exit code and output; `think` / `plan` change nothing; `submit_solution` ends the episode.
The episode also ends when `horizon` actions are spent (truncated). Either way the task is then
graded by Harbor's own `Verifier` (tests/ uploaded to /tests, tests/test.sh run, reward read from
/logs/verifier/reward.json or reward.txt) and the environment is stopped and deleted.
"""

from __future__ import annotations

import asyncio
import logging
import shutil
import tempfile
from pathlib import Path
from typing import Any, ClassVar, List, Optional

from harbor.environments.factory import EnvironmentFactory
from harbor.models.environment_type import EnvironmentType
from harbor.models.task.task import Task
from harbor.models.trial.paths import TrialPaths
from harbor.verifier.verifier import Verifier

from bridge_env import (
    BridgeEnv,
    EnvironmentStateError,
    InvalidActionError,
    InvalidEnvironmentConfigError,
    action_tool_calls,
    assistant_message,
    observation,
    text_result,
    tool_result,
    user_message,
)

from .config import LOCAL_SANDBOX, LOCAL_SANDBOX_IMPORT_PATH, HarborConfig, parse_config
from .spec import FUNCTION_NAME, METRICS, TOOLS, function_spec
from .tasks import dataset_tasks, local_tasks, split_tasks

log = logging.getLogger("bridge.harbor")

NO_TOOL_CALL = "No command was run: call execute_command to run a shell command, or submit_solution when the task is done."


class HarborTaskEnv(BridgeEnv):
    """Harbor tasks of one dataset; the named subclasses preset the dataset (`defaults`)."""

    defaults: ClassVar[dict] = {}
    metrics = METRICS

    @classmethod
    def describe(cls, config: Optional[dict] = None) -> dict:
        settings = parse_config(config, cls.defaults)
        return {"name": cls.name, "functions": function_spec(), "metrics": METRICS, "tools": TOOLS, "horizon": settings.horizon}

    def __init__(self, config: Optional[dict] = None, split: Optional[str] = None) -> None:
        super().__init__(config, split)
        self.settings: HarborConfig = parse_config(config, type(self).defaults)
        self.split = split or "train"
        self.tasks: Optional[List[Path]] = None
        self.task: Optional[Task] = None
        self.environment: Any = None
        self.trial_dir: Optional[Path] = None
        self.messages: List[dict] = []
        self.done = False
        if self.settings.dataset_path is not None:
            # local tasks are known now; a registry dataset is fetched by prepare()
            self._set_tasks(split_tasks(local_tasks(self.settings.dataset_path), self.split, self.settings.split_ratio))

    def _set_tasks(self, tasks: List[Path]) -> None:
        self.tasks = tasks
        self.num_tasks = len(tasks)

    async def prepare(self) -> None:
        # the bridge awaits this at make time: the run's task plan needs the split's size, and a
        # registry dataset only has one once Harbor has fetched it
        if self.tasks is None:
            self._set_tasks(split_tasks(await dataset_tasks(self.settings), self.split, self.settings.split_ratio))

    async def reset(self, task_idx: Optional[int] = None) -> dict:
        await self.prepare()  # for callers that skip the bridge's make
        return await super().reset(task_idx)

    async def _reset(self, task_idx: Optional[int]) -> dict:
        await self._teardown()
        task_dir = self.tasks[task_idx]
        task = await asyncio.to_thread(Task, task_dir)
        if task.has_steps:
            raise InvalidEnvironmentConfigError(f"task {task.name!r} ({task_dir}) is a multi-step Harbor task; only single-step tasks are supported")
        self.trial_dir = Path(tempfile.mkdtemp(prefix=f"harbor-{task_dir.name}-"))
        paths = TrialPaths(self.trial_dir)
        paths.mkdir()
        self.environment = self._create_environment(task, paths)
        self.task = task
        self.task_paths = paths
        self.task_idx = task_idx
        await self.environment.start(force_build=False)
        self.done = False
        self.messages = [user_message(text_result(task.instruction.strip()))]
        return {"observation": self._observation(), "info": self._info()}

    async def _step(self, action: Any) -> dict:
        if self.done:
            raise EnvironmentStateError("step() called after the episode ended; call reset() first")
        if self.environment is None:
            raise EnvironmentStateError("step() called before reset()")
        if not isinstance(action, list):
            raise InvalidActionError(f"{FUNCTION_NAME} is a chat function; expected text and tool_call blocks, got {type(action).__name__}")
        self.messages.append(assistant_message(action))
        calls = action_tool_calls(action)
        results = []
        submitted = False
        for i, call in enumerate(calls):
            call_id = call.get("id") or f"call_{self.timestep}_{i}"
            name = str(call.get("name") or "")
            if submitted:
                results.append(tool_result(call_id, name, "Not run: the solution was already submitted."))
                continue
            output, submitted = await self._tool(name, call.get("arguments") or {})
            results.append(tool_result(call_id, name, output))
        self.messages.append(user_message(*results) if results else user_message(text_result(NO_TOOL_CALL)))
        info = self._info()
        if not submitted and self.timestep < self.settings.horizon:
            return {"observation": self._observation(), "terminated": False, "truncated": False, "info": info}
        self.done = True
        rewards, error = await self._grade()
        reward = float(rewards.get("reward", 0.0)) if rewards else 0.0
        self.add_feedback("reward", reward)
        self.add_feedback("resolved", reward >= 1.0)
        info.update(submitted=submitted, rewards=rewards or {}, verifierError=error)
        await self._teardown()
        return {"observation": self._observation(), "terminated": submitted, "truncated": not submitted, "info": info}

    async def _close(self) -> None:
        await self._teardown()
        self.messages = []

    # -- tools -----------------------------------------------------------------------------------

    async def _tool(self, name: str, arguments: dict) -> tuple:
        """(text for the agent, whether the solution was submitted)."""
        if name == "submit_solution":
            return "Submitted; the task's tests will grade the environment.", True
        if name in ("think", "plan"):
            return "Noted.", False
        if name != "execute_command":
            return f"Error: unknown tool {name!r}; the tools are {', '.join(TOOLS)}.", False
        command = arguments.get("command")
        if not isinstance(command, str) or not command.strip():
            return "Error: execute_command needs a non-empty string argument 'command'.", False
        timeout = arguments.get("timeout")
        limit = self.settings.command_timeout_s
        timeout_s = min(float(timeout), limit) if isinstance(timeout, (int, float)) and not isinstance(timeout, bool) and timeout > 0 else limit
        try:
            result = await asyncio.wait_for(self.environment.exec(command, timeout_sec=int(max(1, timeout_s))), timeout_s + 10)
        except asyncio.TimeoutError:
            return f"exit code: 124 (killed after {timeout_s:g} s)", False
        return self._format_result(result.return_code, result.stdout or "", result.stderr or ""), False

    def _format_result(self, code: int, stdout: str, stderr: str) -> str:
        limit = self.settings.max_output_chars
        parts = [f"exit code: {code}"]
        for label, text in (("stdout", stdout), ("stderr", stderr)):
            if text:
                shown = text if len(text) <= limit else f"[{len(text) - limit} characters cut]\n" + text[-limit:]
                parts.append(f"{label}:\n{shown.rstrip()}")
        return "\n".join(parts)

    # -- grading and lifecycle -------------------------------------------------------------------

    async def _grade(self) -> tuple:
        """(rewards, error): Harbor's verifier; a verifier failure is reward 0 with its message."""
        task = self.task
        verifier = Verifier(task=task, trial_paths=self.task_paths, environment=self.environment, logger=log)
        try:
            with self.environment.with_default_user(task.config.verifier.user):
                result = await asyncio.wait_for(verifier.verify(), task.config.verifier.timeout_sec)
        except Exception as exc:  # noqa: BLE001 - the episode still ends, graded 0
            return None, f"{type(exc).__name__}: {exc}"
        return {k: float(v) for k, v in (result.rewards or {}).items()}, None

    def _create_environment(self, task: Task, paths: TrialPaths) -> Any:
        settings = self.settings
        common = dict(
            environment_dir=task.paths.environment_dir,
            environment_name=task.short_name,
            session_id=f"{task.short_name}__{paths.trial_dir.name}__env",
            trial_paths=paths,
            task_env_config=task.config.environment,
            logger=log,
            **settings.environment_kwargs,
        )
        if settings.environment_import_path is not None or settings.environment_type == LOCAL_SANDBOX:
            return EnvironmentFactory.create_environment_from_import_path(settings.environment_import_path or LOCAL_SANDBOX_IMPORT_PATH, **common)
        try:
            env_type = EnvironmentType(settings.environment_type)
        except ValueError:
            known = ", ".join(sorted([t.value for t in EnvironmentType] + [LOCAL_SANDBOX]))
            raise InvalidEnvironmentConfigError(f"env_config.environment_type: {settings.environment_type!r} is not a Harbor environment; known: {known}") from None
        return EnvironmentFactory.create_environment(type=env_type, **common)

    async def _teardown(self) -> None:
        environment, self.environment = self.environment, None
        if environment is not None:
            try:
                await environment.stop(delete=True)
            except Exception as exc:  # noqa: BLE001
                log.warning("stopping the Harbor environment failed: %s", exc)
        if self.trial_dir is not None:
            shutil.rmtree(self.trial_dir, ignore_errors=True)
            self.trial_dir = None

    def _observation(self) -> dict:
        workdir = (self.task.config.environment.workdir if self.task else None) or "/"
        return observation(FUNCTION_NAME, self.messages, system=[text_result({"workdir": workdir})])

    def _info(self) -> dict:
        return {
            "taskIdx": getattr(self, "task_idx", None),
            "taskName": self.task.name if self.task else None,
            "split": self.split,
            "numTasks": self.num_tasks,
            "steps": self.timestep,
        }


"""A container-free Harbor environment for machines without Docker (this project's CI, offline runs).

Harbor loads it by import path: ``harbor run --env envs._harbor.local_sandbox:LocalSandboxEnvironment``
(with ``environments/bridge/python`` on PYTHONPATH), or ``env_config.environment_type:
local_sandbox`` through the bridge.

What it is: a copy-on-write view of the host's own root filesystem. ``start`` launches a holder
process with ``unshare --mount --pid --fork`` (plus ``--net`` when the task's network policy is
"no network"): in that private mount namespace it mounts a tmpfs, an overlay of ``/`` onto it
(the host's ``/`` is the read-only lower layer, the tmpfs the upper), a fresh ``/proc`` for the
private PID namespace, ``/dev`` and an empty ``/tmp``. Every ``exec`` is ``nsenter`` into those
namespaces plus ``chroot`` into the overlay, as root.

What that isolates: files (every write, delete or rename lands in the tmpfs and vanishes with the
holder; the host's files are never modified), processes (a private PID namespace: the agent sees
only its own processes, and all of them die when the sandbox stops), and, for no-network tasks,
the network (a private network namespace with loopback only). What it does NOT isolate: it runs
as the host's root with all capabilities, so it is no security boundary against a hostile agent
(it can mount, load modules, or nsenter back out); it reads every host file (secrets included);
it shares the host's kernel, CPU and memory (no limits are applied); and it ignores the task's
image: tasks run on the host's userland (the task's ``docker_image`` / ``environment/Dockerfile``
is not built; the loose files of ``environment/`` are copied into ``workdir`` as Harbor does for
prebuilt images). Use it for trusted fixture tasks; use Harbor's Docker (or a cloud sandbox) for
real datasets. Needs Linux, root, ``unshare``/``nsenter``/``chroot`` (util-linux) and overlayfs.
"""

from __future__ import annotations

import asyncio
import os
import shlex
import shutil
import signal
import tempfile
from pathlib import Path
from typing import Optional

from harbor.environments.base import BaseEnvironment, ExecResult
from harbor.environments.capabilities import EnvironmentCapabilities
from harbor.models.trial.paths import EnvironmentPaths

TYPE_NAME = "local_sandbox"
# The holder mounts the overlay and then waits; its first line on stdout says the mounts are done.
_HOLDER_SCRIPT = r"""
set -eu
base="$1"
mount -t tmpfs -o size="$2" autopilot-sandbox "$base"
mkdir "$base/upper" "$base/work" "$base/root"
mount -t overlay overlay -o "lowerdir=/,upperdir=$base/upper,workdir=$base/work" "$base/root"
mount -t proc proc "$base/root/proc"
mount --rbind /dev "$base/root/dev"
mount -t tmpfs tmpfs "$base/root/tmp"
if [ -n "${3:-}" ]; then ip link set lo up 2>/dev/null || true; fi
echo ready
exec sleep infinity
"""
_START_TIMEOUT_S = 30.0
_OUTPUT_LIMIT = 1_000_000  # characters of stdout/stderr kept per exec


class LocalSandboxError(RuntimeError):
    """The sandbox could not be set up (not Linux, not root, no overlayfs, ...)."""


class LocalSandboxEnvironment(BaseEnvironment):
    """Harbor environment: the host's root as a private overlay (see the module docstring)."""

    @staticmethod
    def type() -> str:
        return TYPE_NAME

    @property
    def capabilities(self) -> EnvironmentCapabilities:
        return EnvironmentCapabilities(disable_internet=True, mounted=False)

    def _validate_definition(self) -> None:
        # No image is built, so no Dockerfile is required; the task directory must exist.
        if not Path(self.environment_dir).parent.is_dir():
            raise FileNotFoundError(f"task directory not found: {Path(self.environment_dir).parent}")

    # -- lifecycle ------------------------------------------------------------------------------

    async def start(self, force_build: bool) -> None:
        if os.name != "posix" or not Path("/proc/self/ns/mnt").exists():
            raise LocalSandboxError("the local sandbox needs Linux namespaces (/proc/self/ns/mnt)")
        if os.geteuid() != 0:
            raise LocalSandboxError("the local sandbox must run as root (it mounts an overlay in a private mount namespace)")
        for tool in ("unshare", "nsenter", "chroot"):
            if shutil.which(tool) is None:
                raise LocalSandboxError(f"the local sandbox needs `{tool}` (util-linux / coreutils) on the PATH")
        self._base = tempfile.mkdtemp(prefix="harbor-sandbox-")
        isolate_net = self._network_disabled
        flags = ["--mount", "--propagation", "private", "--pid", "--fork"] + (["--net"] if isolate_net else [])
        size = f"{max(256, int(self.task_env_config.storage_mb or 2048))}m"
        self._holder = await asyncio.create_subprocess_exec(
            "unshare", *flags, "--", "bash", "-c", _HOLDER_SCRIPT, "holder", self._base, size, "1" if isolate_net else "",
            stdin=asyncio.subprocess.DEVNULL, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
            start_new_session=True,
        )
        try:
            line = await asyncio.wait_for(self._holder.stdout.readline(), _START_TIMEOUT_S)
        except asyncio.TimeoutError:
            line = b""
        if line.strip() != b"ready":
            err = (await self._drain_holder_stderr()).strip()
            await self.stop(delete=True)
            raise LocalSandboxError(f"the local sandbox did not start: {err or 'no output'}")
        self._target_pid = self._namespace_pid()
        self._root = f"{self._base}/root"
        # Harbor's Docker compose files mount these; here they are plain directories of the overlay.
        paths = EnvironmentPaths()
        dirs = [paths.agent_dir, paths.verifier_dir, paths.artifacts_dir, self.task_env_config.workdir]
        await self.exec("mkdir -p " + " ".join(shlex.quote(str(d)) for d in dirs if d), cwd="/")
        await self._upload_environment_dir_after_start()

    async def stop(self, delete: bool) -> None:
        holder = getattr(self, "_holder", None)
        if holder is not None and holder.returncode is None:
            # The whole session: unshare and the namespace's init; the private PID namespace takes
            # every process the agent started with it, the mount namespace takes the overlay.
            try:
                os.killpg(holder.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            await holder.wait()
        base = getattr(self, "_base", None)
        if base:
            shutil.rmtree(base, ignore_errors=True)
            self._base = None

    # -- commands -------------------------------------------------------------------------------

    async def exec(
        self,
        command: str,
        cwd: Optional[str] = None,
        env: Optional[dict] = None,
        timeout_sec: Optional[int] = None,
        user: Optional[str | int] = None,
    ) -> ExecResult:
        workdir = cwd or self.task_env_config.workdir or "/"
        script = f"cd {shlex.quote(workdir)} && {command}"
        merged = self._merge_env(env) or {}
        who = self._resolve_user(user)
        inner = ["env", "-i", "HOME=/root", "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "LANG=C.UTF-8",
                 *(f"{k}={v}" for k, v in merged.items())]
        if who not in (None, "root", 0, "0"):
            inner += ["runuser", "-u", str(who), "--"]
        inner += ["bash", "-c", script]
        return await self._run_in_sandbox(inner, timeout_sec)

    async def upload_file(self, source_path, target_path: str) -> None:
        target = self._inside(target_path)
        await self._host_in_namespace(["mkdir", "-p", os.path.dirname(target)])
        await self._host_in_namespace(["cp", "-f", str(Path(source_path).resolve()), target])

    async def upload_dir(self, source_dir, target_dir: str) -> None:
        target = self._inside(target_dir)
        await self._host_in_namespace(["mkdir", "-p", target])
        await self._host_in_namespace(["cp", "-a", f"{Path(source_dir).resolve()}/.", target])

    async def download_file(self, source_path: str, target_path) -> None:
        Path(target_path).parent.mkdir(parents=True, exist_ok=True)
        await self._host_in_namespace(["cp", "-f", self._inside(source_path), str(Path(target_path).resolve())])

    async def download_dir(self, source_dir: str, target_dir) -> None:
        Path(target_dir).mkdir(parents=True, exist_ok=True)
        await self._host_in_namespace(["cp", "-a", f"{self._inside(source_dir)}/.", str(Path(target_dir).resolve())])

    # -- helpers --------------------------------------------------------------------------------

    def _inside(self, path: str) -> str:
        """A sandbox path as the holder's mount namespace sees it (absolute: nsenter resets the cwd)."""
        if not getattr(self, "_root", None):
            raise LocalSandboxError("the local sandbox is not started")
        return f"{self._root}/{str(path).lstrip('/')}"

    def _namespace_pid(self) -> int:
        """The host PID of the namespace's init (unshare's child), the process nsenter targets."""
        children = Path(f"/proc/{self._holder.pid}/task/{self._holder.pid}/children").read_text().split()
        if not children:
            raise LocalSandboxError("the local sandbox's holder process has no child")
        return int(children[0])

    def _nsenter(self) -> list:
        return ["nsenter", "-t", str(self._target_pid), "-m", "-p"] + (["-n"] if self._network_disabled else [])

    async def _run_in_sandbox(self, inner: list, timeout_sec: Optional[int]) -> ExecResult:
        return await _run([*self._nsenter(), "chroot", self._root, *inner], timeout_sec)

    async def _host_in_namespace(self, argv: list) -> None:
        """Runs a host program in the sandbox's mount namespace (sees both host paths and the overlay)."""
        result = await _run([*self._nsenter(), *argv], 120)
        if result.return_code != 0:
            raise LocalSandboxError(f"{' '.join(argv)} failed ({result.return_code}): {(result.stderr or '').strip()}")

    async def _drain_holder_stderr(self) -> str:
        try:
            data = await asyncio.wait_for(self._holder.stderr.read(4096), 2)
        except (asyncio.TimeoutError, AttributeError):
            return ""
        return data.decode(errors="replace")


async def _run(argv: list, timeout_sec: Optional[float]) -> ExecResult:
    process = await asyncio.create_subprocess_exec(
        *argv, stdin=asyncio.subprocess.DEVNULL, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE, start_new_session=True
    )
    try:
        stdout, stderr = await asyncio.wait_for(process.communicate(), timeout_sec)
    except asyncio.TimeoutError:
        try:
            os.killpg(process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        await process.wait()
        return ExecResult(stdout=None, stderr=f"command timed out after {timeout_sec} s", return_code=124)
    return ExecResult(
        stdout=stdout.decode(errors="replace")[:_OUTPUT_LIMIT],
        stderr=stderr.decode(errors="replace")[:_OUTPUT_LIMIT],
        return_code=process.returncode,
    )

"""The `env_config` of the Harbor environments, validated up front so a typo fails before any episode runs.

Where tasks come from (exactly one source; the named environments preset `dataset`):

* `dataset_path` — a local directory of Harbor tasks (each a directory with task.toml), or one task;
* `registry_path` — a local registry.json (Harbor's format); `dataset` names one of its datasets
  (`name` or `name@version`), optional when the file holds a single dataset;
* `dataset` alone — a dataset of Harbor's registry, downloaded by Harbor at make time (network).

Where tasks run: `environment_type` (one of Harbor's backends, e.g. `docker` — the default — or
`daytona`, `modal`; or `local_sandbox`, this project's container-free class) or
`environment_import_path` (`module:Class`, any Harbor environment class), with
`environment_kwargs` passed to its constructor (Harbor's `--ek`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Mapping, Optional

from bridge_env import InvalidEnvironmentConfigError

# environments/bridge/python/envs/_harbor/config.py -> the project's root
PROJECT_ROOT = Path(__file__).resolve().parents[5]
LOCAL_SANDBOX = "local_sandbox"
LOCAL_SANDBOX_IMPORT_PATH = "envs._harbor.local_sandbox:LocalSandboxEnvironment"
DEFAULT_HORIZON = 30
DEFAULT_COMMAND_TIMEOUT_S = 120.0
DEFAULT_OUTPUT_CHARS = 4000

CONFIG_KEYS = (
    "dataset",
    "dataset_path",
    "registry_path",
    "split_ratio",
    "environment_type",
    "environment_import_path",
    "environment_kwargs",
    "horizon",
    "command_timeout_s",
    "max_output_chars",
)


@dataclass(frozen=True)
class HarborConfig:
    dataset: Optional[str] = None
    dataset_path: Optional[Path] = None
    registry_path: Optional[Path] = None
    # share of the (sorted, seeded-shuffled) tasks in the train split; the rest is test
    split_ratio: float = 0.5
    environment_type: Optional[str] = "docker"
    environment_import_path: Optional[str] = None
    environment_kwargs: dict = field(default_factory=dict)
    # agent actions per episode; the episode is graded when it runs out
    horizon: int = DEFAULT_HORIZON
    # default and upper bound of one command's timeout
    command_timeout_s: float = DEFAULT_COMMAND_TIMEOUT_S
    # characters of a command's output shown to the agent (the tail is kept)
    max_output_chars: int = DEFAULT_OUTPUT_CHARS

    @property
    def source(self) -> str:
        """Where the tasks come from, for messages."""
        if self.dataset_path is not None:
            return f"dataset_path {self.dataset_path}"
        if self.registry_path is not None:
            return f"registry_path {self.registry_path}" + (f" (dataset {self.dataset})" if self.dataset else "")
        return f"Harbor's registry (dataset {self.dataset})"


def parse_config(raw: Optional[Mapping[str, Any]], defaults: Optional[Mapping[str, Any]] = None) -> HarborConfig:
    """Errors name the key path and value; the bridge prefixes them with the environment's name."""
    raw = {**dict(defaults or {}), **dict(raw or {})}
    unknown = sorted(set(raw) - set(CONFIG_KEYS))
    if unknown:
        raise InvalidEnvironmentConfigError(f"env_config.{unknown[0]}: unknown key; known keys: {', '.join(CONFIG_KEYS)}")
    dataset = _optional_str(raw, "dataset")
    dataset_path = _optional_path(raw, "dataset_path")
    registry_path = _optional_path(raw, "registry_path")
    if dataset_path is not None and registry_path is not None:
        raise InvalidEnvironmentConfigError("env_config: set one of dataset_path and registry_path, not both")
    if dataset_path is None and registry_path is None and dataset is None:
        raise InvalidEnvironmentConfigError(
            "env_config: no tasks: set dataset_path (a local directory of Harbor tasks), registry_path (a local registry.json) or dataset (a dataset of Harbor's registry, e.g. terminal-bench@2.0)"
        )
    for key, path in (("dataset_path", dataset_path), ("registry_path", registry_path)):
        if path is not None and not path.exists():
            raise InvalidEnvironmentConfigError(f"env_config.{key}: {str(path)!r} does not exist")
    import_path = _optional_str(raw, "environment_import_path")
    env_type = _optional_str(raw, "environment_type")
    if import_path is not None and ":" not in import_path:
        raise InvalidEnvironmentConfigError(f"env_config.environment_import_path: expected 'module:Class', got {import_path!r}")
    if import_path is None and env_type is None:
        env_type = "docker"
    if import_path is not None and env_type is not None:
        raise InvalidEnvironmentConfigError("env_config: set one of environment_type and environment_import_path, not both")
    kwargs = raw.get("environment_kwargs", {})
    if not isinstance(kwargs, Mapping):
        raise InvalidEnvironmentConfigError(f"env_config.environment_kwargs: expected a mapping, got {kwargs!r}")
    ratio = raw.get("split_ratio", 0.5)
    if isinstance(ratio, bool) or not isinstance(ratio, (int, float)) or not 0 < ratio < 1:
        raise InvalidEnvironmentConfigError(f"env_config.split_ratio: expected a number between 0 and 1 (exclusive), got {ratio!r}")
    return HarborConfig(
        dataset=dataset,
        dataset_path=dataset_path,
        registry_path=registry_path,
        split_ratio=float(ratio),
        environment_type=env_type,
        environment_import_path=import_path,
        environment_kwargs=dict(kwargs),
        horizon=_positive(raw, "horizon", DEFAULT_HORIZON, int),
        command_timeout_s=_positive(raw, "command_timeout_s", DEFAULT_COMMAND_TIMEOUT_S, float),
        max_output_chars=_positive(raw, "max_output_chars", DEFAULT_OUTPUT_CHARS, int),
    )


def _optional_str(raw: Mapping[str, Any], key: str) -> Optional[str]:
    value = raw.get(key)
    if value is None:
        return None
    if not isinstance(value, str) or not value.strip():
        raise InvalidEnvironmentConfigError(f"env_config.{key}: expected a non-empty string, got {value!r}")
    return value.strip()


def _optional_path(raw: Mapping[str, Any], key: str) -> Optional[Path]:
    """A relative path is taken from the project's root (so shipped configs work from any cwd)."""
    value = _optional_str(raw, key)
    if value is None:
        return None
    path = Path(value).expanduser()
    return (path if path.is_absolute() else PROJECT_ROOT / path).resolve()


def _positive(raw: Mapping[str, Any], key: str, default: Any, kind: type) -> Any:
    value = raw.get(key, default)
    ok = not isinstance(value, bool) and (isinstance(value, int) if kind is int else isinstance(value, (int, float)))
    if not ok or value <= 0:
        raise InvalidEnvironmentConfigError(f"env_config.{key}: expected a positive {'integer' if kind is int else 'number'}, got {value!r}")
    return kind(value)

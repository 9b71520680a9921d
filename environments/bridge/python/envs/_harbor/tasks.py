"""The task directories of a Harbor dataset and their train/test split.

Tasks come from a local directory, a local registry.json or Harbor's registry (config.py says
which); registry datasets are resolved and downloaded by Harbor's own registry client, into
Harbor's cache (~/.cache/harbor). The split: task directories sorted by name, shuffled with a
fixed seed, the first round(n × split_ratio) are train and the rest test — the same for every
process and machine, and no task is in both.
"""

from __future__ import annotations

import math
import random
from pathlib import Path
from typing import List

from bridge_env import InvalidEnvironmentConfigError

from .config import HarborConfig

SPLIT_SEED = "autopilot-benchmarks/harbor-split"


def is_task_dir(path: Path) -> bool:
    return (path / "task.toml").is_file() and (path / "instruction.md").is_file()


def local_tasks(root: Path) -> List[Path]:
    """One task (root has task.toml) or the task directories directly under root."""
    if is_task_dir(root):
        return [root]
    if not root.is_dir():
        raise InvalidEnvironmentConfigError(f"env_config.dataset_path: {str(root)!r} is not a directory")
    tasks = sorted(p for p in root.iterdir() if p.is_dir() and is_task_dir(p))
    if not tasks:
        raise InvalidEnvironmentConfigError(f"env_config.dataset_path: {str(root)!r} holds no Harbor task (a directory with task.toml and instruction.md)")
    return tasks


async def dataset_tasks(config: HarborConfig) -> List[Path]:
    """All task directories of the configured dataset (downloads registry datasets through Harbor)."""
    if config.dataset_path is not None:
        return local_tasks(config.dataset_path)
    from harbor.registry.client.factory import RegistryClientFactory

    client = RegistryClientFactory.create(registry_path=config.registry_path)
    name = config.dataset
    if name is None:
        # registry_path without a dataset name: the file's only dataset
        datasets = await client.list_datasets()
        if len(datasets) != 1:
            names = ", ".join(f"{d.name}@{d.version}" for d in datasets)
            raise InvalidEnvironmentConfigError(f"env_config.dataset: {config.registry_path} holds {len(datasets)} datasets ({names}); name one")
        name = f"{datasets[0].name}@{datasets[0].version}"
    try:
        items = await client.download_dataset(name)
    except Exception as exc:  # noqa: BLE001 - Harbor raises many kinds; the message says which source failed
        raise InvalidEnvironmentConfigError(f"Harbor could not load dataset {name!r} from {config.source}: {type(exc).__name__}: {exc}") from exc
    tasks = sorted((Path(item.downloaded_path) for item in items), key=lambda p: p.name)
    if not tasks:
        raise InvalidEnvironmentConfigError(f"dataset {name!r} from {config.source} has no tasks")
    return tasks


def split_tasks(tasks: List[Path], split: str, ratio: float) -> List[Path]:
    if split not in ("train", "test"):
        raise InvalidEnvironmentConfigError(f"split: expected 'train' or 'test', got {split!r}")
    ordered = sorted(tasks, key=lambda p: p.name)
    random.Random(SPLIT_SEED).shuffle(ordered)
    n_train = min(len(ordered) - 1, max(1, math.floor(len(ordered) * ratio + 0.5))) if len(ordered) > 1 else len(ordered)
    return ordered[:n_train] if split == "train" else ordered[n_train:]

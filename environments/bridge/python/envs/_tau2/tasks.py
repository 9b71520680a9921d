"""A domain's tasks and its train/test splits, as tau2 ships them (tasks.json, split_tasks.json), loaded once per process."""

from __future__ import annotations

import functools
from typing import Dict, List

from tau2.data_model.tasks import Task
from tau2.registry import registry

from bridge_env import InvalidEnvironmentConfigError


@functools.lru_cache(maxsize=None)
def _tasks_by_id(domain: str) -> Dict[str, Task]:
    return {task.id: task for task in registry.get_tasks_loader(domain)(None)}


@functools.lru_cache(maxsize=None)
def _splits(domain: str) -> Dict[str, List[str]]:
    return {name: [str(task_id) for task_id in ids] for name, ids in registry.get_task_splits_loader(domain)().items()}


def split_names(domain: str) -> List[str]:
    return sorted(_splits(domain))


def split_tasks(domain: str, split: str) -> List[Task]:
    """The split's tasks in split_tasks.json's order: the bridge's task index is the position in this list."""
    splits = _splits(domain)
    if split not in splits:
        raise InvalidEnvironmentConfigError(f"unknown task split {split!r}; tau2's {domain} splits are {', '.join(sorted(splits))}")
    by_id = _tasks_by_id(domain)
    return [by_id[task_id] for task_id in splits[split]]

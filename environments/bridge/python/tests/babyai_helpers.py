"""Shared by the BabyAI tests and the fixture generator: import paths, a full-knowledge planner, episode replay."""

from __future__ import annotations

import asyncio
import json
import sys
from collections import deque
from pathlib import Path
from typing import Optional

PYTHON_DIR = Path(__file__).resolve().parents[1]
REPO_DIR = PYTHON_DIR.parents[2]
FIXTURE_PATH = REPO_DIR / "test" / "fixtures" / "babyai" / "observations.json"
if str(PYTHON_DIR) not in sys.path:
    sys.path.insert(0, str(PYTHON_DIR))

from envs.babyai import ENVIRONMENTS  # noqa: E402

ENV_NAME = "babyai_pickup_v0"
# minigrid direction index -> (dx, dy): 0 = right (east), 1 = down, 2 = left, 3 = up
DIR_VEC = [(1, 0), (0, 1), (-1, 0), (0, -1)]


def make_env(split: str = "train", **config):
    return ENVIRONMENTS[ENV_NAME](config=config, split=split)


def run(coro):
    return asyncio.run(coro)


def text_action(answer: str) -> list:
    return [{"type": "text", "content": answer}]


def last_observation_text(observation: dict) -> str:
    return observation["messages"][-1]["content"][0]["value"]["observation"]


def plan_pickup(level, target=None) -> Optional[list]:
    """Shortest action names that end with `pick up` of `target` (default: any object matching the mission).

    Breadth-first search over (position, direction) on minigrid's real grid: the test knows the
    whole map, unlike the agent, so it can check the reward of a shortest successful episode.
    """
    if target is None:
        targets = {id(obj) for obj in level.instrs.desc.obj_set}
    else:
        targets = {id(target)}
    start = (tuple(int(v) for v in level.agent_pos), int(level.agent_dir))
    queue = deque([start])
    previous = {start: None}
    while queue:
        state = queue.popleft()
        (x, y), d = state
        dx, dy = DIR_VEC[d]
        front = level.grid.get(x + dx, y + dy)
        if front is not None and id(front) in targets:
            actions = ["pick up"]
            while previous[state] is not None:
                state, name = previous[state]
                actions.append(name)
            return list(reversed(actions))
        moves = [("turn left", ((x, y), (d - 1) % 4)), ("turn right", ((x, y), (d + 1) % 4))]
        if front is None:
            moves.append(("go forward", ((x + dx, y + dy), d)))
        for name, nxt in moves:
            if nxt not in previous:
                previous[nxt] = (state, name)
                queue.append(nxt)
    return None


def load_fixture() -> list:
    return json.loads(FIXTURE_PATH.read_text())


async def replay(split: str, task_idx: int, num_dists: int, answers: list) -> tuple:
    """Plays `answers` from the start of a task; returns (env, last observation text)."""
    env = make_env(split, num_dists=num_dists)
    data = await env.reset(task_idx)
    for answer in answers:
        data = await env.step(text_action(answer))
    return env, last_observation_text(data["observation"])

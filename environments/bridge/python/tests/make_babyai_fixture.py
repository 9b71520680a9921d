"""Writes test/fixtures/babyai/observations.json: real observation texts of the BabyAI env
and what they parse to, shared by the Python and TypeScript tests of the observation format.

Each entry records how to reproduce it (split, task index, num_dists, answers), and
test_babyai.py replays it, so the fixture cannot drift from what the env really prints.
Run from the repository root after changing the format: .venv/bin/python environments/bridge/python/tests/make_babyai_fixture.py
"""

from __future__ import annotations

import json

from babyai_helpers import FIXTURE_PATH, make_env, plan_pickup, replay, run
from envs._babyai.observation_text import parse_observation


def _has(pred):
    return lambda obs: any(pred(o) for o in obs.objects)


# name -> (split, num_dists, what to look for, how to get there)
SCENARIOS = [
    ("reset_target_ahead_and_right", "train", 0, _has(lambda o: o.forward > 0 and o.right > 0), "reset"),
    ("reset_target_ahead_and_left", "test", 0, _has(lambda o: o.forward > 0 and o.right < 0), "reset"),
    ("only_walls", "train", 0, lambda obs: not obs.objects and obs.walls.forward is not None, "reset"),
    ("target_beside", "train", 0, _has(lambda o: o.forward == 0), "planner"),
    ("target_straight_ahead", "train", 0, _has(lambda o: o.forward > 1 and o.right == 0), "planner"),
    ("target_in_front", "train", 0, _has(lambda o: o.forward == 1 and o.right == 0), "planner"),
    ("not_understood", "train", 0, lambda obs: obs.not_understood, "invalid"),
    ("cluttered", "train", 4, lambda obs: len(obs.objects) >= 3, "reset"),
    ("carrying_a_distractor", "train", 3, lambda obs: obs.carrying is not None, "distractor"),
]


def candidates(split: str, task_idx: int, num_dists: int, how: str):
    """Answer sequences to try for one task."""
    if how == "reset":
        yield []
    elif how == "invalid":
        yield ["I think I should look around first."]
    elif how == "planner":
        env = make_env(split, num_dists=num_dists)
        run(env.reset(task_idx))
        path = plan_pickup(env.level) or []
        for n in range(len(path)):  # every prefix short of the final pick up
            yield path[:n]
    elif how == "distractor":
        env = make_env(split, num_dists=num_dists)
        run(env.reset(task_idx))
        wanted = {id(o) for o in env.level.instrs.desc.obj_set}
        for obj in _objects(env.level):
            if id(obj) not in wanted:
                path = plan_pickup(env.level, target=obj)
                if path:
                    yield path
                    return


def _objects(level):
    return [o for o in level.grid.grid if o is not None and o.type in ("key", "ball", "box")]


def find(name, split, num_dists, predicate, how):
    for task_idx in range(200):
        for answers in candidates(split, task_idx, num_dists, how):
            env, text = run(replay(split, task_idx, num_dists, answers))
            obs = parse_observation(text)
            if predicate(obs):
                return {
                    "name": name,
                    "split": split,
                    "taskIdx": task_idx,
                    "numDists": num_dists,
                    "answers": answers,
                    "mission": env.level.mission,
                    "text": text,
                    "parsed": obs.to_json(),
                }
    raise RuntimeError(f"no example found for {name}")


def main():
    entries = [find(*scenario) for scenario in SCENARIOS]
    FIXTURE_PATH.parent.mkdir(parents=True, exist_ok=True)
    FIXTURE_PATH.write_text(json.dumps(entries, indent=2) + "\n")
    print(f"wrote {len(entries)} observations to {FIXTURE_PATH}")


if __name__ == "__main__":
    main()

"""The pickup levels of BabyAI's MixedTrainLocal / MixedTestLocal families, built on minigrid's own BabyAI parts.

Why our own class: llmgym makes `BabyAI-MixedTrainLocal-v0` (train) / `BabyAI-MixedTestLocal-v0`
(test) and re-samples until the level's instruction kind is `pickup` (reference §3.3). Those two
level ids are not in minigrid 3.2.0, the newest release on PyPI (`register_minigrid_envs()` does
not register them; they live in babyai-text and on minigrid's development branch). A Mixed*Local
level first draws one instruction kind (goto, pickup, open, putnext, pick-up-then-go-to) and
then builds a level for that kind, so "re-sample until pickup" yields exactly the pickup branch's
distribution. This module generates that branch directly, with minigrid's RoomGrid, object
placement, reachability check, PickupInstr verifier and reward:

* one 8x8 room (6x6 floor), agent placed at random (random direction, nothing right in front);
* `num_dists + 1` random objects (key/ball/box in any of six colours, duplicates allowed);
  llmgym's default `num_dists` is 0, i.e. a single object;
* the target is one of them; mission "pick up the|a <color> <type>";
* train and test differ by held-out adjective-noun pairs: train never asks for a yellow box,
  red key or green ball; test asks only for those (the systematic-generalisation split of the
  Mixed*Local families; their door pairs do not occur in pickup missions).

Every candidate level is re-sampled from the seeded RNG until it passes, so a seed always gives
the same level. max_steps is minigrid's BabyAI rule: room_size² per navigation = 64.
"""

from __future__ import annotations

from minigrid.core.roomgrid import RoomGrid
from minigrid.envs.babyai.core.roomgrid_level import RoomGridLevel
from minigrid.envs.babyai.core.verifier import ObjDesc, PickupInstr

SPLITS = ("train", "test")
LEVEL_FAMILY = {"train": "BabyAI-MixedTrainLocal-v0", "test": "BabyAI-MixedTestLocal-v0"}
HELD_OUT_PAIRS = ("yellow box", "red key", "green ball")
ROOM_SIZE = 8
MAX_SAMPLES = 10_000


class LevelGenerationError(RuntimeError):
    """No acceptable level after MAX_SAMPLES candidates (cannot happen with the shipped settings)."""


def accepts_mission(split: str, mission: str) -> bool:
    """Train excludes the held-out pairs; test requires one."""
    held_out = any(pair in mission for pair in HELD_OUT_PAIRS)
    return held_out if split == "test" else not held_out


class MixedLocalPickupLevel(RoomGridLevel):
    def __init__(self, split: str, num_dists: int = 0, **kwargs):
        if split not in SPLITS:
            raise ValueError(f"unknown split {split!r}; expected one of {SPLITS}")
        self.split = split
        self.num_dists = num_dists
        super().__init__(room_size=ROOM_SIZE, num_rows=1, num_cols=1, **kwargs)

    def _gen_grid(self, width, height):
        # Replaces RoomGridLevel._gen_grid, whose rejection loop prints to stdout: the bridge
        # speaks JSON lines on stdout, so nothing here may print.
        for _ in range(MAX_SAMPLES):
            RoomGrid._gen_grid(self, width, height)  # a fresh empty room each candidate
            instrs = self._sample_pickup()
            if instrs is not None:
                self.instrs = instrs
                self.surface = instrs.surface(self)
                self.mission = self.surface
                return
        raise LevelGenerationError(f"no acceptable {self.split} pickup level after {MAX_SAMPLES} candidates")

    def _sample_pickup(self):
        self.place_agent()
        objs = self.add_distractors(num_distractors=self.num_dists + 1, all_unique=False)
        if not self.check_objs_reachable(raise_exc=False):
            return None
        target = self._rand_elem(objs)
        instrs = PickupInstr(ObjDesc(target.type, target.color))
        return instrs if accepts_mission(self.split, instrs.surface(self)) else None

    def gen_mission(self):  # pragma: no cover - _gen_grid above does the work
        raise NotImplementedError

"""babyai_pickup_v0: a BabyAI pickup level (real minigrid) played through text.

One episode = one level; the task index is the level's seed. Each step takes the agent's answer,
maps it to a minigrid action and steps the level; the observation is our egocentric text
(observation_text.py). Decisions the reference leaves open (§3.3, §5), made here on purpose:

* Invalid answers (anything that is not one of the six actions after trimming, lower-casing and
  stripping quotes/trailing punctuation, or {"action": ...}): the level is NOT stepped (minigrid's
  step_count and so the reward formula are untouched), the step still counts toward the horizon,
  its `reward` is 0, and the next observation starts with a line saying the answer was not
  understood and listing the valid actions. An agent that keeps answering badly therefore runs
  out of steps instead of looping forever, and the wasted turns are visible in the transcript.
* Horizon: the level's max_steps (64 for a one-room level) capped by env_config.horizon. The
  episode is truncated when either minigrid truncates (64 valid actions) or the horizon is
  reached counting every answer.
* `reward` (inference level) is minigrid's reward for each step: 0, or 1 - 0.9 * step_count /
  max_steps on the step that completes the mission. `success` (episode level) is emitted once,
  on the last step: true iff the mission was completed (terminated with reward > 0).
"""

from __future__ import annotations

from typing import Any, Optional

from bridge_env import (
    BridgeEnv,
    EnvironmentStateError,
    InvalidEnvironmentConfigError,
    assistant_message,
    observation,
    text_result,
    user_message,
)

from .actions import first_text, parse_action
from .config import parse_config
from .levels import LEVEL_FAMILY, SPLITS, MixedLocalPickupLevel
from .observation_text import ACTIONS, format_observation
from .spec import ENV_NAME, FUNCTION_NAME, FUNCTIONS, LEVEL_MAX_STEPS, METRICS, NUM_TASKS
from .view import observe


class BabyAIPickupEnv(BridgeEnv):
    name = ENV_NAME
    functions = FUNCTIONS
    metrics = METRICS
    tools = {}
    horizon = LEVEL_MAX_STEPS

    @classmethod
    def describe(cls, config: Optional[dict] = None) -> dict:
        return {**super().describe(config), "horizon": parse_config(config).horizon}

    def __init__(self, config: Optional[dict] = None, split: Optional[str] = None) -> None:
        super().__init__(config, split)
        self.settings = parse_config(config)
        # No split only happens when describing; any level family will do then.
        self.split = split or "train"
        if self.split not in SPLITS:
            raise InvalidEnvironmentConfigError(f"{ENV_NAME}: unknown task split {split!r}; expected one of {', '.join(SPLITS)}")
        self.num_tasks = NUM_TASKS[self.split]
        self.level: Optional[MixedLocalPickupLevel] = None
        self.task_idx: Optional[int] = None
        self.messages: list = []
        self.done = False
        self.last_action: Optional[str] = None

    def _reset(self, task_idx: Optional[int]) -> dict:
        self.level = MixedLocalPickupLevel(self.split, num_dists=self.settings.num_dists)
        self.level.reset(seed=task_idx)
        self.task_idx = task_idx
        self.done = False
        self.last_action = None
        self.messages = [self._observation_message(not_understood=False)]
        return {"observation": self._observation(), "info": self._info()}

    def _step(self, action: Any) -> dict:
        if self.level is None:
            raise EnvironmentStateError(f"{ENV_NAME}: step() called before reset()")
        if self.done:
            raise EnvironmentStateError(f"{ENV_NAME}: step() called after the episode ended; call reset() first")
        self.messages.append(assistant_message(action))
        index = parse_action(first_text(action))
        if index is None:
            reward, terminated, level_truncated = 0.0, False, False
            self.last_action = None
        else:
            _, reward, terminated, level_truncated, _ = self.level.step(index)
            self.last_action = ACTIONS[index]
        truncated = bool(level_truncated) or self.timestep >= self.settings.horizon
        reward = float(reward)
        self.add_feedback("reward", reward)
        if terminated or truncated:
            self.add_feedback("success", bool(terminated and reward > 0))
            self.done = True
        self.messages.append(self._observation_message(not_understood=index is None))
        return {
            "observation": self._observation(),
            "terminated": bool(terminated),
            "truncated": truncated,
            "info": self._info(),
        }

    def _close(self) -> None:
        if self.level is not None:
            self.level.close()
        self.level = None
        self.messages = []

    # -- helpers ---------------------------------------------------------------------------------

    def _observation_message(self, not_understood: bool) -> dict:
        text = format_observation(observe(self.level, not_understood=not_understood))
        return user_message(text_result({"observation": text}))

    def _observation(self) -> dict:
        return observation(FUNCTION_NAME, self.messages, system=[text_result({"mission": self.level.mission})])

    def _info(self) -> dict:
        return {
            "taskIdx": self.task_idx,
            "split": self.split,
            "levelFamily": LEVEL_FAMILY[self.split],
            "mission": self.level.mission,
            # minigrid's count of valid actions: the one the reward formula uses
            "stepCount": int(self.level.step_count),
            "maxSteps": int(self.level.max_steps),
            # the action taken this step; None after an answer that was not understood (and at reset)
            "action": self.last_action,
        }

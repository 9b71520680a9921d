"""babyai_pickup_v0's `env_config`: validated up front so a typo fails before any episode runs."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Mapping, Optional

from bridge_env import InvalidEnvironmentConfigError

from .spec import ENV_NAME, LEVEL_MAX_STEPS

MAX_DISTRACTORS = 20  # a 6x6 floor holds 36 cells; beyond ~20 objects levels become mazes of clutter


@dataclass(frozen=True)
class BabyAIConfig:
    # distractor objects besides the target; llmgym's default is 0 (a single object)
    num_dists: int = 0
    # steps per episode; capped by the level's max_steps (64), where minigrid itself truncates
    horizon: int = LEVEL_MAX_STEPS


def parse_config(raw: Optional[Mapping[str, Any]]) -> BabyAIConfig:
    raw = dict(raw or {})
    unknown = sorted(set(raw) - {"num_dists", "horizon"})
    if unknown:
        raise InvalidEnvironmentConfigError(
            f"{ENV_NAME}: env_config.{unknown[0]}: unknown key; known keys: num_dists, horizon"
        )
    num_dists = _int(raw, "num_dists", BabyAIConfig.num_dists, 0, MAX_DISTRACTORS)
    horizon = _int(raw, "horizon", BabyAIConfig.horizon, 1, None)
    return BabyAIConfig(num_dists=num_dists, horizon=min(horizon, LEVEL_MAX_STEPS))


def _int(raw: Mapping[str, Any], key: str, default: int, low: int, high: Optional[int]) -> int:
    value = raw.get(key, default)
    if isinstance(value, bool) or not isinstance(value, int) or value < low or (high is not None and value > high):
        bounds = f">= {low}" if high is None else f"in {low}..{high}"
        raise InvalidEnvironmentConfigError(f"{ENV_NAME}: env_config.{key}: expected an integer {bounds}, got {value!r}")
    return value

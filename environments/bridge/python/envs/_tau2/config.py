"""The `env_config` of tau_bench_{airline,retail}_v0, validated up front so a typo fails before any episode runs."""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any, Mapping, Optional

from bridge_env import InvalidEnvironmentConfigError

# tau2's defaults: 200 messages of any role (≈ 100 agent turns) and 10 failed tool calls.
DEFAULT_HORIZON = 100
DEFAULT_MAX_ERRORS = 10
# τ²-bench's default user model, on OpenAI's API: what the original benchmark needed a key for.
DEFAULT_USER_MODEL = {"model": "gpt-4.1", "base_url": "https://api.openai.com/v1", "api_key_env": "OPENAI_API_KEY"}

CONFIG_KEYS = ("user_model", "horizon", "max_errors")
USER_MODEL_KEYS = ("model", "base_url", "api_key_env", "temperature", "timeout_s")


@dataclass(frozen=True)
class UserModel:
    """The simulated user's model: any OpenAI-compatible chat-completions endpoint."""

    model: str
    base_url: str
    api_key_env: Optional[str] = None
    temperature: float = 0.0
    timeout_s: float = 120.0

    def api_key(self) -> Optional[str]:
        """The key from `api_key_env` (None when that variable is unset or empty); never logged."""
        if self.api_key_env is None:
            return "unused"  # litellm's OpenAI client insists on some key, even for a loopback server
        return os.environ.get(self.api_key_env) or None


@dataclass(frozen=True)
class Tau2Config:
    user_model: UserModel
    # agent actions per episode (each tool call or message to the user is one)
    horizon: int = DEFAULT_HORIZON
    # failed tool calls that end the episode with reward 0 (tau2's TOO_MANY_ERRORS)
    max_errors: int = DEFAULT_MAX_ERRORS


def parse_config(raw: Optional[Mapping[str, Any]]) -> Tau2Config:
    """Errors name the key path and value; the bridge prefixes them with the environment's name."""
    raw = dict(raw or {})
    _reject_unknown("env_config", raw, CONFIG_KEYS)
    return Tau2Config(
        user_model=_user_model(raw.get("user_model", DEFAULT_USER_MODEL)),
        horizon=_int(raw, "horizon", DEFAULT_HORIZON),
        max_errors=_int(raw, "max_errors", DEFAULT_MAX_ERRORS),
    )


def _user_model(raw: Any) -> UserModel:
    where = "env_config.user_model"
    if not isinstance(raw, Mapping):
        raise InvalidEnvironmentConfigError(
            f"{where}: expected a mapping with model and base_url (an OpenAI-compatible endpoint), got {raw!r}"
        )
    _reject_unknown(where, raw, USER_MODEL_KEYS)
    for key in ("model", "base_url"):
        if not isinstance(raw.get(key), str) or not raw[key].strip():
            raise InvalidEnvironmentConfigError(f"{where}.{key}: expected a non-empty string, got {raw.get(key)!r}")
    base_url = raw["base_url"].strip()
    if not base_url.startswith(("http://", "https://")):
        raise InvalidEnvironmentConfigError(f"{where}.base_url: expected an http(s) URL, got {base_url!r}")
    api_key_env = raw.get("api_key_env")
    if api_key_env is not None and (not isinstance(api_key_env, str) or not api_key_env):
        raise InvalidEnvironmentConfigError(f"{where}.api_key_env: expected a variable name, got {api_key_env!r}")
    return UserModel(
        model=raw["model"].strip(),
        base_url=base_url.rstrip("/"),
        api_key_env=api_key_env,
        temperature=_number(raw, f"{where}.temperature", "temperature", 0.0, 0.0, 2.0),
        timeout_s=_number(raw, f"{where}.timeout_s", "timeout_s", 120.0, 1.0, None),
    )


def _reject_unknown(where: str, raw: Mapping[str, Any], known: tuple) -> None:
    unknown = sorted(set(raw) - set(known))
    if unknown:
        raise InvalidEnvironmentConfigError(f"{where}.{unknown[0]}: unknown key; known keys: {', '.join(known)}")


def _int(raw: Mapping[str, Any], key: str, default: int) -> int:
    value = raw.get(key, default)
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise InvalidEnvironmentConfigError(f"env_config.{key}: expected an integer >= 1, got {value!r}")
    return value


def _number(raw: Mapping[str, Any], path: str, key: str, default: float, low: float, high: Optional[float]) -> float:
    value = raw.get(key, default)
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value < low or (high is not None and value > high):
        bounds = f">= {low}" if high is None else f"in {low}..{high}"
        raise InvalidEnvironmentConfigError(f"{path}: expected a number {bounds}, got {value!r}")
    return float(value)

"""The agent's answer → a minigrid action index, or None when it is not one of the six actions.

llmgym's list (reference §3.3) maps onto minigrid's Actions enum: left=0, right=1, forward=2,
pickup=3, drop=4, toggle=5. minigrid's `done` (6) does nothing in BabyAI and is not exposed.
"""

from __future__ import annotations

import json
from typing import Optional

from bridge_env import InvalidActionError
from minigrid.core.actions import Actions

from .observation_text import ACTIONS

ACTION_INDEX = {
    "turn left": int(Actions.left),
    "turn right": int(Actions.right),
    "go forward": int(Actions.forward),
    "pick up": int(Actions.pickup),
    "drop": int(Actions.drop),
    "toggle": int(Actions.toggle),
}
assert tuple(ACTION_INDEX) == ACTIONS  # the prompt's list and this table must not drift apart

# Quotes, backticks and sentence punctuation a model may put around a bare action.
_STRIP = " \t\r\n\"'`.!,;:"


def first_text(action) -> Optional[str]:
    """The content of the first text block, or None when there is none (e.g. only tool calls).

    A payload that is not a block list at all is a harness bug, not a model mistake: it raises.
    """
    if not isinstance(action, list):
        raise InvalidActionError(
            f"babyai_pickup_v0: `act` is a chat function; expected a list of content blocks, got {type(action).__name__}"
        )
    for block in action:
        if isinstance(block, dict) and block.get("type") == "text" and isinstance(block.get("content"), str):
            return block["content"]
    return None


def parse_action(text: Optional[str]) -> Optional[int]:
    """Case-insensitive, trimmed; tolerates surrounding quotes, trailing punctuation and {"action": "..."}."""
    if text is None:
        return None
    candidate = text.strip()
    if candidate.startswith("{"):
        try:
            decoded = json.loads(candidate)
        except json.JSONDecodeError:
            return None
        if not isinstance(decoded, dict) or not isinstance(decoded.get("action"), str):
            return None
        candidate = decoded["action"]
    normalised = " ".join(candidate.strip(_STRIP).lower().split())
    return ACTION_INDEX.get(normalised)

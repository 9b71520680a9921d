"""The BabyAI observation text: the one place (on the Python side) that formats it and parses it.

The text is ours (llmgym's exact describer is unknown, reference §3.3). It is egocentric and
line-based so that a model, the simulator's oracle (environments/babyai/observation-text.ts, the
TypeScript twin of this module) and a human can all read it:

    Your last answer was not understood, so nothing happened. Answer with exactly one of: turn left, ...
    You see:
    - a red ball 2 steps forward and 1 step left
    - a wall 4 steps forward
    - a wall 2 steps left
    You carry nothing.

The first line appears only after an answer that was not a valid action. Both twins are checked
against the shared fixture test/fixtures/babyai/observations.json.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Optional

ACTIONS = ("turn left", "turn right", "go forward", "pick up", "drop", "toggle")
COLORS = ("red", "green", "blue", "purple", "yellow", "grey")
OBJECT_TYPES = ("key", "ball", "box", "door")

NOT_UNDERSTOOD_LINE = (
    "Your last answer was not understood, so nothing happened. Answer with exactly one of: "
    + ", ".join(ACTIONS)
    + "."
)
SEE_HEADER = "You see:"
SEE_NOTHING_LINE = "You see nothing around you."

_COLOR = "(" + "|".join(COLORS) + ")"
_TYPE = "(" + "|".join(OBJECT_TYPES) + ")"
_OBJECT_RE = re.compile(
    rf"^-?\s*a {_COLOR} {_TYPE} (?:(\d+) steps? forward(?: and (\d+) steps? (left|right))?|(\d+) steps? (left|right))$"
)
_WALL_RE = re.compile(r"^-?\s*a wall (\d+) steps? (forward|left|right)$")
_CARRY_RE = re.compile(rf"^You carry (?:nothing|a {_COLOR} {_TYPE})\.$")


class ObservationParseError(ValueError):
    """The text holds no BabyAI observation (no "You carry ..." line)."""


@dataclass(frozen=True)
class Thing:
    """A coloured object, e.g. a red ball."""

    color: str
    type: str


@dataclass(frozen=True)
class Sighting:
    """An object seen `forward` cells ahead and `right` cells to the right (negative = left)."""

    color: str
    type: str
    forward: int
    right: int


@dataclass
class Walls:
    """Distance to the nearest visible wall straight ahead, to the left and to the right (None = not seen)."""

    forward: Optional[int] = None
    left: Optional[int] = None
    right: Optional[int] = None


@dataclass
class ParsedObservation:
    not_understood: bool = False
    objects: list[Sighting] = field(default_factory=list)
    walls: Walls = field(default_factory=Walls)
    carrying: Optional[Thing] = None

    def to_json(self) -> dict:
        """The fixture / TypeScript shape (camelCase)."""
        return {
            "notUnderstood": self.not_understood,
            "objects": [
                {"color": o.color, "type": o.type, "forward": o.forward, "right": o.right} for o in self.objects
            ],
            "walls": {"forward": self.walls.forward, "left": self.walls.left, "right": self.walls.right},
            "carrying": None
            if self.carrying is None
            else {"color": self.carrying.color, "type": self.carrying.type},
        }


def _steps(n: int) -> str:
    return f"{n} step" if n == 1 else f"{n} steps"


def sighting_phrase(s: Sighting) -> str:
    where: list[str] = []
    if s.forward:
        where.append(f"{_steps(s.forward)} forward")
    if s.right:
        where.append(f"{_steps(abs(s.right))} {'right' if s.right > 0 else 'left'}")
    return f"a {s.color} {s.type} {' and '.join(where)}"


def format_observation(obs: ParsedObservation) -> str:
    lines: list[str] = []
    if obs.not_understood:
        lines.append(NOT_UNDERSTOOD_LINE)
    facts = [sighting_phrase(o) for o in sort_sightings(obs.objects)]
    for direction in ("forward", "left", "right"):
        distance = getattr(obs.walls, direction)
        if distance is not None:
            facts.append(f"a wall {_steps(distance)} {direction}")
    if facts:
        lines.append(SEE_HEADER)
        lines.extend(f"- {fact}" for fact in facts)
    else:
        lines.append(SEE_NOTHING_LINE)
    carried = obs.carrying
    lines.append(
        "You carry nothing." if carried is None else f"You carry a {carried.color} {carried.type}."
    )
    return "\n".join(lines)


def sort_sightings(objects: list[Sighting]) -> list[Sighting]:
    """Nearest first (walking distance), then ahead before beside, then left to right: a stable, readable order."""
    return sorted(objects, key=lambda o: (o.forward + abs(o.right), -o.forward, o.right, o.color, o.type))


def parse_observation(text: str) -> ParsedObservation:
    """Reads our observation out of any text that contains it (e.g. a rendered user template).

    Lines are matched one by one, so words around the observation do not matter; the
    "You carry ..." line must be there, since every observation has one.
    """
    obs = ParsedObservation()
    found_carry = False
    for raw in text.splitlines():
        line = raw.strip()
        if line == NOT_UNDERSTOOD_LINE:
            obs.not_understood = True
            continue
        m = _OBJECT_RE.match(line)
        if m:
            color, type_, fwd, side_n, side, lat_n, lat = m.groups()
            if fwd is not None:
                forward = int(fwd)
                right = 0 if side_n is None else int(side_n) * (1 if side == "right" else -1)
            else:
                forward = 0
                right = int(lat_n) * (1 if lat == "right" else -1)
            obs.objects.append(Sighting(color, type_, forward, right))
            continue
        m = _WALL_RE.match(line)
        if m:
            setattr(obs.walls, m.group(2), int(m.group(1)))
            continue
        m = _CARRY_RE.match(line)
        if m:
            found_carry = True
            obs.carrying = None if m.group(1) is None else Thing(m.group(1), m.group(2))
    if not found_carry:
        raise ObservationParseError('no BabyAI observation in the text (missing the "You carry ..." line)')
    return obs

"""What the agent sees, read from minigrid's own egocentric view (gen_obs_grid), as ParsedObservation facts.

minigrid's view is a square grid rotated so that the agent stands at the bottom centre facing
"up": row `size - 1` is the agent's row, column `size // 2` its column. Cells hidden behind walls
are masked out by minigrid (vis_mask), so we only describe what the agent can really see.
"""

from __future__ import annotations

from .observation_text import OBJECT_TYPES, ParsedObservation, Sighting, Thing, Walls, sort_sightings


def observe(env, not_understood: bool = False) -> ParsedObservation:
    """`env` is the unwrapped minigrid level (a MiniGridEnv)."""
    grid, vis_mask = env.gen_obs_grid()
    size = grid.width
    ax, ay = size // 2, size - 1

    def visible(i: int, j: int):
        return grid.get(i, j) if vis_mask[i, j] else None

    objects: list[Sighting] = []
    for i in range(size):
        for j in range(size):
            if (i, j) == (ax, ay):
                continue  # minigrid draws the carried object here; it is reported as "You carry"
            cell = visible(i, j)
            if cell is not None and cell.type in OBJECT_TYPES:
                objects.append(Sighting(cell.color, cell.type, forward=ay - j, right=i - ax))

    walls = Walls(
        forward=_first_wall(visible, [(ax, j) for j in range(ay - 1, -1, -1)]),
        left=_first_wall(visible, [(i, ay) for i in range(ax - 1, -1, -1)]),
        right=_first_wall(visible, [(i, ay) for i in range(ax + 1, size)]),
    )
    carrying = env.carrying
    return ParsedObservation(
        not_understood=not_understood,
        objects=sort_sightings(objects),
        walls=walls,
        carrying=None if carrying is None else Thing(carrying.color, carrying.type),
    )


def _first_wall(visible, cells: list[tuple[int, int]]):
    """Distance (1 = adjacent) to the first visible wall along a straight line, or None."""
    for distance, (i, j) in enumerate(cells, start=1):
        cell = visible(i, j)
        if cell is not None and cell.type == "wall":
            return distance
    return None

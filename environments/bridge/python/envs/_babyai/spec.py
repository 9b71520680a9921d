"""babyai_pickup_v0's static description: the `act` function, its schemas and example templates, metrics, horizon."""

from __future__ import annotations

from bridge_env import string_fields_schema

ENV_NAME = "babyai_pickup_v0"
FUNCTION_NAME = "act"

# minigrid's BabyAI rule for a one-room level: room_size² steps per navigation, one navigation.
LEVEL_MAX_STEPS = 64
# Tasks per split: the task index is the level seed. Fixed sizes keep runs comparable; the test
# split is smaller because it is re-run after every autopilot iteration.
NUM_TASKS = {"train": 1000, "test": 200}

SYSTEM_SCHEMA = string_fields_schema("mission")
USER_SCHEMA = string_fields_schema("observation")

EXAMPLE_SYSTEM_TEMPLATE = """You are an agent playing a simple navigation game on a grid. Your goal: {{ mission }}.

Every turn you are told what you can see from where you stand: objects and walls, how many steps forward and how many steps to the left or right of you they are, and what you are carrying. You cannot see behind you or through walls.

Each turn, choose exactly one of these actions:
- turn left: turn 90 degrees to your left, staying in place
- turn right: turn 90 degrees to your right, staying in place
- go forward: move one step in the direction you are facing
- pick up: pick up the object directly in front of you
- drop: put what you carry on the empty cell in front of you
- toggle: open or close the door or box directly in front of you

Tips:
- An object is directly in front of you when it is "1 step forward" with no steps left or right.
- Walls and objects block your way; turn and go around them.
- You can carry only one object at a time.
- If nothing you care about is in sight, turn around or walk somewhere new to look.
- If an action did not change what you see, do not repeat it; try another one.
- Fewer steps give a higher score.

Answer with the action only, for example: go forward"""

EXAMPLE_USER_TEMPLATE = """{{ observation }}

What is your next action? Answer with exactly one of: turn left, turn right, go forward, pick up, drop, toggle."""

FUNCTIONS = {
    FUNCTION_NAME: {
        "type": "chat",
        "system_schema": SYSTEM_SCHEMA,
        "user_schema": USER_SCHEMA,
        "assistant_schema": None,
        "example_system_template": EXAMPLE_SYSTEM_TEMPLATE,
        "example_user_template": EXAMPLE_USER_TEMPLATE,
        "example_assistant_template": None,
    }
}

METRICS = {
    # minigrid's own reward, per step: 0 until the mission is done, then 1 - 0.9 * step_count / max_steps
    "reward": {"type": "float", "optimize": "max", "level": "inference"},
    # the episode ended by completing the mission (reward > 0)
    "success": {"type": "boolean", "optimize": "max", "level": "episode"},
}

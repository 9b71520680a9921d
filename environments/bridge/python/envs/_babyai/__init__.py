"""babyai_pickup_v0's parts (the public entry is envs/babyai.py).

minigrid imports pygame; its greeting must never reach stdout, where the bridge speaks JSON lines.
"""

import os

os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")

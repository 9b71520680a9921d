"""BabyAI pickup on the real minigrid package (`babyai_pickup_v0`); the parts are in ./_babyai/.

env_config: `num_dists` (distractor objects besides the target, default 0 like llmgym) and
`horizon` (steps per episode, default and maximum 64 = the level's max_steps). Splits: train =
the MixedTrainLocal pickup family, 1000 tasks; test = the MixedTestLocal pickup family, 200
tasks; the task index is the level seed. See _babyai/env.py for invalid answers and the horizon.
"""

from ._babyai.env import BabyAIPickupEnv

ENVIRONMENTS = {"babyai_pickup_v0": BabyAIPickupEnv}

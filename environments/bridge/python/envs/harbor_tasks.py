"""Harbor task datasets on the real `harbor` package (PyPI, Python >= 3.12, in .venv-harbor); the
parts are in ./_harbor/ (env.py describes an episode, config.py the env_config, local_sandbox.py
the container-free environment class).

`harbor_v0` takes its tasks from env_config (dataset_path, registry_path or dataset); the four
named environments preset the dataset of the original harness's Harbor benchmark.
"""

from ._harbor.env import HarborTaskEnv

# name -> the Harbor registry dataset it stands for (the original configs' env_config.dataset)
NAMED_DATASETS = {
    "harbor_lawbench_v0": "lawbench@1.0",
    "harbor_medagentbench_v0": "medagentbench@1.0",
    "harbor_replicationbench_v0": "replicationbench@1.0",
    "harbor_terminal_bench_v0": "terminal-bench@2.0",
}


class HarborEnv(HarborTaskEnv):
    name = "harbor_v0"


def _named(env_name: str, dataset: str) -> type:
    return type(f"HarborEnv_{env_name}", (HarborTaskEnv,), {"name": env_name, "defaults": {"dataset": dataset}})


ENVIRONMENTS = {
    "harbor_v0": HarborEnv,
    "harbor_lawbench_v0": _named("harbor_lawbench_v0", NAMED_DATASETS["harbor_lawbench_v0"]),
    "harbor_medagentbench_v0": _named("harbor_medagentbench_v0", NAMED_DATASETS["harbor_medagentbench_v0"]),
    "harbor_replicationbench_v0": _named("harbor_replicationbench_v0", NAMED_DATASETS["harbor_replicationbench_v0"]),
    "harbor_terminal_bench_v0": _named("harbor_terminal_bench_v0", NAMED_DATASETS["harbor_terminal_bench_v0"]),
}

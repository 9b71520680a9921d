"""Harbor task datasets on the real `harbor` package (PyPI, Python >= 3.12, in .venv-harbor); the
parts are in ./_harbor/ (env.py describes an episode, config.py the env_config, local_sandbox.py
the container-free environment class).

`harbor_v0` takes its tasks from env_config (dataset_path, registry_path or dataset); the four
named environments preset the dataset of the original harness's Harbor benchmark.
"""

import json
from pathlib import Path

from ._harbor.env import HarborTaskEnv

# name -> the Harbor registry dataset it stands for (the original configs' env_config.dataset); the
# TypeScript side (environments/bridge/harbor-definitions.ts) reads the same file
NAMED_DATASETS = json.loads((Path(__file__).parent / "_harbor" / "named_datasets.json").read_text())


class HarborEnv(HarborTaskEnv):
    name = "harbor_v0"


def _named(env_name: str, dataset: str) -> type:
    return type(f"HarborEnv_{env_name}", (HarborTaskEnv,), {"name": env_name, "defaults": {"dataset": dataset}})


ENVIRONMENTS = {"harbor_v0": HarborEnv, **{name: _named(name, dataset) for name, dataset in NAMED_DATASETS.items()}}

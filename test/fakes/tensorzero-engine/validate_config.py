"""Loads a config with TensorZero's embedded engine (PyPI `tensorzero`) and reports whether it accepts it.

Usage: validate_config.py '<dir>/**/*.toml'
Prints one JSON line on stdout: {"accepted": true, "version"} or {"accepted": false, "error"}.
No database is needed: without TENSORZERO_POSTGRES_URL the engine loads and validates the whole
config (variants, templates, schemas, models, embedding models) and only disables observability.
"""

import json
import os
import sys
from importlib import metadata

# The engine logs to fd 1; keep a private copy of stdout for the answer and point fd 1 at stderr.
_answer = os.fdopen(os.dup(1), "w", buffering=1)
os.dup2(2, 1)

from tensorzero import TensorZeroGateway  # noqa: E402  (after the fd swap, on purpose)


def main() -> None:
    glob = sys.argv[1]
    os.environ.pop("TENSORZERO_POSTGRES_URL", None)
    try:
        gateway = TensorZeroGateway.build_embedded(config_file=glob)
    except Exception as err:  # the engine raises its own error types for config problems
        _answer.write(json.dumps({"accepted": False, "error": str(err)}) + "\n")
        return
    del gateway
    _answer.write(json.dumps({"accepted": True, "version": metadata.version("tensorzero")}) + "\n")


if __name__ == "__main__":
    main()

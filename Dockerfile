# syntax=docker/dockerfile:1
# autopilot-benchmarks: the worker and CLI image (see docker-compose.yml).

ARG NODE_IMAGE=node:20-bookworm-slim

# ---- build: install every dependency, compile TypeScript, then drop the dev dependencies ----
FROM ${NODE_IMAGE} AS build
# better-sqlite3 compiles from source when no prebuilt binary matches the platform
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
# dependencies first, so source edits reuse this layer
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build \
 && npm prune --omit=dev --no-audit --no-fund

# ---- runtime: compiled code, production dependencies, configs ----
FROM ${NODE_IMAGE} AS runtime
# python3 runs the environment bridge (Python environments over JSON lines)
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 python3-venv tini postgresql-client \
 && rm -rf /var/lib/apt/lists/*
ENV NODE_ENV=production
WORKDIR /app
# sources stay beside dist/: the worker bundles workflow code at start-up, and the CLI finds the
# project root by its package.json and workflows/ folder
COPY --from=build --chown=node:node /app /app
# the bridge's Python environments (BabyAI on minigrid, …) run from the project-local .venv,
# where the bridge looks first; llmgym/τ-bench/Harbor are installed on top by users who need them
RUN python3 -m venv /app/.venv \
 && /app/.venv/bin/pip install --no-cache-dir -r /app/requirements.txt \
 && chown -R node:node /app/.venv
RUN mkdir -p /app/output /app/snapshots && chown node:node /app/output /app/snapshots
USER node
VOLUME ["/app/output", "/app/snapshots"]
# tini forwards SIGTERM so the worker can stop its gateway subprocesses cleanly
ENTRYPOINT ["/usr/bin/tini", "--"]
CMD ["node", "dist/workers/main.js"]

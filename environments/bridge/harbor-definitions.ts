import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import * as http from 'node:http';
import * as https from 'node:https';
import { EnvironmentUnavailableError, type MissingRequirement } from '../errors';
import type { EnvironmentDefinition } from '../types';
import { createBridgedEnvironment } from './bridged-environment';
import { bridgeServerPath, sharedBridgeClient, type BridgeVirtualenv } from './client';

/** Harbor's virtualenv of its own (Python >= 3.12): scripts/setup.sh installs requirements-harbor.txt there. */
export const HARBOR_VIRTUALENV: BridgeVirtualenv = { dir: '.venv-harbor', pythonEnvVar: 'AUTOPILOT_BENCH_HARBOR_PYTHON' };

/**
 * The four named Harbor benchmarks and the registry dataset each stands for, from the file the
 * Python side (envs/harbor_tasks.py) reads too.
 */
export const HARBOR_NAMED_DATASETS: Readonly<Record<string, string>> = readNamedDatasets(path.join(path.dirname(bridgeServerPath()), 'envs', '_harbor', 'named_datasets.json'));

function readNamedDatasets(file: string): Record<string, string> {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>;
  } catch (err) {
    throw new Error(`${file}: ${(err as Error).message}`, { cause: err });
  }
}

/** What preflight probes on the host; tests pass their own. Each returns null when fine, else why not. */
export interface HarborHostProbes {
  /** the Docker daemon answers (`docker info`) */
  docker(): Promise<string | null>;
  /** Harbor's registry answers over the network */
  registry(): Promise<string | null>;
}

/** Harbor's hub, where registry datasets are resolved and downloaded from. */
export const HARBOR_REGISTRY_URL = 'https://hub.harborframework.com';

const INSTALL_HINT =
  'run `bash scripts/setup.sh` (creates .venv-harbor from requirements-harbor.txt with Python >= 3.12 from the PATH or pyenv), or point AUTOPILOT_BENCH_HARBOR_PYTHON at a Python that has harbor==0.26.0';

/**
 * A Harbor environment served by the bridge in `.venv-harbor`. Its preflight checks, besides the
 * `harbor` package: where the tasks come from (a registry dataset needs Harbor's registry over the
 * network; `dataset_path` / `registry_path` are local) and where they run (Docker by default needs
 * a running Docker daemon; Daytona its SDK and key; the local sandbox root on Linux).
 */
export function createHarborEnvironment(name: string, probes: HarborHostProbes = defaultProbes): EnvironmentDefinition {
  const presetDataset = HARBOR_NAMED_DATASETS[name];
  const config = (raw: Record<string, unknown> | undefined): Record<string, unknown> => ({ ...(presetDataset ? { dataset: presetDataset } : {}), ...(raw ?? {}) });
  // Daytona's SDK is not in requirements-harbor.txt (only the original configs' backend needs it): checked only then.
  const bridgedFor = (modules: string[]) =>
    createBridgedEnvironment(name, {
      client: () => sharedBridgeClient(HARBOR_VIRTUALENV),
      requires: {
        pythonModules: modules,
        envVars: (raw) => (config(raw).environment_type === 'daytona' ? ['DAYTONA_API_KEY'] : []),
        envVarHints: { DAYTONA_API_KEY: 'set DAYTONA_API_KEY: env_config.environment_type daytona runs every task in a Daytona sandbox' },
        installHint: `${INSTALL_HINT}; for Daytona sandboxes also \`{python} -m pip install daytona\``,
      },
    });
  const bridged = bridgedFor(['harbor']);
  const withDaytona = bridgedFor(['harbor', 'daytona']);
  return {
    ...bridged,
    async preflight(raw, env) {
      const missing = await hostRequirements(config(raw), probes);
      try {
        await (config(raw).environment_type === 'daytona' ? withDaytona : bridged).preflight?.(raw, env);
      } catch (err) {
        if (!(err instanceof EnvironmentUnavailableError)) throw err;
        missing.unshift(...err.missing);
      }
      if (missing.length > 0) throw new EnvironmentUnavailableError(name, missing);
    },
  };
}

/** What the configured task source and backend need from this machine (the Python side checks the package). */
export async function hostRequirements(config: Record<string, unknown>, probes: HarborHostProbes): Promise<MissingRequirement[]> {
  const missing: MissingRequirement[] = [];
  const dataset = typeof config.dataset === 'string' ? config.dataset : undefined;
  const local = config.dataset_path !== undefined || config.registry_path !== undefined;
  if (!local && dataset !== undefined) {
    const why = await probes.registry();
    if (why !== null) {
      missing.push({
        what: `network access to Harbor's registry (${HARBOR_REGISTRY_URL}) for dataset ${dataset}`,
        detail: why,
        fix: `connect this machine to the internet, or on a machine that has it run \`harbor datasets download ${dataset} -o DIR\` (in .venv-harbor), copy DIR here and set env_config.dataset_path: DIR`,
      });
    }
  }
  const backend = typeof config.environment_import_path === 'string' ? 'import_path' : typeof config.environment_type === 'string' ? config.environment_type : 'docker';
  if (backend === 'docker') {
    const why = await probes.docker();
    if (why !== null) {
      missing.push({
        what: 'a running Docker daemon (Harbor builds and runs every task in a Docker container; env_config.environment_type defaults to docker)',
        detail: why,
        fix: 'install Docker (https://docs.docker.com/engine/install/) and start it so that `docker info` works for this user, or set env_config.environment_type to another Harbor backend (daytona, modal, e2b, …)',
      });
    }
  } else if (backend === 'local_sandbox' && (process.platform !== 'linux' || process.getuid?.() !== 0)) {
    missing.push({
      what: 'root on Linux for the local sandbox (env_config.environment_type local_sandbox)',
      detail: `platform ${process.platform}, uid ${process.getuid?.() ?? 'unknown'}`,
      fix: 'run as root on Linux (it mounts an overlay in a private mount namespace), or use environment_type docker',
    });
  }
  return missing;
}

const defaultProbes: HarborHostProbes = {
  docker: () =>
    new Promise((resolve) => {
      execFile('docker', ['info', '--format', '{{.ServerVersion}}'], { timeout: 15_000 }, (err, _stdout, stderr) => {
        if (!err) return resolve(null);
        const code = (err as NodeJS.ErrnoException).code;
        resolve(code === 'ENOENT' ? '`docker` is not on the PATH' : `\`docker info\` failed: ${(stderr || err.message).trim().split('\n')[0]}`);
      });
    }),
  registry: () => reachable(HARBOR_REGISTRY_URL, 5_000),
};

/** null when a HEAD request gets any HTTP answer within the timeout, else the reason. */
export function reachable(url: string, timeoutMs: number): Promise<string | null> {
  return new Promise((resolve) => {
    const lib = url.startsWith('https:') ? https : http;
    const request = lib.request(url, { method: 'HEAD', timeout: timeoutMs }, (response) => {
      response.resume();
      resolve(null);
    });
    request.on('timeout', () => request.destroy(new Error(`no answer within ${timeoutMs / 1000} s`)));
    request.on('error', (err) => resolve(`${url} unreachable: ${err.message}`));
    request.end();
  });
}

/** harbor_v0 (tasks from env_config) and the four named datasets, on the real harbor package (python/envs/harbor_tasks.py). */
export const HARBOR_ENVIRONMENTS: readonly EnvironmentDefinition[] = ['harbor_v0', ...Object.keys(HARBOR_NAMED_DATASETS)].map((name) => createHarborEnvironment(name));

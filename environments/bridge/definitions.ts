import type { EnvironmentDefinition } from '../types';
import { createBridgedEnvironment } from './bridged-environment';

/** llmgym as TensorZero's harness pinned it. Not `pip install llmgym`: that PyPI name is an unrelated placeholder. */
export const LLMGYM_COMMIT = '16ac7c5c98daf56fce9defd90f8b9e5db586a981';
/** τ-bench as llmgym's lock pins it. */
export const TAU_BENCH_COMMIT = '59a200c6d575d595120f1cb70fea53cef0632f6b';
/** Harbor as llmgym's lock pins it. */
export const HARBOR_COMMIT = '2e6c4284c58e2836679a871ace3408d3f7b6f7b5';

const LLMGYM_PIP = `"llmgym @ git+https://github.com/tensorzero/llmgym@${LLMGYM_COMMIT}"`;
const TAU_BENCH_PIP = `"tau_bench @ git+https://github.com/sierra-research/tau-bench@${TAU_BENCH_COMMIT}"`;
const HARBOR_PIP = `"harbor @ git+https://github.com/laude-institute/harbor@${HARBOR_COMMIT}"`;
const LLMGYM_NOTE =
  '(from git, not `pip install llmgym`: the PyPI name llmgym is an unrelated placeholder; llmgym needs Python >= 3.10, TensorZero ran it on 3.13)';

const OPENAI_HINT = 'set OPENAI_API_KEY: the τ-bench user simulator calls OpenAI (through LiteLLM) to play the customer';

function tauBench(name: string): EnvironmentDefinition {
  return createBridgedEnvironment(name, {
    requires: {
      pythonModules: ['llmgym', 'tau_bench'],
      envVars: ['OPENAI_API_KEY'],
      envVarHints: { OPENAI_API_KEY: OPENAI_HINT },
      installHint: `{python} -m pip install ${LLMGYM_PIP} ${TAU_BENCH_PIP} ${LLMGYM_NOTE}`,
    },
  });
}

/** τ-bench retail and airline (llmgym, through the bridge). */
export const tauBenchRetail = tauBench('tau_bench_retail_v0');
export const tauBenchAirline = tauBench('tau_bench_airline_v0');

/** Harbor task datasets in Daytona sandboxes (llmgym, through the bridge). Its split key is `split`, not `task_split`. */
export const harbor = createBridgedEnvironment('harbor_v0', {
  requires: {
    pythonModules: ['llmgym', 'harbor', 'daytona'],
    // Harbor needs Daytona only for its Daytona sandboxes (the default and the harness's choice).
    envVars: (config) => (config.environment_type === undefined || config.environment_type === 'daytona' ? ['DAYTONA_API_KEY'] : []),
    envVarHints: { DAYTONA_API_KEY: 'set DAYTONA_API_KEY: Harbor runs every task in a Daytona sandbox' },
    installHint: `{python} -m pip install ${LLMGYM_PIP} ${HARBOR_PIP} daytona ${LLMGYM_NOTE}`,
  },
});

/** BabyAI pickup on the real minigrid package (environments/bridge/python/envs/babyai.py). */
export const babyaiPickup = createBridgedEnvironment('babyai_pickup_v0', {
  requires: {
    pythonModules: ['minigrid', 'gymnasium'],
    installHint: 'run `bash scripts/setup.sh` (installs requirements.txt into .venv), or `{python} -m pip install -r requirements.txt`',
  },
});

/** The environments served by the Python bridge, registered with the built-ins. */
export const BRIDGED_ENVIRONMENTS: readonly EnvironmentDefinition[] = [tauBenchAirline, tauBenchRetail, harbor, babyaiPickup];

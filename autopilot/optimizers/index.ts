// Third-party optimisers (GEPA, DSPy) as autopilots: the built-in's protocol server with their own session runner.
import { createBuiltinAutopilotServer, type BuiltinAutopilotServer, type BuiltinAutopilotServerOptions } from '../builtin/server';
import { OptimizerSessionRunner } from './optimizer-session-runner';
import type { OptimizerSettings } from './optimizer-settings';

export { PYTHON_OPTIMIZERS, optimizerSettingsFromYaml, type PythonOptimizerName, type OptimizerSettings } from './optimizer-settings';

export async function createOptimizerAutopilotServer(
  options: Omit<BuiltinAutopilotServerOptions, 'createRunner'> & { optimizer: OptimizerSettings },
): Promise<BuiltinAutopilotServer> {
  return createBuiltinAutopilotServer({
    ...options,
    createRunner: (state, runnerOptions) => new OptimizerSessionRunner(state, runnerOptions, options.optimizer),
  });
}

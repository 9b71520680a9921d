import type { AutopilotTargetConfig, EnvironmentConfig } from '../../config/schema';
import { missingProviderKeys, type EnvironmentVariables } from '../../autopilot/initial-message';
import type { PreflightProblem, PreflightReport } from './preflight-error';

const needs = (model: string, keys: readonly string[]) => `"${model}" needs ${keys.length === 1 ? keys[0] : `one of ${keys.join(', ')}`}, which is not set`;

/**
 * Provider keys of an environment's models: the initial model must have its key (every baseline
 * inference uses it); `available_models` without a key are dropped with a warning, as the
 * original does, but if none is left the autopilot would be told of no model at all.
 */
export function checkEnvironmentModelKeys(env: EnvironmentConfig, at: string, processEnv: EnvironmentVariables): PreflightReport {
  const problems: PreflightProblem[] = [];
  const warnings: string[] = [];
  const initial = missingProviderKeys(env.initial_model, processEnv);
  if (initial.length > 0) problems.push({ check: 'model-key', where: `${at}.initial_model`, message: needs(env.initial_model, initial) });
  const dropped = env.available_models.map((model) => ({ model, keys: missingProviderKeys(model, processEnv) })).filter(({ keys }) => keys.length > 0);
  if (dropped.length > 0 && dropped.length === env.available_models.length) {
    problems.push({ check: 'model-key', where: `${at}.available_models`, message: `no model is left once models without a key are dropped: ${dropped.map(({ model, keys }) => needs(model, keys)).join('; ')}` });
  } else {
    for (const { model, keys } of dropped) warnings.push(`${at}.available_models: dropping ${needs(model, keys)}`);
  }
  return { problems, warnings };
}

/** The built-in autopilot's optimiser model calls a provider too. */
export function checkOptimizerModelKey(target: AutopilotTargetConfig, processEnv: EnvironmentVariables): PreflightProblem[] {
  const model = target.kind === 'builtin' ? target.builtin?.optimizer_model : undefined;
  if (!model) return [];
  const keys = missingProviderKeys(model, processEnv);
  return keys.length > 0 ? [{ check: 'model-key', where: 'autopilot_target.builtin.optimizer_model', message: needs(model, keys) }] : [];
}

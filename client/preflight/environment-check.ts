import type { EnvironmentConfig } from '../../config/schema';
import { effectiveLlmgymEnv } from '../../config/derived';
import { closestMatch } from '../../config/did-you-mean';
import { resolveEnvironment } from '../../environments/resolve';
import { listEnvironments } from '../../environments/registry';
import { t0FunctionName } from '../../gateway/t0-names';
import type { PreflightProblem } from './preflight-error';

/** `"x"`, or `"x" (did you mean "y"?)`, or `"x"; known: "a", "b"`. */
function unknownName(value: string, known: readonly string[]): string {
  const suggestion = closestMatch(value, known);
  if (suggestion) return `(got "${value}"; did you mean "${suggestion}"?)`;
  return `(got "${value}"; known: ${known.map((name) => `"${name}"`).join(', ') || 'none'})`;
}

/**
 * The environment can run here (its Python packages import in the bridge, its keys are set, its
 * `env_config` is valid), and `function_name` and `metric_name` name a function and a metric it
 * has. `at` is the environment's key path, e.g. `environments[0]`.
 */
export async function checkEnvironment(env: EnvironmentConfig, at: string, processEnv: NodeJS.ProcessEnv): Promise<PreflightProblem[]> {
  const name = effectiveLlmgymEnv(env);
  const where = `${at}.${env.llmgym_env === null ? 'name' : 'llmgym_env'}`;
  const definition = resolveEnvironment(name);
  try {
    await definition.preflight?.(env.env_config, processEnv);
  } catch (err) {
    // An environment's preflight throws only to say what this machine or env_config lacks (each environment has its own error types).
    const message = err instanceof Error ? err.message : String(err);
    const registered = listEnvironments();
    const hint = registered.includes(name) ? '' : ` ${unknownName(name, registered)}`;
    return [{ check: 'environment', where, message: `${message.replaceAll('\n', '\n      ')}${hint}` }];
  }
  let spec;
  try {
    spec = await definition.describe(env.env_config);
  } catch (err) {
    // After a passing preflight, any failure here (a Python exception, a bridge crash) means the run could not start either.
    return [{ check: 'environment', where, message: `cannot describe environment "${name}": ${err instanceof Error ? err.message : String(err)}` }];
  }
  const problems: PreflightProblem[] = [];
  const functions = Object.keys(spec.functions).map((fn) => t0FunctionName(spec.name, fn));
  if (!functions.includes(env.function_name)) {
    problems.push({ check: 'function', where: `${at}.function_name`, message: `environment "${name}" has no such function ${unknownName(env.function_name, functions)}` });
  }
  const metrics = Object.keys(spec.metrics);
  if (!metrics.includes(env.metric_name)) {
    problems.push({ check: 'metric', where: `${at}.metric_name`, message: `environment "${name}" has no such metric ${unknownName(env.metric_name, metrics)}` });
  }
  return problems;
}

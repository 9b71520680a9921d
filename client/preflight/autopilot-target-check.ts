import type { AutopilotTargetConfig } from '../../config/schema';
import { DEFAULT_AUTOPILOT_BASE_URL } from '../../builtin-gateway/autopilot-proxy/autopilot-settings';
import { SERVICE_PREFIX } from '../../autopilot/protocol/routes';
import { registerSecret } from '../../common/secrets';
import type { PreflightProblem } from './preflight-error';
import { existsSync } from 'node:fs';
import { optimizerSettingsFromYaml } from '../../autopilot/optimizers/optimizer-settings';

/** A `python_optimizer` runs in the worker from `.venv-optimizers`: it must exist. */
function checkOptimizerVenv(target: AutopilotTargetConfig): PreflightProblem[] {
  if (!target.python_optimizer) return [];
  const { python } = optimizerSettingsFromYaml(target.python_optimizer, 0);
  if (existsSync(python)) return [];
  return [{ check: 'autopilot-target', where: 'autopilot_target.python_optimizer', message: `${python} does not exist: run scripts/setup.sh (it creates .venv-optimizers from requirements-optimizers.txt)` }];
}

const SNIPPET_CHARS = 200;

/**
 * An external autopilot (`http` and TensorZero's kinds) answers at its origin and accepts the key
 * in `api_key_env`: one `GET /v1/sessions?limit=1` with the key, the cheapest authenticated
 * request of the protocol. The built-in autopilot is started by the worker: nothing to check.
 */
export async function checkAutopilotTarget(target: AutopilotTargetConfig, processEnv: NodeJS.ProcessEnv, timeoutMs: number): Promise<PreflightProblem[]> {
  if (target.kind === 'builtin') return [];
  if (target.kind === 'python_optimizer') return checkOptimizerVenv(target);
  const problems: PreflightProblem[] = [];
  const key = processEnv[target.api_key_env];
  // a custom api_key_env may not look like a secret by its name: an echoed key must not reach the message
  if (key) registerSecret(key);
  if (!key) problems.push({ check: 'autopilot-target', where: 'autopilot_target.api_key_env', message: `environment variable ${target.api_key_env} is not set: the gateway would refuse every autopilot request (HTTP 501)` });
  const baseUrl = target.base_url ?? DEFAULT_AUTOPILOT_BASE_URL;
  let origin: string;
  try {
    origin = new URL(baseUrl).origin;
  } catch {
    problems.push({ check: 'autopilot-target', where: 'autopilot_target.base_url', message: `not a valid URL (got "${baseUrl}")` });
    return problems;
  }
  const url = `${origin}${SERVICE_PREFIX}/sessions?limit=1`;
  let response: Response;
  try {
    response = await fetch(url, { headers: key ? { authorization: `Bearer ${key}` } : {}, signal: AbortSignal.timeout(timeoutMs) });
  } catch (err) {
    const cause = (err as { cause?: { code?: string; message?: string } }).cause;
    const why = (err as Error).name === 'TimeoutError' ? `no answer within ${timeoutMs} ms` : cause?.code ?? cause?.message ?? (err as Error).message;
    problems.push({ check: 'autopilot-target', where: 'autopilot_target.base_url', message: `the autopilot at ${origin} is not reachable (${why})` });
    return problems;
  }
  const body = (await response.text().catch(() => '')).slice(0, SNIPPET_CHARS);
  if (key && (response.status === 401 || response.status === 403)) {
    problems.push({ check: 'autopilot-target', where: 'autopilot_target.api_key_env', message: `the autopilot at ${origin} refused the key in ${target.api_key_env} (HTTP ${response.status}${body ? `: ${body}` : ''})` });
  } else if (response.status >= 500) {
    problems.push({ check: 'autopilot-target', where: 'autopilot_target.base_url', message: `the autopilot at ${origin} answered HTTP ${response.status}${body ? `: ${body}` : ''}` });
  }
  return problems;
}

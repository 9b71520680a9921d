import { EnvironmentUnavailableError, type MissingRequirement } from '../errors';
import type { Action, Environment, EnvironmentDefinition, EnvironmentOptions, EnvironmentSpec, ResetData, StepData } from '../types';
import { sharedBridgeClient, type BridgeClient } from './client';
import { BridgeCrashedError, BridgeRemoteError, BridgeStartError } from './errors';

/** What a bridged environment needs on this machine; `preflight` checks it. */
export interface BridgeRequirements {
  /** Python modules that must import in the bridge's interpreter */
  pythonModules?: string[];
  /** environment variables that must be set and non-empty (or computed from `env_config`) */
  envVars?: string[] | ((config: Record<string, unknown>) => string[]);
  /** how to install the Python modules; `{python}` becomes the bridge's interpreter */
  installHint: string;
  /** per variable: what it is for / how to get it (a function for variables named by `env_config`) */
  envVarHints?: Record<string, string> | ((variable: string) => string);
}

export interface BridgedEnvironmentOptions {
  requires?: BridgeRequirements;
  /** the client to use (default: the shared, lazily started one) */
  client?: BridgeClient | (() => BridgeClient);
  /** per-request timeout for preflight checks (imports can be slow); default 120 s */
  preflightTimeoutMs?: number;
}

interface MakeResult {
  env_id: string;
  num_tasks: number | null;
  spec?: EnvironmentSpec;
}

interface PreflightResult {
  missing_modules: { module: string; error: string }[];
  env_known: boolean | null;
  env_error: string | null;
}

/**
 * An environment served by the Python bridge under `name`: `describe` / `make` go to the bridge,
 * the returned Environment forwards reset/step/close. `preflight` checks the requirements
 * (Python modules, env vars, and that the bridge provides the name) and throws
 * EnvironmentUnavailableError naming everything missing.
 */
export function createBridgedEnvironment(name: string, options: BridgedEnvironmentOptions = {}): EnvironmentDefinition {
  const client = (): BridgeClient => (typeof options.client === 'function' ? options.client() : options.client ?? sharedBridgeClient());
  const describe = async (config?: Record<string, unknown>): Promise<EnvironmentSpec> => {
    const { spec } = await client().request<{ spec: EnvironmentSpec; num_tasks: number | null }>('describe', { name, config: config ?? {} }).catch(rethrowFor(name));
    return spec;
  };
  return {
    name,

    async preflight(config, env) {
      const bridge = client();
      const requires = options.requires;
      const missing: MissingRequirement[] = [];
      const fixModules = (requires?.installHint ?? 'install it into the bridge Python').replaceAll('{python}', bridge.python);
      const vars = typeof requires?.envVars === 'function' ? requires.envVars(config ?? {}) : requires?.envVars ?? [];
      for (const variable of vars) {
        if (!env[variable]) missing.push({ what: `environment variable ${variable}`, detail: 'not set', fix: envVarHint(requires, variable) });
      }
      let result: PreflightResult;
      try {
        result = await bridge.request<PreflightResult>('preflight', { name, modules: requires?.pythonModules ?? [] }, { timeoutMs: options.preflightTimeoutMs ?? 120_000 });
      } catch (err) {
        if (err instanceof BridgeStartError || err instanceof BridgeCrashedError) {
          const why = err instanceof BridgeCrashedError && err.stderrTail ? `${firstLine(err.message)}: ${err.stderrTail.trim().split('\n').at(-1)}` : firstLine(err.message);
          missing.unshift({ what: `a working Python for the bridge (${bridge.python})`, detail: why, fix: 'run `bash scripts/setup.sh` (creates .venv) or set AUTOPILOT_BENCH_PYTHON to a Python >= 3.10' });
          throw new EnvironmentUnavailableError(name, missing);
        }
        throw err;
      }
      for (const m of result.missing_modules) missing.push({ what: `Python module '${m.module}'`, detail: m.error, fix: fixModules });
      // A missing module usually explains an unknown name; report the name only when nothing else does.
      if (result.env_known === false && result.missing_modules.length === 0) {
        missing.push({ what: `the bridge environment '${name}'`, detail: result.env_error ?? 'not registered', fix: fixModules });
      }
      if (missing.length > 0) throw new EnvironmentUnavailableError(name, missing);
    },

    describe,

    async make(makeOptions: EnvironmentOptions) {
      const bridge = client();
      const params = { name, config: makeOptions.config ?? {}, split: makeOptions.taskSplit ?? null };
      const { result, generation } = await bridge.requestTracked<MakeResult>('make', params).catch(rethrowFor(name));
      const spec = result.spec ?? (await describe(makeOptions.config));
      return new BridgedEnvironment(name, bridge, generation, result.env_id, spec, result.num_tasks);
    },
  };
}

/** One environment instance living in the bridge process. */
export class BridgedEnvironment implements Environment {
  private closed = false;

  constructor(
    private readonly envName: string,
    private readonly client: BridgeClient,
    /** the bridge process that holds it */
    readonly generation: number,
    readonly envId: string,
    readonly spec: EnvironmentSpec,
    readonly numTasks: number | null,
  ) {}

  async reset(taskIdx?: number): Promise<ResetData> {
    return this.send<ResetData>('reset', { task_idx: taskIdx ?? null });
  }

  async step(action: Action): Promise<StepData> {
    return this.send<StepData>('step', { action });
  }

  /** Idempotent; a no-op when the process that held the environment is gone. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.client.generation !== this.generation || this.client.pid === undefined) return;
    try {
      await this.client.request('close', { env_id: this.envId }, { generation: this.generation, timeoutMs: 120_000 });
    } catch (err) {
      if (err instanceof BridgeCrashedError) return;
      throw rethrowFor(this.envName)(err);
    }
  }

  private async send<T>(op: string, params: Record<string, unknown>): Promise<T> {
    if (this.closed) throw new BridgeCrashedError(`${this.envName}: '${op}' on a closed environment (${this.envId})`);
    return this.client.request<T>(op, { env_id: this.envId, ...params }, { generation: this.generation }).catch(rethrowFor(this.envName));
  }
}

/** Prefixes Python errors with the environment's name (they already carry the Python type and traceback). */
function rethrowFor(environment: string): (err: unknown) => never {
  return (err: unknown) => {
    if (err instanceof BridgeRemoteError && !err.environment) {
      const named = new BridgeRemoteError(err.op, { type: err.pythonType, message: err.message, traceback: err.pythonTraceback }, environment);
      throw named;
    }
    throw err;
  };
}

function envVarHint(requires: BridgeRequirements | undefined, variable: string): string {
  const hints = requires?.envVarHints;
  return (typeof hints === 'function' ? hints(variable) : hints?.[variable]) ?? `set ${variable}`;
}

function firstLine(text: string): string {
  return text.split('\n')[0];
}

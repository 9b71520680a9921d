/**
 * Calls one configured model the way the built-in gateway does: a `tensorzero.toml` with the
 * model written to a temp dir, loaded by `loadGatewayConfig`, resolved by `createModelResolver`
 * (credentials from the given environment only), called through `callModel`.
 */
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadGatewayConfig } from '../../../builtin-gateway/config';
import { callModel, type ModelCallResult } from '../../../builtin-gateway/inference/call-model';
import { createModelResolver } from '../../../builtin-gateway/models/resolve-model';
import type { ProviderRequest } from '../../../providers/types';
import type { CallOptions } from './types';

/** The suite's per-attempt timeout (the model's `timeouts.non_streaming.total_ms`). */
export const ATTEMPT_TIMEOUT_MS = 1500;

export interface GatewayCaller {
  call(modelName: string, request: ProviderRequest, options?: CallOptions): Promise<ModelCallResult>;
  close(): Promise<void>;
}

/** `models` maps a model name to its one provider's TOML table (as key = value lines). */
export async function createGatewayCaller(models: Record<string, string>, env: NodeJS.ProcessEnv): Promise<GatewayCaller> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'provider-contract-'));
  const toml = Object.entries(models)
    .map(
      ([name, provider]) =>
        `[models.${name}]\nrouting = ["upstream"]\n[models.${name}.timeouts.non_streaming]\ntotal_ms = ${ATTEMPT_TIMEOUT_MS}\n[models.${name}.providers.upstream]\n${provider}\n`,
    )
    .join('\n');
  const file = path.join(dir, 'tensorzero.toml');
  await fs.writeFile(file, toml);
  const resolver = createModelResolver({ config: await loadGatewayConfig(file), env });
  return {
    call: (modelName, request, options = {}) =>
      callModel(resolver, modelName, request, {
        retries: { numRetries: options.numRetries ?? 0, maxDelayS: options.maxDelayS ?? 10 },
        globalTimeoutMs: 60_000,
      }),
    close: () => fs.rm(dir, { recursive: true, force: true }),
  };
}

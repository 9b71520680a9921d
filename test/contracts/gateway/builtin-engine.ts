/**
 * Starts the built-in gateway for the contract suite the way the harness runs it: a
 * subprocess from the build (`dist/builtin-gateway/main.js`, so run `npm run build` first) via
 * `createGatewayProcess`, SQLite store, `sim::` models at the simulator, reached with the
 * harness's own `createGatewayClient`.
 */
import * as path from 'node:path';
import { createGatewayClient } from '../../../gateway/client';
import { createGatewayProcess } from '../../../gateway/process';
import type { ContractContext, GatewayUnderTest } from './types';

export async function startBuiltinGateway(ctx: ContractContext): Promise<GatewayUnderTest> {
  const gateway = await createGatewayProcess({
    kind: 'builtin',
    configFile: ctx.config.configFile,
    port: 0,
    logDir: path.join(ctx.workDir, 'logs'),
    role: 'train',
    env: { AUTOPILOT_BENCH_SIM_URL: ctx.simUrl, AUTOPILOT_BENCH_GATEWAY_STORE: path.join(ctx.workDir, 'store.sqlite') },
    startupTimeoutMs: 30_000,
  });
  await gateway.start();
  return {
    engine: 'built-in gateway (HTTP, SQLite store)',
    api: createGatewayClient(gateway.url),
    restart: () => gateway.restart(),
    close: async () => void (await gateway.stop()),
  };
}

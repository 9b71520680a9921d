/**
 * The stand-in's own process contract, beyond what the gateway contract suite reaches: a config
 * TensorZero's engine rejects ends the process before `/health` (so `process.ts` reports the
 * engine's message), unknown request fields and routes are refused, and SIGTERM exits 0.
 * Real parts: Postgres (throwaway cluster), the stand-in subprocess, gateway/process.ts.
 */
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createGatewayProcess } from '../../../gateway/process';
import { startThrowawayPostgres, type ThrowawayPostgres } from '../../../gateway/postgres-throwaway';
import { GatewayStartError } from '../../../gateway/errors';
import { tensorZeroStandInPath } from '../../contracts/gateway/tensorzero-stand-in-engine';

process.env.LOG_LEVEL ??= 'silent';
jest.setTimeout(180_000);

const VALID = `[functions.extract]
type = "json"
output_schema = "output.json"
[functions.extract.variants.initial]
type = "chat_completion"
model = "openai::gpt-4o-mini"
json_mode = "strict"
`;

describe('TensorZero gateway stand-in as a gateway process', () => {
  let cluster: ThrowawayPostgres;
  let tmp: string;

  beforeAll(async () => {
    cluster = await startThrowawayPostgres();
    tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'stand-in-'));
  });
  afterAll(async () => {
    await cluster?.stop();
    if (tmp) await fs.rm(tmp, { recursive: true, force: true });
  });

  async function gatewayFor(name: string, toml: string) {
    const configDir = path.join(tmp, name);
    await fs.mkdir(configDir);
    await fs.writeFile(path.join(configDir, 'tensorzero.toml'), toml);
    await fs.writeFile(path.join(configDir, 'output.json'), JSON.stringify({ type: 'object' }));
    const url = new URL(cluster.url);
    url.pathname = `/standin_${name}`;
    return createGatewayProcess({
      kind: 'tensorzero',
      binaryPath: tensorZeroStandInPath(),
      configFile: path.join(configDir, 'tensorzero.toml'),
      port: 0,
      logDir: path.join(tmp, `${name}-logs`),
      role: 'train',
      env: { TENSORZERO_POSTGRES_URL: url.toString(), TENSORZERO_DISABLE_PSEUDONYMOUS_USAGE_ANALYTICS: '1' },
      resetPostgresOnFirstStart: true,
      startupTimeoutMs: 90_000,
    });
  }

  it("exits before /health answers when TensorZero's engine rejects the config, and process.ts quotes the engine", async () => {
    const gateway = await gatewayFor('bad', VALID.replace('json_mode = "strict"\n', ''));
    const err = await gateway.start().then(() => null, (e: unknown) => e);
    expect(err).toBeInstanceOf(GatewayStartError);
    expect(err).toMatchObject({ stage: 'health', exitCode: 1, timedOut: false });
    expect((err as GatewayStartError).stderrTail).toContain('`json_mode` must be specified');
    expect(gateway.running).toBe(false);
  });

  it('serves on the port process.ts chose, refuses unknown fields and routes, and exits 0 on SIGTERM', async () => {
    const gateway = await gatewayFor('good', VALID);
    await gateway.start();
    const status = await fetch(`${gateway.url}/status`);
    expect(status.status).toBe(200);
    expect(await status.json()).toMatchObject({ status: 'ok', version: expect.stringMatching(/^\d{4}\.\d+\.\d+$/) });

    const unknownField = await fetch(`${gateway.url}/inference`, { method: 'POST', body: JSON.stringify({ function_name: 'extract', input: {}, bogus_field: 1 }) });
    expect(unknownField.status).toBe(400);
    expect(((await unknownField.json()) as { error: string }).error).toContain('bogus_field');
    const unknownFunction = await fetch(`${gateway.url}/inference`, { method: 'POST', body: JSON.stringify({ function_name: 'nope', input: { messages: [] } }) });
    expect(unknownFunction.status).toBe(404); // TensorZero's own status for an unknown function
    expect((await fetch(`${gateway.url}/no/such/route`)).status).toBe(404);

    expect(await gateway.stop()).toEqual({ exitCode: 0, signal: null });
  });
});

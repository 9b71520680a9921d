import * as path from 'node:path';
import { createTempConfigDir, type TempConfigDir } from '../../test/support/temp-config-dir';
import { runGatewayCli, STORE_PATH_VARIABLE, type CliIo } from './run-cli';

const CONFIG = '[functions.f]\ntype = "chat"\n[functions.f.variants.a]\ntype = "chat_completion"\nmodel = "sim::small"\n';

function io(env: NodeJS.ProcessEnv = {}): CliIo & { out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return { env, out, err, stdout: (l) => out.push(l), stderr: (l) => err.push(l) };
}

describe('gateway command line', () => {
  let dir: TempConfigDir;
  beforeEach(() => {
    dir = createTempConfigDir({ 'tensorzero.toml': CONFIG });
  });
  afterEach(() => dir.remove());

  it('exits 0 at once for the migration flags', async () => {
    expect(await runGatewayCli(['--config-file', dir.file('tensorzero.toml'), '--run-postgres-migrations'], io())).toEqual({ kind: 'exit', code: 0 });
  });

  it('validates a good config and exits 0', async () => {
    const streams = io();
    expect(await runGatewayCli(['--config-file', `${dir.dir}/**/*.toml`, '--validate-and-exit'], streams)).toEqual({ kind: 'exit', code: 0 });
    expect(streams.out[0]).toMatch(/^config is valid \(hash [0-9a-f]{64}\)$/);
  });

  it('prints the config error and exits 1 for a bad config', async () => {
    dir.write('tensorzero.toml', CONFIG.replace('model = "sim::small"', 'model = "sim::small"\ntemprature = 1'));
    const streams = io();
    expect(await runGatewayCli(['--config-file', dir.file('tensorzero.toml'), '--validate-and-exit'], streams)).toEqual({ kind: 'exit', code: 1 });
    expect(streams.err.join('\n')).toContain('functions.f.variants.a.temprature: unknown key');
  });

  it('fails validation when a configured provider’s key variable is unset', async () => {
    dir.write(
      'tensorzero.toml',
      `${CONFIG}[models.m]\nrouting = ["p"]\n[models.m.providers.p]\ntype = "openai"\nmodel_name = "x"\napi_key_location = "env::MY_TEST_KEY"\n`,
    );
    const streams = io();
    expect(await runGatewayCli(['--config-file', dir.file('tensorzero.toml'), '--validate-and-exit'], streams)).toEqual({ kind: 'exit', code: 1 });
    expect(streams.err.join('\n')).toContain('environment variable MY_TEST_KEY is not set');
    const withKey = await runGatewayCli(['--config-file', dir.file('tensorzero.toml'), '--validate-and-exit'], io({ MY_TEST_KEY: 'k' }));
    expect(withKey).toEqual({ kind: 'exit', code: 0 });
  });

  it('requires a config', async () => {
    const streams = io();
    expect(await runGatewayCli([], streams)).toEqual({ kind: 'exit', code: 1 });
    expect(streams.err[0]).toContain('--config-file');
  });

  it('serves on the bind address from the environment with a SQLite store, printing the listening line', async () => {
    const storePath = path.join(dir.dir, 'store.sqlite');
    const streams = io({ TENSORZERO_GATEWAY_BIND_ADDRESS: '127.0.0.1:0', [STORE_PATH_VARIABLE]: storePath });
    const outcome = await runGatewayCli(['--config-file', dir.file('tensorzero.toml')], streams);
    if (outcome.kind !== 'serving') throw new Error(`expected a server, got exit: ${streams.err.join('\n')}`);
    try {
      expect(streams.out).toEqual([`builtin gateway listening on ${outcome.server.url}`]);
      expect(outcome.server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect((await fetch(`${outcome.server.url}/health`)).status).toBe(200);
      expect(await outcome.store.getDeploymentId()).toMatch(/^[0-9a-f]{64}$/);
    } finally {
      await outcome.server.close();
      await outcome.store.close();
    }
    const { existsSync } = await import('node:fs');
    expect(existsSync(storePath)).toBe(true);
  });
});

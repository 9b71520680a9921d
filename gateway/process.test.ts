import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { isListening } from '../common/ports';
import { GatewayAlreadyRunningError, GatewayConfigNotFoundError, GatewayStartError } from './errors';
import { readPidFile, reapOrphanedGateway, writePidFile } from './pid-file';
import { createGatewayProcess } from './process';
import type { GatewayProcess, GatewayProcessOptions } from './types';

process.env.LOG_LEVEL ??= 'silent';

const FIXTURE = path.join(__dirname, '..', 'test', 'fakes', 'fake-gateway.js');
const SECRET = 'sk-test-very-secret-value-123';

let tmp: string;
let binary: string;
let configFile: string;
let logDir: string;
const managers: GatewayProcess[] = [];

beforeEach(async () => {
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'gateway-process-'));
  // A private executable copy: the fake must run as a binary through its shebang.
  binary = path.join(tmp, 'gateway');
  await fs.copyFile(FIXTURE, binary);
  await fs.chmod(binary, 0o755);
  configFile = path.join(tmp, 'config', 'tensorzero.toml');
  await fs.mkdir(path.dirname(configFile));
  await fs.writeFile(configFile, '[gateway]\n');
  logDir = path.join(tmp, 'logs');
});

afterEach(async () => {
  for (const m of managers.splice(0)) await m.stop();
  await fs.rm(tmp, { recursive: true, force: true });
});

async function gateway(overrides: Partial<GatewayProcessOptions> = {}): Promise<GatewayProcess> {
  const m = await createGatewayProcess({
    kind: 'tensorzero',
    binaryPath: binary,
    configFile,
    port: 0,
    logDir,
    role: 'train',
    startupTimeoutMs: 10_000,
    shutdownTimeoutMs: 5_000,
    ...overrides,
  });
  managers.push(m);
  return m;
}

const readLog = (name: 'stdout' | 'stderr') => fs.readFile(path.join(logDir, `gateway.${name}.log`), 'utf8');
const bannerCount = (log: string, stage: string) => log.split('\n').filter((l) => l.startsWith('=== [') && l.includes(`] ${stage} (config=${configFile}, port=`)).length;
const isAlive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('createGatewayProcess (tensorzero kind, fake binary)', () => {
  it('runs migrations, starts, answers /health, writes banners and a pid file, and stops with SIGTERM', async () => {
    const gw = await gateway({ env: { TEST_API_KEY: SECRET } });
    expect(gw.url).toBe(`http://127.0.0.1:${gw.port}`);
    expect(gw.running).toBe(false);
    await gw.start();
    expect(gw.running).toBe(true);
    expect((await fetch(`${gw.url}/health`)).status).toBe(200);

    const info = (await (await fetch(`${gw.url}/fake/info`)).json()) as any;
    expect(info).toEqual({ pid: gw.pid, configFile, bind: `127.0.0.1:${gw.port}`, testApiKeyLength: SECRET.length });
    expect(await readPidFile(logDir)).toMatchObject({ pid: gw.pid, role: 'train', kind: 'tensorzero', port: gw.port, configFile });

    const stdout = await readLog('stdout');
    expect(stdout).toMatch(new RegExp(`^=== \\[\\d{4}-\\d\\d-\\d\\dT[^\\]]+Z\\] migrations \\(config=${configFile.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}, port=${gw.port}\\) ===$`, 'm'));
    expect(stdout.indexOf('fake gateway: migrations for')).toBeGreaterThan(stdout.indexOf('] migrations ('));
    expect(stdout.indexOf('] gateway (')).toBeGreaterThan(stdout.indexOf('fake gateway: migrations for'));
    expect(bannerCount(await readLog('stderr'), 'gateway')).toBe(1);
    expect(stdout + (await readLog('stderr'))).not.toContain(SECRET);

    const pid = gw.pid as number;
    expect(await gw.stop()).toEqual({ exitCode: 0, signal: null });
    expect(gw.running).toBe(false);
    expect(gw.pid).toBeUndefined();
    expect(isAlive(pid)).toBe(false);
    expect(await readLog('stdout')).toContain('fake gateway: received SIGTERM');
    expect(await readPidFile(logDir)).toBeNull();
    expect(await gw.stop()).toBeNull();
  });

  it('appends to the logs across restarts and keeps its port', async () => {
    const gw = await gateway();
    await gw.start();
    const firstPid = gw.pid;
    const url = gw.url;
    await gw.restart();
    expect(gw.url).toBe(url);
    expect(gw.pid).not.toBe(firstPid);
    expect((await fetch(`${gw.url}/health`)).status).toBe(200);
    await gw.stop();
    const stdout = await readLog('stdout');
    expect(bannerCount(stdout, 'gateway')).toBe(2);
    expect(bannerCount(stdout, 'migrations')).toBe(2);
    expect(stdout.match(/fake gateway listening on/g)).toHaveLength(2);
  });

  it('passes a config glob through --config-file, so TensorZero merges the generated sim models with the config', async () => {
    const simModels = path.join(path.dirname(configFile), 'sim-models.toml');
    await fs.writeFile(simModels, '[models."sim::small"]\n');
    const m = await gateway({ configFileArgument: path.join(path.dirname(configFile), '*.toml') });
    await m.start();
    expect(await readLog('stdout')).toContain(`fake gateway config files: ${simModels}, ${configFile}`);
  });

  it('still requires the config file itself when a glob is passed', async () => {
    await fs.rm(configFile);
    const m = await gateway({ configFileArgument: path.join(path.dirname(configFile), '*.toml') });
    await expect(m.start()).rejects.toThrow(configFile);
  });

  it('refuses to start twice', async () => {
    const gw = await gateway();
    await gw.start();
    await expect(gw.start()).rejects.toBeInstanceOf(GatewayAlreadyRunningError);
    expect(gw.running).toBe(true);
  });

  it('fails when the config file does not exist', async () => {
    const gw = await gateway({ configFile: path.join(tmp, 'missing.toml') });
    await expect(gw.start()).rejects.toBeInstanceOf(GatewayConfigNotFoundError);
    expect(gw.running).toBe(false);
  });

  it('fails when migrations exit non-zero, without launching the gateway', async () => {
    const gw = await gateway({ env: { FAKE_GATEWAY_MIGRATIONS_EXIT: '3' } });
    const error = (await gw.start().catch((e: unknown) => e)) as GatewayStartError;
    expect(error).toBeInstanceOf(GatewayStartError);
    expect(error).toMatchObject({ stage: 'migrations', exitCode: 3, role: 'train' });
    expect(error.stderrTail).toContain('migration failed: database unreachable');
    expect(gw.running).toBe(false);
    expect(bannerCount(await readLog('stdout'), 'gateway')).toBe(0);
    expect(await readPidFile(logDir)).toBeNull();
  });

  it('reports an early exit with its exit code and last stderr lines, redacting secrets', async () => {
    const gw = await gateway({ env: { FAKE_GATEWAY_EXIT_EARLY: '7', FAKE_GATEWAY_LEAK_KEY: '1', TEST_API_KEY: SECRET } });
    const error = (await gw.start().catch((e: unknown) => e)) as GatewayStartError;
    expect(error).toBeInstanceOf(GatewayStartError);
    expect(error).toMatchObject({ stage: 'health', exitCode: 7, timedOut: false });
    expect(error.message).toContain('exit code 7');
    expect(error.message).toContain('fake gateway: fatal: cannot load config');
    expect(error.message).not.toContain(SECRET);
    expect(error.stderrTail).toContain('[REDACTED]');
    // the child's own output is logged as-is
    expect(await readLog('stderr')).toContain(SECRET);
    expect(gw.running).toBe(false);
    expect(await readPidFile(logDir)).toBeNull();
  });

  it('times out when /health never answers 200 and kills the process', async () => {
    const gw = await gateway({ env: { FAKE_GATEWAY_HEALTH_STATUS: '503' }, startupTimeoutMs: 1_200 });
    const error = (await gw.start().catch((e: unknown) => e)) as GatewayStartError;
    expect(error).toBeInstanceOf(GatewayStartError);
    expect(error).toMatchObject({ stage: 'health', timedOut: true });
    expect(gw.running).toBe(false);
    expect(await isListening('127.0.0.1', gw.port)).toBe(false);
  });

  it('falls back to SIGKILL when the gateway ignores SIGTERM', async () => {
    const gw = await gateway({ env: { FAKE_GATEWAY_IGNORE_SIGTERM: '1' }, shutdownTimeoutMs: 300 });
    await gw.start();
    const pid = gw.pid as number;
    expect(await gw.stop()).toEqual({ exitCode: null, signal: 'SIGKILL' });
    expect(isAlive(pid)).toBe(false);
    expect(await readLog('stdout')).toContain('fake gateway: received SIGTERM');
  });

  it('fails with a launch error when the binary does not exist', async () => {
    const gw = await gateway({ binaryPath: path.join(tmp, 'no-such-gateway') });
    await expect(gw.start()).rejects.toMatchObject({ name: 'GatewayStartError', stage: 'migrations' });
  });
});

describe('builtin kind', () => {
  it('runs `node <entry> --config-file <config>` without a migration step', async () => {
    const gw = await gateway({ kind: 'builtin', binaryPath: undefined, builtinEntry: FIXTURE, role: 'test' });
    await gw.start();
    const info = (await (await fetch(`${gw.url}/fake/info`)).json()) as any;
    expect(info.configFile).toBe(configFile);
    await gw.stop();
    const stdout = await readLog('stdout');
    expect(bannerCount(stdout, 'migrations')).toBe(0);
    expect(bannerCount(stdout, 'gateway')).toBe(1);
  });
});

describe('orphan reaping', () => {
  it('kills a live gateway named by a stale pid file and removes the file', async () => {
    const gw = await gateway();
    await gw.start();
    const pid = gw.pid as number;
    expect(await reapOrphanedGateway(logDir, { shutdownTimeoutMs: 2_000 })).toEqual({ pid, killed: true });
    expect(await isListening('127.0.0.1', gw.port)).toBe(false);
    expect(await readPidFile(logDir)).toBeNull();
  });

  it('a new manager on the same log dir reaps the gateway an earlier worker left behind', async () => {
    const orphan = await gateway();
    await orphan.start();
    const successor = await gateway();
    await successor.start();
    expect(await isListening('127.0.0.1', orphan.port)).toBe(false);
    expect((await fetch(`${successor.url}/health`)).status).toBe(200);
    expect((await readPidFile(logDir))?.pid).toBe(successor.pid);
    // the earlier manager learns its process is gone, and leaves the successor's pid file alone
    expect(orphan.running).toBe(false);
    expect(await orphan.stop()).toEqual({ exitCode: 0, signal: null });
    expect((await readPidFile(logDir))?.pid).toBe(successor.pid);
  });

  it('only removes a pid file whose process is gone or is not a gateway', async () => {
    await fs.mkdir(logDir, { recursive: true });
    await writePidFile(logDir, { pid: process.pid, role: 'train', kind: 'builtin', port: 1, configFile: '/not/this/process.toml', startedAt: '' });
    expect(await reapOrphanedGateway(logDir)).toEqual({ pid: process.pid, killed: false });
    expect(await readPidFile(logDir)).toBeNull();
    expect(await reapOrphanedGateway(logDir)).toBeNull();
  });
});

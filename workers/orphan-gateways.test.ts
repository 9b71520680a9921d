import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { writePidFile, readPidFile } from '../gateway/pid-file';
import { GatewayRecord, reapDeadWorkersGateways } from './orphan-gateways';

process.env.LOG_LEVEL ??= 'silent';

const FAKE_GATEWAY = path.join(__dirname, '..', 'test', 'fakes', 'fake-gateway.js');
let tmp: string;
const children: ChildProcess[] = [];

beforeEach(async () => {
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'orphans-'));
});
afterEach(() => {
  for (const c of children) c.kill('SIGKILL');
});

/** A pid that is certainly dead: a process that already exited. */
function deadPid(): number {
  return spawnSync('node', ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }).stdout as unknown as number;
}

async function orphanGateway(logDir: string, ownerPid: number): Promise<ChildProcess> {
  const configFile = path.join(tmp, 'tensorzero.toml');
  await fs.writeFile(configFile, '');
  const child = spawn('node', [FAKE_GATEWAY, '--config-file', configFile], { env: { ...process.env, TENSORZERO_GATEWAY_BIND_ADDRESS: '127.0.0.1:0' }, stdio: 'ignore' });
  children.push(child);
  await writePidFile(logDir, { pid: child.pid!, ownerPid, role: 'train', kind: 'builtin', port: 0, configFile, startedAt: '' });
  return child;
}

const exited = (child: ChildProcess) => new Promise<boolean>((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve(true) : child.once('exit', () => resolve(true))));

test('the gateways of a dead worker are reaped by the next worker, and its record removed', async () => {
  const records = path.join(tmp, 'workers');
  const logDir = path.join(tmp, 'run', 'gateway');
  const dead = Number(deadPid());
  const gateway = await orphanGateway(logDir, dead);
  await fs.mkdir(records, { recursive: true });
  await fs.writeFile(path.join(records, `${dead}.json`), JSON.stringify({ pid: dead, logDirs: [logDir] }));

  expect(await reapDeadWorkersGateways(records)).toBe(1);
  expect(await exited(gateway)).toBe(true);
  expect(await readPidFile(logDir)).toBeNull();
  expect(await fs.readdir(records)).toEqual([]);
});

test('a live worker\'s gateways are left alone', async () => {
  const records = path.join(tmp, 'workers');
  const logDir = path.join(tmp, 'run', 'gateway');
  const owner = spawn('sleep', ['30']);
  children.push(owner);
  const gateway = await orphanGateway(logDir, owner.pid!);
  await fs.mkdir(records, { recursive: true });
  await fs.writeFile(path.join(records, `${owner.pid}.json`), JSON.stringify({ pid: owner.pid, logDirs: [logDir] }));

  expect(await reapDeadWorkersGateways(records)).toBe(0);
  expect(gateway.exitCode).toBeNull();
  expect((await readPidFile(logDir))?.pid).toBe(gateway.pid);
});

test('a worker records the log dirs of the gateways it starts, and removes its record on shutdown', async () => {
  const records = path.join(tmp, 'workers');
  const record = new GatewayRecord(records);
  await record.add('/a');
  await record.add('/b');
  expect(JSON.parse(await fs.readFile(path.join(records, `${process.pid}.json`), 'utf8'))).toEqual({ pid: process.pid, logDirs: ['/a', '/b'] });
  await record.remove();
  expect(await fs.readdir(records)).toEqual([]);
});

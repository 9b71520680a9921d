import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawn, type ChildProcess } from 'node:child_process';
import { Client, Connection } from '@temporalio/client';
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import { planRuns } from '../../client/run-inputs';
import { benchmarkRun } from '../../workflows';
import { progressQuery, SHARED_TASK_QUEUE } from '../../workflows/shared';
import { runPsql } from '../../gateway/postgres-psql';
import { gatewayDatabaseUrls } from '../../gateway/postgres-urls';
import { startThrowawayPostgres, type ThrowawayPostgres } from '../../gateway/postgres-throwaway';
import { REPO_ROOT } from '../support/cli';
import { startDevServer, type DevServer } from '../support/temporal-dev-server';
import { until } from '../support/until';

/**
 * The full loop on TensorZero's engine (the test stand-in behind `infra.gateway_binary_path`)
 * with Postgres: baseline, two iterations with edits, a worker SIGKILL after iteration 1 (the
 * run resumes on another worker from the Postgres checkpoint), and a snapshot round trip in the
 * original's `postgres/` format. Real worker processes, dev server, throwaway Postgres cluster.
 */
jest.setTimeout(600_000);

const STAND_IN = path.join(REPO_ROOT, 'test/fakes/tensorzero-engine/gateway-stand-in');
const EPISODES = 6;
let server: DevServer;
let pg: ThrowawayPostgres;
let client: Client;
let connection: Connection;
let root: string;
let configFile: string;
let baseUrl: string;
const workers = new Map<string, ChildProcess>(); // queue → process

function startWorker(): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    const child = spawn('node', [path.join(REPO_ROOT, 'dist/workers/main.js')], {
      stdio: ['ignore', 'ignore', 'pipe'],
      env: {
        ...process.env,
        TEMPORAL_ADDRESS: server.address,
        AUTOPILOT_BENCH_STATE_DIR: server.stateDir,
        TENSORZERO_POSTGRES_URL: baseUrl,
        TENSORZERO_DISABLE_PSEUDONYMOUS_USAGE_ANALYTICS: '1',
        LOG_FORMAT: 'json',
      },
    });
    let buffer = '';
    let queue: string | undefined;
    child.stderr!.on('data', (d: Buffer) => {
      if (buffer.length < 100_000) buffer += d.toString();
      const match = /"queue":"([^"]+)"/.exec(buffer);
      if (match && !queue) {
        queue = match[1];
        workers.set(queue, child);
        resolve(child);
      }
    });
    child.once('exit', (code) => {
      if (queue) workers.delete(queue);
      reject(new Error(`worker exited early (${code}): ${buffer.slice(-2000)}`));
    });
  });
}

beforeAll(async () => {
  [server, pg] = await Promise.all([startDevServer(), startThrowawayPostgres()]);
  baseUrl = pg.url.replace(/\/postgres$/, '/tensorzero');
  connection = await Connection.connect({ address: server.address });
  client = new Client({ connection });
  root = mkdtempSync(path.join(os.tmpdir(), 'tz-run-'));
  const quickstart = parseYaml(readFileSync(path.join(REPO_ROOT, 'configs', 'quickstart.yaml'), 'utf8'));
  quickstart.interlocutor = { config_file: path.join(REPO_ROOT, quickstart.interlocutor.config_file) };
  quickstart.infra = { ...(quickstart.infra ?? {}), gateway_binary_path: STAND_IN, gateway_startup_timeout: 120 };
  Object.assign(quickstart.environments[0], { num_iterations: 2, episodes_per_iteration: EPISODES, test_episodes_per_iteration: EPISODES, episode_concurrency: 2 });
  configFile = path.join(root, 'tz.yaml');
  writeFileSync(configFile, stringifyYaml(quickstart));
  await startWorker();
  await startWorker();
}, 300_000);

afterAll(async () => {
  for (const child of workers.values()) child.kill('SIGTERM');
  await connection?.close();
  await server?.stop();
  await pg?.stop();
});

const json = (file: string) => JSON.parse(readFileSync(file, 'utf8'));


/** Rows TensorZero stored per table of its schema (tables with rows only). */
async function storedRows(url: string): Promise<Record<string, number>> {
  const tables = (await runPsql(url, "SELECT schemaname || '.' || relname FROM pg_stat_user_tables WHERE schemaname = 'tensorzero' ORDER BY 1;\n")).trim().split('\n').filter(Boolean);
  const out: Record<string, number> = {};
  for (const t of tables) {
    const n = Number((await runPsql(url, `SELECT count(*) FROM ${t.split('.').map((p) => `"${p}"`).join('.')};\n`)).trim());
    if (n > 0 && /inference|feedback/.test(t)) out[t] = n;
  }
  return out;
}

let snapshotDir: string;

test('baseline and two iterations with edits on Postgres; a worker SIGKILL after iteration 1 resumes elsewhere with the same database state', async () => {
  const [run] = planRuns({ config: configFile, workDir: path.join(root, 'runs'), seed: 5 });
  const handle = await client.workflow.start(benchmarkRun, { taskQueue: SHARED_TASK_QUEUE, workflowId: run.workflowId, args: [run.input] });
  const workDir = run.input.workDir;
  const urls = gatewayDatabaseUrls({ primaryUrl: baseUrl, runId: run.input.runId, scoping: true });

  const checkpoint1 = path.join(workDir, 'checkpoints', 'iteration_001');
  await until('checkpoint of iteration 1', async () => existsSync(path.join(checkpoint1, 'checkpoint.json')), 300_000);
  const atCheckpoint = await storedRows(urls.primary);
  const holder = (await handle.query(progressQuery)).workerQueue!;
  const victim = workers.get(holder);
  if (!victim) throw new Error(`run is held by an unknown worker ${holder}`);
  victim.kill('SIGKILL');
  await startWorker();

  const result = await handle.result();
  expect(result.recoveries).toBeGreaterThanOrEqual(1);
  const iterations = json(path.join(workDir, 'results/iterations.json'));
  expect(iterations.map((it: { phase: string }) => it.phase)).toEqual(['baseline', 'post_autopilot', 'post_autopilot']);
  expect(json(path.join(workDir, 'results/run.json')).status).toBe('completed');

  // The checkpoints are Postgres dumps, and the edits reached TensorZero's config.
  expect(json(path.join(checkpoint1, 'checkpoint.json')).store_kind).toBe('postgres');
  expect(existsSync(path.join(checkpoint1, 'stores/train.pgdump'))).toBe(true);
  expect(readFileSync(path.join(workDir, 'config/tensorzero.toml'), 'utf8')).toMatch(/\[functions\."ner_conllpp_v0::extract_entities"\.variants\.(?!"?initial)/);

  // runtime.json names the scoped databases (names only, no URL).
  expect(json(path.join(workDir, 'gateway/runtime.json')).postgres_database).toBe(new URL(urls.primary).pathname.slice(1));
  expect(json(path.join(workDir, 'gateway/test/runtime.json')).postgres_database).toBe(new URL(urls.test).pathname.slice(1));

  // Same database state on the new worker: every row of the iteration-1 checkpoint is still there
  // (restored, not reset), and iteration 2 added to it.
  const atEnd = await storedRows(urls.primary);
  expect(Object.keys(atCheckpoint).length).toBeGreaterThan(0);
  for (const [table, n] of Object.entries(atCheckpoint)) expect({ table, enough: (atEnd[table] ?? 0) >= n }).toEqual({ table, enough: true });
  expect(Object.values(atEnd).reduce((a, b) => a + b, 0)).toBeGreaterThan(Object.values(atCheckpoint).reduce((a, b) => a + b, 0));
});

test("snapshot round trip in the original's format: postgres/*.pgcopy written, imported by run --snapshot", async () => {
  const [snap] = planRuns({ config: configFile, workDir: path.join(root, 'snap-work'), mode: 'snapshot', snapshotDir: path.join(root, 'snapshots') });
  const snapResult = await client.workflow.execute(benchmarkRun, { taskQueue: SHARED_TASK_QUEUE, workflowId: snap.workflowId, args: [snap.input] });
  snapshotDir = snapResult.snapshotDir!;
  const pgFiles = readdirSync(path.join(snapshotDir, 'postgres'));
  expect(pgFiles.length).toBeGreaterThan(0);
  expect(pgFiles.every((f) => /^(public|tensorzero)\.[^.]+\.pgcopy$/.test(f))).toBe(true);
  expect(existsSync(path.join(snapshotDir, 'store'))).toBe(false);
  // The snapshot command's own work dir: rollouts/baseline, no primary runtime.json.
  expect(existsSync(path.join(snap.input.workDir, 'rollouts/baseline/train/episode_timings.jsonl'))).toBe(true);
  expect(existsSync(path.join(snap.input.workDir, 'rollouts/iteration_000'))).toBe(false);
  expect(existsSync(path.join(snap.input.workDir, 'gateway/runtime.json'))).toBe(false);
  const snapUrls = gatewayDatabaseUrls({ primaryUrl: baseUrl, runId: snap.input.runId, scoping: true });
  const exported = await storedRows(snapUrls.primary);

  const [restored] = planRuns({ config: configFile, workDir: path.join(root, 'restored'), snapshot: snapshotDir, seed: 5 });
  const result = await client.workflow.execute(benchmarkRun, { taskQueue: SHARED_TASK_QUEUE, workflowId: restored.workflowId, args: [restored.input] });
  expect(result.recoveries).toBe(0);
  const iterations = json(path.join(restored.input.workDir, 'results/iterations.json'));
  expect(iterations[0].phase).toBe('baseline_restored');
  expect(iterations[0].metrics).toEqual(json(path.join(snapshotDir, 'baseline_metrics.json')));
  const urls = gatewayDatabaseUrls({ primaryUrl: baseUrl, runId: restored.input.runId, scoping: true });
  expect(json(path.join(restored.input.workDir, 'gateway/test/runtime.json')).postgres_database).toBe(new URL(urls.test).pathname.slice(1));
  expect(existsSync(path.join(restored.input.workDir, 'gateway/runtime.json'))).toBe(false);
  // The imported baseline rows are in the restored run's train database (plus its iteration's).
  const atEnd = await storedRows(urls.primary);
  for (const [table, n] of Object.entries(exported)) expect({ table, enough: (atEnd[table] ?? 0) >= n }).toEqual({ table, enough: true });
});

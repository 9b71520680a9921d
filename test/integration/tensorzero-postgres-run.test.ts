import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { Client, Connection } from '@temporalio/client';
import { planRuns } from '../../client/run-inputs';
import { benchmarkRun } from '../../workflows';
import { progressQuery, SHARED_TASK_QUEUE } from '../../workflows/shared';
import { runPsql } from '../../gateway/postgres-psql';
import { gatewayDatabaseUrls } from '../../gateway/postgres-urls';
import { startThrowawayPostgres, type ThrowawayPostgres } from '../../gateway/postgres-throwaway';
import { REPO_ROOT } from '../support/cli';
import { startDevServer, type DevServer } from '../support/temporal-dev-server';
import { killWorkerProcess, startWorkerProcess } from '../support/worker-process';
import { until } from '../support/until';
import { writeQuickstartConfig } from '../fixtures/quickstart-config';

/**
 * The full loop on TensorZero's engine (the test stand-in behind `infra.gateway_binary_path`)
 * with Postgres: baseline, two iterations with edits by the built-in autopilot (which reads
 * `/internal/config`, `/internal/inferences` and `variant_sampling_probabilities` from the
 * stand-in), a worker SIGKILL after iteration 1 (the run resumes on another worker from the
 * Postgres checkpoint), and a snapshot round trip in the original's `postgres/` format.
 * Real worker processes, Temporal dev server, throwaway Postgres cluster; the models are the
 * simulated provider (no provider can be called here).
 */
jest.setTimeout(900_000);

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

async function startWorker(): Promise<void> {
  const { queue, child } = await startWorkerProcess(server.address, {
    AUTOPILOT_BENCH_STATE_DIR: server.stateDir,
    TENSORZERO_POSTGRES_URL: baseUrl,
    TENSORZERO_DISABLE_PSEUDONYMOUS_USAGE_ANALYTICS: '1',
  });
  workers.set(queue, child);
}

beforeAll(async () => {
  [server, pg] = await Promise.all([startDevServer(), startThrowawayPostgres()]);
  baseUrl = pg.url.replace(/\/postgres$/, '/tensorzero');
  connection = await Connection.connect({ address: server.address });
  client = new Client({ connection });
  root = mkdtempSync(path.join(os.tmpdir(), 'tz-run-'));
  configFile = writeQuickstartConfig(path.join(root, 'tz.yaml'), (config) => {
    config.infra = { ...(config.infra ?? {}), gateway_binary_path: STAND_IN, gateway_startup_timeout: 180 };
    Object.assign(config.environments[0], { num_iterations: 2, episodes_per_iteration: EPISODES, test_episodes_per_iteration: EPISODES, episode_concurrency: 2 });
  });
  await startWorker();
  await startWorker();
}, 300_000);

afterAll(async () => {
  for (const child of workers.values()) child.kill('SIGTERM');
  await connection?.close();
  await server?.stop();
  await pg?.stop();
  if (root) rmSync(root, { recursive: true, force: true });
});

const json = (file: string) => JSON.parse(readFileSync(file, 'utf8'));
const databaseName = (url: string) => new URL(url).pathname.slice(1);

/** Rows TensorZero stored per inference/feedback table of its schema (tables with rows only). */
async function storedRows(url: string): Promise<Record<string, number>> {
  const tables = (await runPsql(url, "SELECT schemaname || '.' || relname FROM pg_stat_user_tables WHERE schemaname = 'tensorzero' ORDER BY 1;\n")).trim().split('\n').filter(Boolean);
  const out: Record<string, number> = {};
  for (const t of tables) {
    if (!/inference|feedback/.test(t)) continue;
    const n = Number((await runPsql(url, `SELECT count(*) FROM ${t.split('.').map((p) => `"${p}"`).join('.')};\n`)).trim());
    if (n > 0) out[t] = n;
  }
  return out;
}

const total = (rows: Record<string, number>) => Object.values(rows).reduce((a, b) => a + b, 0);

test('baseline and two iterations with edits on Postgres; a worker SIGKILL after iteration 1 resumes elsewhere with the same database state', async () => {
  const [run] = planRuns({ config: configFile, workDir: path.join(root, 'runs'), seed: 5 });
  const handle = await client.workflow.start(benchmarkRun, { taskQueue: SHARED_TASK_QUEUE, workflowId: run.workflowId, args: [run.input] });
  const workDir = run.input.workDir;
  const urls = gatewayDatabaseUrls({ primaryUrl: baseUrl, runId: run.input.runId, scoping: true });

  const checkpoint1 = path.join(workDir, 'checkpoints', 'iteration_001');
  await until('checkpoint of iteration 1', () => existsSync(path.join(checkpoint1, 'checkpoint.json')), 600_000);
  const atCheckpoint = await storedRows(urls.primary);
  const recordsAtCheckpoint = json(path.join(workDir, 'results/iterations.json'));
  const holder = (await handle.query(progressQuery)).workerQueue!;
  const victim = workers.get(holder);
  if (!victim) throw new Error(`run is held by an unknown worker ${holder}`);
  await killWorkerProcess(victim);
  workers.delete(holder);
  await startWorker();

  const result = await handle.result();
  expect(result.recoveries).toBeGreaterThanOrEqual(1);
  const iterations = json(path.join(workDir, 'results/iterations.json'));
  expect(iterations.map((it: { phase: string }) => it.phase)).toEqual(['baseline', 'post_autopilot', 'post_autopilot']);
  expect(json(path.join(workDir, 'results/run.json')).status).toBe('completed');
  // The records written before the kill are kept as they were, not recomputed by a restarted run.
  expect(iterations.slice(0, recordsAtCheckpoint.length)).toEqual(recordsAtCheckpoint);

  // The checkpoints are Postgres dumps, and the autopilot's edits reached TensorZero's config.
  expect(json(path.join(checkpoint1, 'checkpoint.json')).store_kind).toBe('postgres');
  expect(existsSync(path.join(checkpoint1, 'stores/train.pgdump'))).toBe(true);
  expect(readFileSync(path.join(workDir, 'config/tensorzero.toml'), 'utf8')).toMatch(/\[functions\."ner_conllpp_v0::extract_entities"\.variants\.(?!"?initial)/);
  for (const iteration of ['iteration_001', 'iteration_002']) {
    expect(json(path.join(workDir, 'autopilot', iteration, 'session_result.json')).config_writes_count).toBeGreaterThan(0);
  }

  // runtime.json names the run's scoped databases (names only, no URL).
  expect(json(path.join(workDir, 'gateway/runtime.json')).postgres_database).toBe(databaseName(urls.primary));
  expect(json(path.join(workDir, 'gateway/test/runtime.json')).postgres_database).toBe(databaseName(urls.test));
  expect(databaseName(urls.primary)).not.toBe(databaseName(baseUrl));

  // Same database state on the new worker: every row of the iteration-1 checkpoint is still there
  // (restored, not reset), and iteration 2 added to it.
  const atEnd = await storedRows(urls.primary);
  expect(Object.keys(atCheckpoint).length).toBeGreaterThan(0);
  for (const [table, n] of Object.entries(atCheckpoint)) expect({ table, enough: (atEnd[table] ?? 0) >= n }).toEqual({ table, enough: true });
  expect(total(atEnd)).toBeGreaterThan(total(atCheckpoint));
});

test("snapshot round trip in the original's format: postgres/*.pgcopy written, imported by run --snapshot", async () => {
  const [snap] = planRuns({ config: configFile, workDir: path.join(root, 'snap-work'), mode: 'snapshot', snapshotDir: path.join(root, 'snapshots') });
  const snapResult = await client.workflow.execute(benchmarkRun, { taskQueue: SHARED_TASK_QUEUE, workflowId: snap.workflowId, args: [snap.input] });
  const snapshotDir = snapResult.snapshotDir!;
  const pgFiles = readdirSync(path.join(snapshotDir, 'postgres'));
  expect(pgFiles.length).toBeGreaterThan(0);
  expect(pgFiles.every((f) => /^(public|tensorzero)\.[^.]+\.pgcopy$/.test(f))).toBe(true);
  expect(existsSync(path.join(snapshotDir, 'store'))).toBe(false);
  // The snapshot command's own work dir, as the original lays it out: rollouts/baseline (no
  // iteration level), the test gateway's runtime.json, no primary runtime.json.
  for (const split of ['train', 'test']) expect(existsSync(path.join(snap.input.workDir, 'rollouts/baseline', split, 'episode_timings.jsonl'))).toBe(true);
  expect(existsSync(path.join(snap.input.workDir, 'rollouts/iteration_000'))).toBe(false);
  expect(existsSync(path.join(snap.input.workDir, 'gateway/runtime.json'))).toBe(false);
  const snapUrls = gatewayDatabaseUrls({ primaryUrl: baseUrl, runId: snap.input.runId, scoping: true });
  expect(json(path.join(snap.input.workDir, 'gateway/test/runtime.json')).postgres_database).toBe(databaseName(snapUrls.test));
  const exported = await storedRows(snapUrls.primary);
  expect(total(exported)).toBeGreaterThan(0);

  const [restored] = planRuns({ config: configFile, workDir: path.join(root, 'restored'), snapshot: snapshotDir, seed: 5 });
  const result = await client.workflow.execute(benchmarkRun, { taskQueue: SHARED_TASK_QUEUE, workflowId: restored.workflowId, args: [restored.input] });
  expect(result.recoveries).toBe(0);
  const restoredDir = restored.input.workDir;
  const iterations = json(path.join(restoredDir, 'results/iterations.json'));
  // As the original: a snapshot run does one iteration unless --num-iterations says otherwise.
  expect(iterations.map((it: { phase: string }) => it.phase)).toEqual(['baseline_restored', 'post_autopilot']);
  expect(iterations[0].metrics).toEqual(json(path.join(snapshotDir, 'baseline_metrics.json')));
  // The restored run writes its test gateway's runtime.json with its own scoped database, and,
  // as the original, neither a primary runtime.json nor baseline rollouts (none ran).
  const urls = gatewayDatabaseUrls({ primaryUrl: baseUrl, runId: restored.input.runId, scoping: true });
  expect(json(path.join(restoredDir, 'gateway/test/runtime.json')).postgres_database).toBe(databaseName(urls.test));
  expect(existsSync(path.join(restoredDir, 'gateway/runtime.json'))).toBe(false);
  expect(readdirSync(path.join(restoredDir, 'rollouts'))).toEqual(['iteration_001']);
  expect(readdirSync(path.join(restoredDir, 'rollouts/iteration_001/post_autopilot'))).toEqual(['test']);
  // The imported baseline rows are in the restored run's train database. (Its one iteration
  // skips the train rollout, as the original does after a snapshot, so nothing is added.)
  const atEnd = await storedRows(urls.primary);
  for (const [table, n] of Object.entries(exported)) expect({ table, enough: (atEnd[table] ?? 0) >= n }).toEqual({ table, enough: true });
});

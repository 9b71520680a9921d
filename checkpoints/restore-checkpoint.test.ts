import { promises as fsp, existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { CheckpointError } from './errors';
import { restoreCheckpoint } from './restore-checkpoint';
import { writeCheckpoint } from './write-checkpoint';
import { addRows, makeWorkDir, readRows, tempDir, treeDigest, type WorkDirFixture } from '../test/fixtures/checkpoint-work-dir';

const DIRS = ['config', 'results', 'rollouts', 'autopilot'];

describe('restoreCheckpoint', () => {
  let root: string;
  let work: WorkDirFixture;
  let checkpointDir: string;
  let atCheckpoint: Record<string, Record<string, string>>;
  const trainStore = () => path.join(work.workDir, 'gateway/store.sqlite');
  const testStore = () => path.join(work.workDir, 'gateway/test/store.sqlite');

  beforeEach(async () => {
    root = tempDir('restore-checkpoint-');
    work = makeWorkDir(path.join(root, 'ner', 'run'));
    const ref = await writeCheckpoint({ workDir: work.workDir, checkpointRoot: path.join(root, 'checkpoints'), runId: 'run-1', iteration: 1, summary: { step: 1 } });
    checkpointDir = ref.dir;
    atCheckpoint = Object.fromEntries(DIRS.map((d) => [d, treeDigest(path.join(work.workDir, d))]));

    // The next step goes on: edits, new artifacts, more rows; then the worker dies.
    writeFileSync(path.join(work.workDir, 'config/tensorzero.toml'), '# edited by the autopilot\n');
    writeFileSync(path.join(work.workDir, 'config/extra.toml'), '[x]\n');
    writeFileSync(path.join(work.workDir, 'results/iterations.json'), '[]\n');
    await fsp.mkdir(path.join(work.workDir, 'rollouts/iteration_002/post_autopilot/train'), { recursive: true });
    writeFileSync(path.join(work.workDir, 'rollouts/iteration_002/post_autopilot/train/episode_timings.jsonl'), '{}\n');
    await fsp.rm(path.join(work.workDir, 'autopilot'), { recursive: true });
    addRows(work.train, ['train-after']);
    addRows(work.test, ['test-after']);
  });
  afterEach(() => {
    jest.restoreAllMocks();
    work.close();
    rmSync(root, { recursive: true, force: true });
  });

  /** Stops the gateways as a crash would: the WAL with uncheckpointed commits stays on disk. */
  async function crashGateways(): Promise<void> {
    const wal = await fsp.readFile(`${trainStore()}-wal`);
    work.close(); // a clean close folds the WAL in and deletes it; put it back
    await fsp.writeFile(`${trainStore()}-wal`, wal);
  }

  it('puts config, results, rollouts, autopilot and both stores back (round trip)', async () => {
    await crashGateways();
    const manifest = await restoreCheckpoint({ checkpointDir, workDir: work.workDir, testStore: 'restore' });

    expect(manifest.iteration).toBe(1);
    expect(manifest.summary).toEqual({ step: 1 });
    for (const d of DIRS) expect(treeDigest(path.join(work.workDir, d))).toEqual(atCheckpoint[d]);
    expect(existsSync(`${trainStore()}-wal`)).toBe(false);
    expect(existsSync(`${trainStore()}-shm`)).toBe(false);
    expect(readRows(trainStore()).map((r) => r.label)).toEqual(['train-a', 'train-b', 'train-c']);
    expect(readRows(testStore()).map((r) => r.label)).toEqual(['test-a']);
    // No staging, backup or temp files left beside what was replaced.
    expect(readdirSync(work.workDir).filter((n) => n.startsWith('.'))).toEqual([]);
    expect(readdirSync(path.join(work.workDir, 'gateway')).filter((n) => n.startsWith('.'))).toEqual([]);
  });

  it('leaves each directory whole when interrupted, and running it again finishes the job', async () => {
    work.close();
    const beforeRollouts = treeDigest(path.join(work.workDir, 'rollouts'));
    const realCp = fsp.cp.bind(fsp);
    jest.spyOn(fsp, 'cp').mockImplementation(async (source, dest, options) => {
      if (String(source).endsWith('rollouts')) throw new Error('injected: worker dies');
      return realCp(source, dest, options);
    });
    await expect(restoreCheckpoint({ checkpointDir, workDir: work.workDir, testStore: 'restore' })).rejects.toThrow('injected');
    jest.restoreAllMocks();
    // config and results were swapped in whole; rollouts is still the old tree, no staging dir left.
    expect(treeDigest(path.join(work.workDir, 'config'))).toEqual(atCheckpoint.config);
    expect(treeDigest(path.join(work.workDir, 'results'))).toEqual(atCheckpoint.results);
    expect(treeDigest(path.join(work.workDir, 'rollouts'))).toEqual(beforeRollouts);
    expect(readdirSync(work.workDir).filter((n) => n.startsWith('.'))).toEqual([]);

    await restoreCheckpoint({ checkpointDir, workDir: work.workDir, testStore: 'restore' });
    for (const d of DIRS) expect(treeDigest(path.join(work.workDir, d))).toEqual(atCheckpoint[d]);
    expect(readRows(trainStore())).toHaveLength(3);
  });

  it("with testStore 'empty' deletes the test store so the test gateway starts fresh", async () => {
    work.close();
    await restoreCheckpoint({ checkpointDir, workDir: work.workDir, testStore: 'empty' });
    expect(readdirSync(path.join(work.workDir, 'gateway/test')).filter((n) => n.startsWith('store.sqlite'))).toEqual([]);
    expect(readRows(trainStore())).toHaveLength(3);
  });

  it('removes a work-dir directory the checkpoint does not have', async () => {
    work.close();
    await fsp.rm(path.join(checkpointDir, 'autopilot'), { recursive: true });
    const manifestFile = path.join(checkpointDir, 'checkpoint.json');
    const manifest = JSON.parse(readFileSync(manifestFile, 'utf8'));
    manifest.files = manifest.files.filter((f: string) => !f.startsWith('autopilot/'));
    writeFileSync(manifestFile, JSON.stringify(manifest));
    await fsp.mkdir(path.join(work.workDir, 'autopilot/iteration_002'), { recursive: true });

    await restoreCheckpoint({ checkpointDir, workDir: work.workDir, testStore: 'restore' });
    expect(existsSync(path.join(work.workDir, 'autopilot'))).toBe(false);
  });

  it('validates first: every missing path in one CheckpointError, and the work dir untouched', async () => {
    work.close();
    await fsp.rm(path.join(checkpointDir, 'rollouts/iteration_000/baseline/test/episode_timings.jsonl'));
    await fsp.rm(path.join(checkpointDir, 'stores/test.sqlite'));
    const before = treeDigest(work.workDir);

    const error = await restoreCheckpoint({ checkpointDir, workDir: work.workDir, testStore: 'restore' }).catch((err: unknown) => err);
    expect(error).toBeInstanceOf(CheckpointError);
    expect((error as CheckpointError).name).toBe('CheckpointError');
    expect((error as CheckpointError).paths).toEqual([
      path.join(checkpointDir, 'rollouts/iteration_000/baseline/test/episode_timings.jsonl'),
      path.join(checkpointDir, 'stores/test.sqlite'),
    ]);
    expect((error as Error).message).toContain('stores/test.sqlite');
    expect(treeDigest(work.workDir)).toEqual(before);
  });

  it('rejects a manifest of another version or shape, untouched', async () => {
    work.close();
    const manifestFile = path.join(checkpointDir, 'checkpoint.json');
    writeFileSync(manifestFile, JSON.stringify({ version: 2, run_id: 'r', iteration: -1, created_at: 'x', summary: [], files: ['../escape'] }));
    const before = treeDigest(work.workDir);

    const error = (await restoreCheckpoint({ checkpointDir, workDir: work.workDir, testStore: 'restore' }).catch((err: unknown) => err)) as CheckpointError;
    expect(error).toBeInstanceOf(CheckpointError);
    expect(error.paths).toEqual([manifestFile]);
    expect(error.problems).toHaveLength(4);
    expect(error.message).toMatch(/version: expected 1, got 2/);
    expect(error.message).toMatch(/iteration/);
    expect(error.message).toMatch(/summary/);
    expect(error.message).toMatch(/"\.\.\/escape"/);
    expect(treeDigest(work.workDir)).toEqual(before);
  });

  it('rejects a directory without a manifest', async () => {
    work.close();
    await expect(restoreCheckpoint({ checkpointDir: root, workDir: work.workDir, testStore: 'empty' })).rejects.toThrow(/checkpoint\.json: missing/);
  });
});

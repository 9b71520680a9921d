import { promises as fsp, existsSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { CheckpointError } from './errors';
import { checkpointRootFor } from './layout';
import { latestCheckpoint } from './latest-checkpoint';
import { readCheckpointManifest } from './manifest';
import { writeCheckpoint } from './write-checkpoint';
import { addRows, journalMode, makeWorkDir, readRows, tempDir, treeDigest, type WorkDirFixture } from '../test/fixtures/checkpoint-work-dir';

describe('writeCheckpoint', () => {
  let root: string;
  let work: WorkDirFixture;
  let checkpointRoot: string;

  beforeEach(() => {
    root = tempDir('write-checkpoint-');
    work = makeWorkDir(path.join(root, 'output', 'ner_conllpp_v0', '20260101T000000Z'));
    checkpointRoot = checkpointRootFor(work.workDir);
  });
  afterEach(() => {
    jest.restoreAllMocks();
    work.close();
    rmSync(root, { recursive: true, force: true });
  });

  const write = (iteration: number, summary: Record<string, unknown> = { step: iteration }) =>
    writeCheckpoint({ workDir: work.workDir, checkpointRoot, runId: 'run-1', iteration, summary, now: () => new Date('2026-01-02T03:04:05Z') });

  it('captures config, both live stores, results, rollouts, autopilot and a manifest', async () => {
    // The committed rows are only in the WAL: a file copy of store.sqlite would not have them.
    expect(statSync(path.join(work.workDir, 'gateway/store.sqlite-wal')).size).toBeGreaterThan(0);

    const ref = await write(1, { train: { total: 3 } });

    const dir = path.join(work.workDir, 'checkpoints', 'iteration_001');
    expect(ref).toEqual({ dir, iteration: 1, createdAt: '2026-01-02T03:04:05.000000+00:00' });
    expect(JSON.parse(JSON.stringify(ref))).toEqual(ref);
    for (const name of ['config', 'results', 'rollouts', 'autopilot']) {
      expect(treeDigest(path.join(dir, name))).toEqual(treeDigest(path.join(work.workDir, name)));
    }
    expect(readRows(path.join(dir, 'stores/train.sqlite')).map((r) => r.label)).toEqual(['train-a', 'train-b', 'train-c']);
    expect(readRows(path.join(dir, 'stores/test.sqlite')).map((r) => r.label)).toEqual(['test-a']);
    // Each store copy is one self-contained file.
    expect(journalMode(path.join(dir, 'stores/train.sqlite'))).toBe('delete');
    expect(existsSync(path.join(dir, 'gateway'))).toBe(false);

    const manifest = await readCheckpointManifest(dir);
    expect(manifest).toEqual({
      version: 1,
      run_id: 'run-1',
      iteration: 1,
      created_at: '2026-01-02T03:04:05.000000+00:00',
      store_kind: 'sqlite',
      summary: { train: { total: 3 } },
      files: [
        'autopilot/iteration_001/session_result.json',
        'config/functions/extract_entities/initial/system_template.minijinja',
        'config/tensorzero.toml',
        'results/iterations.json',
        'results/run.json',
        'rollouts/iteration_000/baseline/test/episode_timings.jsonl',
        'rollouts/iteration_000/baseline/train/episode_timings.jsonl',
        'stores/test.sqlite',
        'stores/train.sqlite',
      ],
    });
    expect(readFileSync(path.join(dir, 'checkpoint.json'), 'utf8')).toBe(JSON.stringify(manifest, null, 2) + '\n');
    expect(readdirSync(checkpointRoot)).toEqual(['iteration_001']);
  });

  it('leaves out work-dir directories that do not exist yet', async () => {
    await fsp.rm(path.join(work.workDir, 'autopilot'), { recursive: true });
    const ref = await write(0);
    expect(readdirSync(ref.dir).sort()).toEqual(['checkpoint.json', 'config', 'results', 'rollouts', 'stores']);
  });

  it('replaces the checkpoint of a redone step', async () => {
    await write(1, { attempt: 1 });
    addRows(work.train, ['train-d']);
    await fsp.writeFile(path.join(work.workDir, 'config/tensorzero.toml'), '# edited\n');
    const ref = await write(1, { attempt: 2 });

    expect((await readCheckpointManifest(ref.dir)).summary).toEqual({ attempt: 2 });
    expect(readFileSync(path.join(ref.dir, 'config/tensorzero.toml'), 'utf8')).toBe('# edited\n');
    expect(readRows(path.join(ref.dir, 'stores/train.sqlite'))).toHaveLength(4);
    expect(readdirSync(checkpointRoot)).toEqual(['iteration_001']); // no temp or backup dirs left
  });

  it('leaves no iteration dir and no temp dir when it fails part way, and keeps the earlier checkpoint of the step', async () => {
    const realCp = fsp.cp.bind(fsp);
    const failRollouts = () =>
      jest.spyOn(fsp, 'cp').mockImplementation(async (source, dest, options) => {
        if (String(source).endsWith('rollouts')) throw new Error('injected: disk full');
        return realCp(source, dest, options);
      });

    failRollouts();
    await expect(write(1)).rejects.toThrow('injected: disk full');
    expect(readdirSync(checkpointRoot)).toEqual([]);

    jest.restoreAllMocks();
    const first = await write(1, { attempt: 1 });
    const before = treeDigest(first.dir);
    failRollouts();
    await expect(write(1, { attempt: 2 })).rejects.toThrow('injected: disk full');
    expect(readdirSync(checkpointRoot)).toEqual(['iteration_001']);
    expect(treeDigest(first.dir)).toEqual(before);
  });

  it('names a missing test store (and any other missing source) in one error', async () => {
    const testStore = path.join(work.workDir, 'gateway/test/store.sqlite');
    work.test.close();
    await fsp.rm(path.join(work.workDir, 'gateway/test'), { recursive: true });
    await fsp.rm(path.join(work.workDir, 'config'), { recursive: true });

    const error = await write(1).catch((err: unknown) => err);
    expect(error).toBeInstanceOf(CheckpointError);
    expect((error as CheckpointError).name).toBe('CheckpointError');
    expect((error as CheckpointError).paths).toEqual([path.join(work.workDir, 'config'), testStore]);
    expect((error as Error).message).toContain(testStore);
    expect(existsSync(checkpointRoot)).toBe(false);
  });

  it('works on stopped gateways too', async () => {
    work.close();
    const ref = await write(2);
    expect(readRows(path.join(ref.dir, 'stores/train.sqlite'))).toHaveLength(3);
  });
});

describe('checkpointRootFor', () => {
  it('is <workDir>/checkpoints without a shared root', () => {
    expect(checkpointRootFor('/out/ner/20260101T000000Z_seed42')).toBe('/out/ner/20260101T000000Z_seed42/checkpoints');
    expect(checkpointRootFor('/out/ner/20260101T000000Z', null)).toBe('/out/ner/20260101T000000Z/checkpoints');
  });

  it('is <sharedRoot>/<env>/<run dir> with a shared root', () => {
    expect(checkpointRootFor('/out/ner/20260101T000000Z_seed42', '/mnt/shared')).toBe('/mnt/shared/ner/20260101T000000Z_seed42');
    expect(checkpointRootFor('/out/ner/20260101T000000Z/', '/mnt/shared/')).toBe('/mnt/shared/ner/20260101T000000Z');
    expect(checkpointRootFor('/out/ner/20260101T000000Z_seed42', 's3://bench/team/')).toBe('s3://bench/team/ner/20260101T000000Z_seed42');
    expect(checkpointRootFor('out/ner/20260101T000000Z', 's3://bench')).toBe('s3://bench/ner/20260101T000000Z');
  });
});

describe('latestCheckpoint', () => {
  let root: string;
  beforeEach(() => (root = tempDir('latest-checkpoint-')));
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  const manifest = (iteration: number) =>
    JSON.stringify({ version: 1, run_id: 'r', iteration, created_at: `2026-01-0${iteration + 1}T00:00:00.000000+00:00`, summary: {}, files: [] });

  it('returns null for a missing or empty root', async () => {
    expect(await latestCheckpoint(path.join(root, 'nope'))).toBeNull();
    expect(await latestCheckpoint(root)).toBeNull();
  });

  it('picks the highest iteration with a readable manifest, ignoring temp and backup dirs', async () => {
    for (const [name, content] of [
      ['iteration_000', manifest(0)],
      ['iteration_002', manifest(2)],
      ['iteration_010', '{ torn'],
      ['.tmp-abc', manifest(9)],
      ['.iteration_003.backup-abc', manifest(3)],
    ] as const) {
      await fsp.mkdir(path.join(root, name));
      await fsp.writeFile(path.join(root, name, 'checkpoint.json'), content);
    }
    await fsp.mkdir(path.join(root, 'iteration_011')); // no manifest: never completed
    expect(await latestCheckpoint(root)).toEqual({ dir: path.join(root, 'iteration_002'), iteration: 2, createdAt: '2026-01-03T00:00:00.000000+00:00' });
  });
});

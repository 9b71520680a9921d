import { promises as fsp, existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { EnvironmentSchema, type EnvironmentConfig } from '../config/schema';
import { CheckpointError, SnapshotError } from './errors';
import { restoreCheckpoint } from './restore-checkpoint';
import { exportSnapshot, validateSnapshot, type BaselineCheckpointSummary } from './snapshot';
import { writeCheckpoint } from './write-checkpoint';
import { makeWorkDir, readRows, tempDir, treeDigest, type WorkDirFixture } from '../test/fixtures/checkpoint-work-dir';

const metrics = (mean: number) => ({ exact_match: { variants: { initial: { mean, std: 0.5, n: 4, n_episodes: 4, ci_error: 0.49 } }, n: 4, n_episodes: 4 } });
const SUMMARY: BaselineCheckpointSummary = {
  train: { total: 5, succeeded: 4, failed: 1, error_counts: { timeout: 1 }, variant_metrics: metrics(0.5) },
  test: { total: 4, succeeded: 4, failed: 0, error_counts: {}, variant_metrics: metrics(0.75) },
  trainMetrics: { exact_match: { variants: { initial: { mean: 0.5, std: 0.5, n: 4, ci_error: 0.49 } }, n: 4 } },
};
const NOW = new Date('2026-03-20T15:30:00Z');

const envOf = (overrides: Record<string, unknown> = {}): EnvironmentConfig =>
  EnvironmentSchema.parse({ name: 'ner_conllpp_v0', function_name: 'extract_entities', metric_name: 'exact_match', env_config: { horizon: 1 }, ...overrides });

describe('snapshots', () => {
  let root: string;
  let work: WorkDirFixture;
  let baseline: string;
  const snapshotRoot = () => path.join(root, 'snapshots');

  beforeEach(async () => {
    root = tempDir('snapshot-');
    work = makeWorkDir(path.join(root, 'output', 'ner_conllpp_v0', '20260320T150000Z'), { autopilot: false });
    // The lead's baseline step puts more into the summary than a snapshot keeps.
    const summary = { ...SUMMARY, train: { ...SUMMARY.train, duration_s: 12 } };
    baseline = (await writeCheckpoint({ workDir: work.workDir, checkpointRoot: path.join(root, 'checkpoints'), runId: 'run-1', iteration: 0, summary })).dir;
  });
  afterEach(() => {
    work.close();
    rmSync(root, { recursive: true, force: true });
  });

  const readJsonText = (dir: string, rel: string) => readFileSync(path.join(dir, rel), 'utf8');
  const expectJsonFile = (dir: string, rel: string, value: unknown) => expect(readJsonText(dir, rel)).toBe(JSON.stringify(value, null, 2) + '\n');

  describe('exportSnapshot', () => {
    it("writes the original's files plus the checkpoint layout, without the test store", async () => {
      const dir = await exportSnapshot({ checkpointDir: baseline, snapshotRoot: snapshotRoot(), env: envOf(), now: NOW });

      expect(dir).toBe(path.join(snapshotRoot(), 'ner_conllpp_v0', '20260320T153000Z'));
      expect(readdirSync(dir).sort()).toEqual([
        'baseline_metrics.json',
        'baseline_stats.json',
        'checkpoint.json',
        'config',
        'results',
        'rollouts',
        'snapshot_metadata.json',
        'store',
        'stores',
      ]);
      expect(readdirSync(path.join(dir, 'store'))).toEqual(['train.sqlite']);
      expect(readdirSync(path.join(dir, 'stores'))).toEqual(['train.sqlite']);
      expect(readRows(path.join(dir, 'store/train.sqlite')).map((r) => r.label)).toEqual(['train-a', 'train-b', 'train-c']);
      expect(treeDigest(path.join(dir, 'config'))).toEqual(treeDigest(path.join(work.workDir, 'config')));
      expect(readdirSync(path.dirname(dir))).toEqual(['20260320T153000Z']); // no temp dir left

      expectJsonFile(dir, 'baseline_metrics.json', { train: SUMMARY.trainMetrics, test: SUMMARY.test.variant_metrics });
      expectJsonFile(dir, 'baseline_stats.json', { train: SUMMARY.train, test: SUMMARY.test });
      expectJsonFile(dir, 'snapshot_metadata.json', {
        env_name: 'ner_conllpp_v0',
        function_name: 'extract_entities',
        metric_name: 'exact_match',
        initial_model: 'openai::gpt-4o-mini',
        episodes_per_iteration: 100,
        task_split: 'train',
        created_at: '2026-03-20T15:30:00.000000+00:00',
        env_config: { horizon: 1 },
      });
      const manifest = JSON.parse(readJsonText(dir, 'checkpoint.json'));
      expect(manifest.iteration).toBe(0);
      expect(manifest.files).not.toContain('stores/test.sqlite');
      expect(manifest.files).toContain('stores/train.sqlite');
      expect(manifest.files).not.toContain('baseline_metrics.json');
    });

    it('writes null train metrics when the gateway reported none', async () => {
      const ref = await writeCheckpoint({ workDir: work.workDir, checkpointRoot: path.join(root, 'checkpoints'), runId: 'r', iteration: 0, summary: { ...SUMMARY, trainMetrics: null } });
      const dir = await exportSnapshot({ checkpointDir: ref.dir, snapshotRoot: snapshotRoot(), env: envOf(), now: NOW });
      expect(JSON.parse(readJsonText(dir, 'baseline_metrics.json'))).toEqual({ train: null, test: SUMMARY.test.variant_metrics });
    });

    it('refuses a checkpoint whose summary is not a baseline summary, leaving nothing behind', async () => {
      const ref = await writeCheckpoint({ workDir: work.workDir, checkpointRoot: path.join(root, 'checkpoints'), runId: 'r', iteration: 3, summary: { train: { total: 'x' } } });
      const error = (await exportSnapshot({ checkpointDir: ref.dir, snapshotRoot: snapshotRoot(), env: envOf(), now: NOW }).catch((e: unknown) => e)) as CheckpointError;
      expect(error).toBeInstanceOf(CheckpointError);
      expect(error.problems.join('\n')).toMatch(/summary\.train\.total.*\n.*summary\.train\.succeeded/);
      expect(error.message).toMatch(/summary\.test: expected rollout stats/);
      expect(error.message).toMatch(/summary\.trainMetrics/);
      expect(existsSync(snapshotRoot())).toBe(false);
    });
  });

  describe('validateSnapshot', () => {
    let dir: string;
    beforeEach(async () => {
      dir = await exportSnapshot({ checkpointDir: baseline, snapshotRoot: snapshotRoot(), env: envOf(), now: NOW });
    });
    const editMetadata = (edit: (m: Record<string, unknown>) => void) => {
      const file = path.join(dir, 'snapshot_metadata.json');
      const metadata = JSON.parse(readFileSync(file, 'utf8'));
      edit(metadata);
      writeFileSync(file, JSON.stringify(metadata, null, 2));
    };

    it('returns the metadata and the baseline metrics and stats', async () => {
      const contents = await validateSnapshot(dir, envOf());
      expect(contents.dir).toBe(dir);
      expect(contents.metadata.env_name).toBe('ner_conllpp_v0');
      expect(contents.metrics).toEqual({ train: SUMMARY.trainMetrics, test: SUMMARY.test.variant_metrics });
      expect(contents.stats).toEqual({ train: SUMMARY.train, test: SUMMARY.test });
    });

    it('does not compare initial_model, episodes_per_iteration, task_split or env_config', async () => {
      const env = envOf({ initial_model: 'sim::large', episodes_per_iteration: 3, task_split: 'dev', env_config: { horizon: 9 } });
      await expect(validateSnapshot(dir, env)).resolves.toMatchObject({ metadata: { env_config: { horizon: 1 } } });
    });

    it('accepts metadata without env_config as {}', async () => {
      editMetadata((m) => delete m.env_config);
      expect((await validateSnapshot(dir, envOf())).metadata.env_config).toEqual({});
    });

    it('accepts env_name equal to the effective llmgym env (Harbor snapshots stored harbor_v0)', async () => {
      editMetadata((m) => (m.env_name = 'harbor_v0'));
      await expect(validateSnapshot(dir, envOf({ name: 'terminal_bench', llmgym_env: 'harbor_v0' }))).resolves.toBeDefined();
      await expect(validateSnapshot(dir, envOf())).rejects.toThrow(/env_name: snapshot="harbor_v0" config="ner_conllpp_v0"/);
    });

    it('lists every missing path in one SnapshotError', async () => {
      await fsp.rm(path.join(dir, 'config'), { recursive: true });
      await fsp.rm(path.join(dir, 'store'), { recursive: true });
      await fsp.rm(path.join(dir, 'baseline_stats.json'));
      await fsp.rm(path.join(dir, 'snapshot_metadata.json'));
      const error = (await validateSnapshot(dir, envOf()).catch((e: unknown) => e)) as SnapshotError;
      expect(error).toBeInstanceOf(SnapshotError);
      expect(error.name).toBe('SnapshotError');
      expect(error.missing).toEqual(['config/', 'store/train.sqlite', 'baseline_stats.json', 'snapshot_metadata.json']);
      for (const p of error.missing) expect(error.message).toContain(`missing required path: ${p}`);
    });

    it('lists every metadata mismatch in one SnapshotError, together with missing paths', async () => {
      editMetadata((m) => {
        m.env_name = 'babyai';
        m.function_name = 'act';
        m.metric_name = 'success';
      });
      await fsp.rm(path.join(dir, 'baseline_metrics.json'));
      const error = (await validateSnapshot(dir, envOf({ name: 'terminal_bench', llmgym_env: 'harbor_v0' })).catch((e: unknown) => e)) as SnapshotError;
      expect(error).toBeInstanceOf(SnapshotError);
      expect(error.missing).toEqual(['baseline_metrics.json']);
      expect(error.problems).toEqual([
        'metadata mismatch: env_name: snapshot="babyai" config="terminal_bench" or "harbor_v0"',
        'metadata mismatch: function_name: snapshot="act" config="extract_entities"',
        'metadata mismatch: metric_name: snapshot="success" config="exact_match"',
      ]);
    });

    it("explains a snapshot of the original harness (postgres/ instead of store/)", async () => {
      await fsp.rm(path.join(dir, 'store'), { recursive: true });
      await fsp.mkdir(path.join(dir, 'postgres'));
      await expect(validateSnapshot(dir, envOf())).rejects.toThrow(/postgres\/ found/);
    });

    it('reports unreadable JSON', async () => {
      writeFileSync(path.join(dir, 'baseline_stats.json'), '{ torn');
      await expect(validateSnapshot(dir, envOf())).rejects.toThrow(/baseline_stats\.json: unreadable/);
    });
  });

  it('restores through restoreCheckpoint with an empty test store', async () => {
    const dir = await exportSnapshot({ checkpointDir: baseline, snapshotRoot: snapshotRoot(), env: envOf(), now: NOW });
    const fresh = makeWorkDir(path.join(root, 'output', 'ner_conllpp_v0', '20260321T000000Z'));
    fresh.close();
    try {
      const manifest = await restoreCheckpoint({ checkpointDir: dir, workDir: fresh.workDir, testStore: 'empty' });
      expect(manifest.summary).toMatchObject({ trainMetrics: SUMMARY.trainMetrics });
      expect(treeDigest(path.join(fresh.workDir, 'config'))).toEqual(treeDigest(path.join(dir, 'config')));
      expect(treeDigest(path.join(fresh.workDir, 'rollouts'))).toEqual(treeDigest(path.join(dir, 'rollouts')));
      expect(readRows(path.join(fresh.workDir, 'gateway/store.sqlite')).map((r) => r.label)).toEqual(['train-a', 'train-b', 'train-c']);
      expect(existsSync(path.join(fresh.workDir, 'gateway/test/store.sqlite'))).toBe(false);
      expect(existsSync(path.join(fresh.workDir, 'autopilot'))).toBe(false); // the snapshot has none
      // The snapshot itself is unchanged by the restore (its two store paths may share an inode).
      expect(readRows(path.join(dir, 'store/train.sqlite'))).toHaveLength(3);
      await expect(restoreCheckpoint({ checkpointDir: dir, workDir: fresh.workDir, testStore: 'restore' })).rejects.toThrow(/stores\/test\.sqlite/);
    } finally {
      fresh.close();
    }
  });
});

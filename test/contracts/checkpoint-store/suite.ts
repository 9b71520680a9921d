/**
 * The checkpoint store contract (checkpoints/checkpoint-store.ts): what writing, finding and
 * restoring checkpoints relies on from a store, checked the same way on every backend. Each
 * check gets a fresh, empty root from the backend under test.
 */
import { createHash } from 'node:crypto';
import { promises as fs, rmSync } from 'node:fs';
import * as path from 'node:path';
import { CheckpointError, restoreCheckpoint, withLocalCheckpoint, writeCheckpoint, type CheckpointStore } from '../../../checkpoints';
import { MANIFEST_FILE } from '../../../checkpoints/layout';
import { addRows, makeWorkDir, readRows, tempDir, treeDigest } from '../../fixtures/checkpoint-work-dir';
import { treeHash } from '../../support/tree-hash';

export interface StoreUnderTest {
  /** a store on a fresh, empty root */
  open(): Promise<CheckpointStore>;
  /** replaces the stored manifest of checkpoint `name` with `text`, or deletes it (null): what a crash or a torn write leaves */
  putManifest(store: CheckpointStore, name: string, text: string | null): Promise<void>;
  /** whether checkpoints pass through the local scratch dir on their way in and out (a remote store's staging and downloads) */
  usesScratch: boolean;
}

/** A finished checkpoint dir in `dir`: a manifest listing `files` (name → content), written last. */
async function buildCheckpoint(dir: string, iteration: number, files: Record<string, string>): Promise<void> {
  for (const [rel, content] of Object.entries(files)) {
    await fs.mkdir(path.dirname(path.join(dir, rel)), { recursive: true });
    await fs.writeFile(path.join(dir, rel), content);
  }
  const manifest = { version: 1, run_id: 'run-1', iteration, created_at: `2026-01-01T00:00:${String(iteration).padStart(2, '0')}.000000+00:00`, summary: { iteration }, files: Object.keys(files).sort() };
  await fs.writeFile(path.join(dir, MANIFEST_FILE), JSON.stringify(manifest, null, 2) + '\n');
}

const FILES = {
  'config/tensorzero.toml': '[functions]\n',
  'stores/train.sqlite': 'train bytes \u0000\u0001',
  'stores/test.sqlite': 'test bytes',
  'rollouts/iteration_000/baseline/test/episode_timings.jsonl': '{"episode":0}\n{"episode":1}\n',
};

export function defineCheckpointStoreContract(name: string, backend: StoreUnderTest): void {
  describe(`checkpoint store contract: ${name}`, () => {
    let store: CheckpointStore;
    let local: string;
    beforeEach(async () => {
      store = await backend.open();
      local = tempDir('store-contract-local-');
    });
    afterEach(() => rmSync(local, { recursive: true, force: true }));

    async function publish(iteration: number, files: Record<string, string> = FILES): Promise<string> {
      const staged = await store.stage();
      await buildCheckpoint(staged, iteration, files);
      return store.publish(staged, `iteration_${String(iteration).padStart(3, '0')}`);
    }

    it('an empty root has no checkpoints', async () => {
      expect(await store.list()).toEqual([]);
      expect(await store.latest()).toBeNull();
    });

    it('publishes a staged checkpoint and fetches it back byte for byte', async () => {
      const expected = path.join(local, 'expected');
      await buildCheckpoint(expected, 1, FILES);
      const staged = await store.stage();
      await fs.cp(expected, staged, { recursive: true });
      const where = await store.publish(staged, 'iteration_001');

      await expect(fs.stat(staged)).rejects.toMatchObject({ code: 'ENOENT' }); // used up
      expect(where).toBe(`${store.root}/iteration_001`);
      expect(await store.list()).toEqual(['iteration_001']);
      expect(await store.latest()).toEqual({ dir: where, iteration: 1, createdAt: '2026-01-01T00:00:01.000000+00:00' });
      await store.fetch('iteration_001', path.join(local, 'fetched'));
      expect(await treeHash(path.join(local, 'fetched'))).toBe(await treeHash(expected));
    });

    it('lists by iteration and finds the highest as latest (10 after 2, not before)', async () => {
      await publish(2);
      await publish(10);
      await publish(0);
      expect(await store.list()).toEqual(['iteration_000', 'iteration_002', 'iteration_010']);
      expect((await store.latest())?.iteration).toBe(10);
    });

    it('publishing a name again replaces the whole checkpoint (no file of the old one survives)', async () => {
      await publish(1, { ...FILES, 'autopilot/old-only.json': '{}' });
      await publish(1, { 'config/tensorzero.toml': '# redone\n', 'stores/train.sqlite': 'new', 'stores/test.sqlite': 'new' });
      await store.fetch('iteration_001', path.join(local, 'fetched'));
      expect(treeDigest(path.join(local, 'fetched'))).toEqual({
        'checkpoint.json': expect.any(String),
        'config/tensorzero.toml': treeDigestOf('# redone\n'),
        'stores/test.sqlite': treeDigestOf('new'),
        'stores/train.sqlite': treeDigestOf('new'),
      });
    });

    it('a checkpoint without its manifest is invisible: not listed, not latest, not fetched', async () => {
      await publish(1);
      await publish(2);
      await backend.putManifest(store, 'iteration_002', null);
      expect(await store.list()).toEqual(['iteration_001']);
      expect((await store.latest())?.iteration).toBe(1);
      await expect(store.fetch('iteration_002', path.join(local, 'fetched'))).rejects.toBeInstanceOf(CheckpointError);
    });

    it('a damaged latest manifest falls back to the checkpoint before it', async () => {
      await publish(1);
      await publish(2);
      await backend.putManifest(store, 'iteration_002', '{ torn');
      expect((await store.latest())?.iteration).toBe(1);
      await expect(store.fetch('iteration_002', path.join(local, 'fetched'))).rejects.toThrow(/checkpoint\.json: unreadable/);
    });

    it('refuses a manifest that points outside the checkpoint', async () => {
      await publish(1);
      await backend.putManifest(store, 'iteration_001', JSON.stringify({ version: 1, run_id: 'r', iteration: 1, created_at: 'x', summary: {}, files: ['../../escape'] }));
      await expect(store.fetch('iteration_001', path.join(local, 'fetched'))).rejects.toThrow(/not relative paths inside the checkpoint: "\.\.\/\.\.\/escape"/);
      await expect(fs.stat(path.join(local, 'escape'))).rejects.toMatchObject({ code: 'ENOENT' });
    });

    it('removes a checkpoint; removing one that is absent is a no-op', async () => {
      await publish(1);
      await publish(2);
      await store.remove('iteration_002');
      await store.remove('iteration_007');
      expect(await store.list()).toEqual(['iteration_001']);
      await expect(store.fetch('iteration_002', path.join(local, 'fetched'))).rejects.toBeInstanceOf(CheckpointError);
    });

    it('fetch refuses to write into an existing directory; discard removes a staged dir', async () => {
      await publish(1);
      await fs.mkdir(path.join(local, 'there'));
      await expect(store.fetch('iteration_001', path.join(local, 'there'))).rejects.toThrow(/already exists/);
      const staged = await store.stage();
      await store.discard(staged);
      await expect(fs.stat(staged)).rejects.toMatchObject({ code: 'ENOENT' });
      expect(await store.list()).toEqual(['iteration_001']);
    });

    it('writeCheckpoint into the store, then a restore on another machine puts the work dir back', async () => {
      const work = makeWorkDir(path.join(local, 'machine-a', 'ner', 'run'));
      let ref;
      try {
        ref = await writeCheckpoint({ workDir: work.workDir, checkpointRoot: store.root, scratchDir: path.join(local, 'scratch'), runId: 'run-1', iteration: 1, summary: { step: 1 } });
        addRows(work.train, ['after-the-checkpoint']);
      } finally {
        work.close();
      }
      expect(ref.dir).toBe(`${store.root}/iteration_001`);
      expect(await store.latest()).toEqual(ref);

      const elsewhere = path.join(local, 'machine-b', 'ner', 'run');
      const manifest = await withLocalCheckpoint(ref.dir, path.join(local, 'scratch'), (dir) => restoreCheckpoint({ checkpointDir: dir, workDir: elsewhere, testStore: 'restore' }));
      expect(manifest.summary).toEqual({ step: 1 });
      for (const dir of ['config', 'results', 'rollouts', 'autopilot']) expect(treeDigest(path.join(elsewhere, dir))).toEqual(treeDigest(path.join(work.workDir, dir)));
      expect(readRows(path.join(elsewhere, 'gateway/store.sqlite')).map((r) => r.label)).toEqual(['train-a', 'train-b', 'train-c']);
      expect(readRows(path.join(elsewhere, 'gateway/test/store.sqlite')).map((r) => r.label)).toEqual(['test-a']);
      // a remote store staged and downloaded through the scratch dir and left nothing there; a local one never touched it
      const scratch = await fs.readdir(path.join(local, 'scratch')).catch((err: NodeJS.ErrnoException) => err.code);
      expect(scratch).toEqual(backend.usesScratch ? [] : 'ENOENT');
    });
  });
}

const treeDigestOf = (content: string) => createHash('sha256').update(content).digest('hex');

/**
 * The checkpoint store contract on the S3 backend, against moto's S3 server (a real HTTP server
 * speaking the S3 wire format, in memory; test/fakes/moto-s3/moto-s3-server.ts) — not AWS itself.
 * Plus what only S3 needs: an upload that dies part way never looks complete.
 */
import { promises as fs, rmSync } from 'node:fs';
import * as path from 'node:path';
import { DeleteObjectCommand, ListObjectsV2Command, PutObjectCommand } from '@aws-sdk/client-s3';
import { CheckpointStorageError, exportSnapshot, validateSnapshot, withLocalCheckpoint, writeCheckpoint } from '../../../checkpoints';
import { EnvironmentSchema } from '../../../config/schema';
import { MANIFEST_FILE } from '../../../checkpoints/layout';
import { S3CheckpointStore } from '../../../checkpoints/s3-checkpoint-store';
import { s3ClientFromEnv } from '../../../checkpoints/s3-client';
import { parseS3Url } from '../../../common/s3-location';
import { makeWorkDir, readRows, tempDir } from '../../fixtures/checkpoint-work-dir';
import { startMotoS3Server, type MotoS3Server } from '../../fakes/moto-s3/moto-s3-server';
import { defineCheckpointStoreContract } from './suite';

process.env.LOG_LEVEL ??= 'silent';
jest.setTimeout(60_000);

const BUCKET = 'checkpoints';
let server: MotoS3Server;
let client: ReturnType<typeof s3ClientFromEnv>;
let scratch: string;
let roots = 0;

beforeAll(async () => {
  server = await startMotoS3Server();
  await server.createBucket(BUCKET);
  // writeCheckpoint and withLocalCheckpoint build their own client from the AWS variables, as a worker does
  Object.assign(process.env, server.env);
  client = s3ClientFromEnv(server.env);
  scratch = tempDir('s3-store-contract-scratch-');
}, 90_000);
afterAll(async () => {
  client?.destroy();
  await server?.stop();
  rmSync(scratch, { recursive: true, force: true });
});

const openStore = (root = `s3://${BUCKET}/team/ner/run-${++roots}`) => new S3CheckpointStore(root, { client, scratchDir: scratch });
const manifestKey = (store: { root: string }, name: string) => `${parseS3Url(store.root).prefix}/${name}/${MANIFEST_FILE}`;

defineCheckpointStoreContract('S3 (moto server)', {
  async open() {
    return openStore();
  },
  async putManifest(store, name, text) {
    const Key = manifestKey(store, name);
    if (text === null) await client.send(new DeleteObjectCommand({ Bucket: BUCKET, Key }));
    else await client.send(new PutObjectCommand({ Bucket: BUCKET, Key, Body: text }));
  },
  usesScratch: true,
});

describe('S3 checkpoint store, beyond the contract', () => {
  it('an upload that fails part way leaves the checkpoint invisible; the one before stays latest', async () => {
    const store = openStore();
    const staged = await store.stage();
    await fs.mkdir(path.join(staged, 'config'));
    await fs.writeFile(path.join(staged, 'config/tensorzero.toml'), '[functions]\n');
    const manifest = (iteration: number, files: string[]) => JSON.stringify({ version: 1, run_id: 'r', iteration, created_at: `t${iteration}`, summary: {}, files });
    await fs.writeFile(path.join(staged, MANIFEST_FILE), manifest(1, ['config/tensorzero.toml']));
    await store.publish(staged, 'iteration_001');

    // iteration 2: its manifest lists a file the staged dir lost, so the upload stops after the others
    const broken = await store.stage();
    await fs.mkdir(path.join(broken, 'config'));
    await fs.writeFile(path.join(broken, 'config/tensorzero.toml'), '# iteration 2\n');
    await fs.writeFile(path.join(broken, MANIFEST_FILE), manifest(2, ['config/tensorzero.toml', 'stores/train.sqlite']));
    await expect(store.publish(broken, 'iteration_002')).rejects.toThrow(/ENOENT/);

    const listed = await client.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: parseS3Url(store.root).prefix + '/iteration_002/' }));
    expect((listed.Contents ?? []).map((o) => o.Key!.split('/').slice(-2).join('/'))).toEqual(['config/tensorzero.toml']); // files went up, the manifest did not
    expect(await store.list()).toEqual(['iteration_001']);
    expect((await store.latest())?.iteration).toBe(1);
    await store.discard(broken);
  });

  it('a snapshot is exported from an S3 baseline checkpoint, downloaded to a temp dir that is removed afterwards', async () => {
    const root = tempDir('s3-snapshot-');
    const work = makeWorkDir(path.join(root, 'out', 'ner_conllpp_v0', '20260320T150000Z'), { autopilot: false });
    const stats = { total: 2, succeeded: 2, failed: 0, error_counts: {}, variant_metrics: {} };
    try {
      const ref = await writeCheckpoint({ workDir: work.workDir, checkpointRoot: openStore().root, scratchDir: path.join(root, 'scratch'), runId: 'r', iteration: 0, summary: { train: stats, test: stats, trainMetrics: {} } });
      const env = EnvironmentSchema.parse({ name: 'ner_conllpp_v0', function_name: 'extract_entities', metric_name: 'exact_match' });
      const dir = await withLocalCheckpoint(ref.dir, path.join(root, 'scratch'), (checkpointDir) => exportSnapshot({ checkpointDir, snapshotRoot: path.join(root, 'snapshots'), env }));
      await validateSnapshot(dir, env);
      expect(readRows(path.join(dir, 'store/train.sqlite')).map((r) => r.label)).toEqual(['train-a', 'train-b', 'train-c']);
      expect(await fs.readdir(path.join(root, 'scratch'))).toEqual([]);
    } finally {
      work.close();
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('a missing bucket is a CheckpointStorageError naming the location, the operation and S3\'s error', async () => {
    const store = new S3CheckpointStore('s3://no-such-bucket/run', { client, scratchDir: scratch });
    const error = await store.list().catch((err: unknown) => err);
    expect(error).toBeInstanceOf(CheckpointStorageError);
    expect(error).toMatchObject({ location: 's3://no-such-bucket/run', operation: 'list', reason: expect.stringMatching(/^NoSuchBucket \(HTTP 404\)/) });
  });
});

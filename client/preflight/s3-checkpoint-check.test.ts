/**
 * The S3 checkpoint location check against moto's S3 server (a real HTTP server speaking the S3
 * wire format, in memory; test/fakes/moto-s3/moto-s3-server.ts), and against a port nothing listens on.
 */
import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import { freePort } from '../../common/ports';
import { s3ClientFromEnv } from '../../checkpoints/s3-client';
import { startMotoS3Server, type MotoS3Server } from '../../test/fakes/moto-s3/moto-s3-server';
import { checkS3CheckpointRoot } from './s3-checkpoint-check';

jest.setTimeout(60_000);
let server: MotoS3Server;

beforeAll(async () => {
  server = await startMotoS3Server();
  await server.createBucket('bench-ckpts');
}, 90_000);
afterAll(() => server?.stop());

const SECRET = 'do-not-print-this-secret';
const withEnv = (extra: NodeJS.ProcessEnv = {}) => ({ ...server.env, AWS_SECRET_ACCESS_KEY: SECRET, ...extra });

test('a writable bucket passes, and the probe object is removed again', async () => {
  expect(await checkS3CheckpointRoot('s3://bench-ckpts/team', withEnv(), 5_000)).toEqual([]);
  const client = s3ClientFromEnv(server.env);
  const listed = await client.send(new ListObjectsV2Command({ Bucket: 'bench-ckpts' }));
  client.destroy();
  expect(listed.Contents ?? []).toEqual([]);
});

test('a missing bucket is named, with S3\'s error and a hint, and no credentials', async () => {
  const problems = await checkS3CheckpointRoot('s3://no-such-bucket/team', withEnv(), 5_000);
  expect(problems).toEqual([
    {
      check: 'checkpoint-storage',
      where: 'infra.checkpoint_dir (s3://no-such-bucket/team)',
      message: expect.stringMatching(new RegExp(`^cannot write a probe object to s3://no-such-bucket/team/\\.autopilot-benchmark-preflight-[0-9a-f]+ via ${server.endpoint}: NoSuchBucket \\(HTTP 404\\): .* — the bucket does not exist`)),
    },
  ]);
  expect(JSON.stringify(problems)).not.toContain(SECRET);
});

test('an endpoint nothing answers on is named with the connection error', async () => {
  const endpoint = `http://127.0.0.1:${await freePort()}`;
  const problems = await checkS3CheckpointRoot('s3://bench-ckpts', withEnv({ AWS_ENDPOINT_URL: endpoint }), 5_000);
  expect(problems).toHaveLength(1);
  expect(problems[0].message).toMatch(new RegExp(`^cannot write a probe object to s3://bench-ckpts/\\.autopilot-benchmark-preflight-[0-9a-f]+ via ${endpoint}: .*ECONNREFUSED`));
  expect(JSON.stringify(problems)).not.toContain(SECRET);
});

test('a custom endpoint without AWS_REGION is named before any request', async () => {
  const problems = await checkS3CheckpointRoot('s3://bench-ckpts', withEnv({ AWS_REGION: '', AWS_DEFAULT_REGION: '' }), 5_000);
  expect(problems).toEqual([{ check: 'checkpoint-storage', where: 'infra.checkpoint_dir (s3://bench-ckpts)', message: expect.stringMatching(/^AWS_REGION is not set/) }]);
});

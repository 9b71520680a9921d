import { spawn, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import { CreateBucketCommand } from '@aws-sdk/client-s3';
import { freePort } from '../../../common/ports';
import { s3ClientFromEnv } from '../../../checkpoints/s3-client';
import { REPO_ROOT } from '../../support/cli';
import { until } from '../../support/until';

/**
 * moto's S3 server (`python -m moto.server`, PyPI `moto[server]`, installed into .venv by
 * scripts/setup.sh from test/fakes/moto-s3/requirements.txt): a real HTTP server speaking the
 * S3 wire format, keeping every bucket in memory, on a free loopback port. It stands in for AWS
 * S3 or another S3-compatible store; what it accepts is what moto emulates, not AWS itself.
 */
export interface MotoS3Server {
  endpoint: string;
  /** the standard AWS variables that point an S3 client (ours, in any process) at this server */
  env: Record<string, string>;
  createBucket(name: string): Promise<void>;
  stop(): Promise<void>;
}

const python = process.env.MOTO_PYTHON ?? path.join(REPO_ROOT, '.venv', 'bin', 'python');

export async function startMotoS3Server(): Promise<MotoS3Server> {
  const port = await freePort();
  const child: ChildProcess = spawn(python, ['-m', 'moto.server', '-H', '127.0.0.1', '-p', String(port)], { stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  child.stderr!.on('data', (d: Buffer) => (log = (log + d.toString()).slice(-4000)));
  const exited = new Promise<never>((_, reject) => child.once('exit', (code) => reject(new Error(`moto server exited (${code}); is moto[server] installed in ${python}? ${log}`))));
  exited.catch(() => undefined);
  const endpoint = `http://127.0.0.1:${port}`;
  await Promise.race([until('moto S3 server answering', async () => (await fetch(`${endpoint}/moto-api/`)).ok, 60_000), exited]);
  // moto accepts any key pair; these are not secrets.
  const env = { AWS_ENDPOINT_URL: endpoint, AWS_REGION: 'us-east-1', AWS_ACCESS_KEY_ID: 'moto-test-key', AWS_SECRET_ACCESS_KEY: 'moto-test-secret' };
  return {
    endpoint,
    env,
    async createBucket(name) {
      const client = s3ClientFromEnv(env);
      try {
        await client.send(new CreateBucketCommand({ Bucket: name }));
      } finally {
        client.destroy();
      }
    },
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const gone = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await gone;
    },
  };
}

import { randomBytes } from 'node:crypto';
import { DeleteObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { joinKey, parseS3Url } from '../../common/s3-location';
import { s3ClientFromEnv } from '../../checkpoints/s3-client';
import { describeS3Error } from '../../checkpoints/s3-checkpoint-store';
import type { PreflightProblem } from './preflight-error';

/** Hints for the errors a misconfigured bucket or client gives, by SDK error name. */
const HINTS: Record<string, string> = {
  NoSuchBucket: 'the bucket does not exist (create it, or fix the bucket name)',
  AccessDenied: 'the credentials may not write there (check the policy for s3:PutObject and s3:DeleteObject)',
  InvalidAccessKeyId: 'AWS_ACCESS_KEY_ID is not a key this endpoint knows',
  SignatureDoesNotMatch: 'AWS_SECRET_ACCESS_KEY does not match AWS_ACCESS_KEY_ID',
  CredentialsProviderError: 'no credentials found: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (or a profile or role)',
};

/**
 * The S3 checkpoint location is reachable and writable: a probe object is put under its prefix
 * and deleted again, with the standard AWS variables from `processEnv`. The problem names the
 * URL, the endpoint and what the server said; never the credentials.
 */
export async function checkS3CheckpointRoot(url: string, processEnv: NodeJS.ProcessEnv, timeoutMs: number): Promise<PreflightProblem[]> {
  const where = `infra.checkpoint_dir (${url})`;
  const endpoint = processEnv.AWS_ENDPOINT_URL_S3 || processEnv.AWS_ENDPOINT_URL;
  const via = endpoint ? ` via ${endpoint}` : '';
  if (!processEnv.AWS_REGION && !processEnv.AWS_DEFAULT_REGION && endpoint) {
    return [{ check: 'checkpoint-storage', where, message: `AWS_REGION is not set; S3 requests need a region even for a custom endpoint (any, e.g. us-east-1, for most S3-compatible servers)` }];
  }
  const { bucket, prefix } = parseS3Url(url);
  const client = s3ClientFromEnv(processEnv);
  const Key = joinKey(prefix, `.autopilot-benchmark-preflight-${randomBytes(6).toString('hex')}`);
  try {
    const options = { abortSignal: AbortSignal.timeout(timeoutMs) };
    await client.send(new PutObjectCommand({ Bucket: bucket, Key, Body: 'preflight' }), options);
    await client.send(new DeleteObjectCommand({ Bucket: bucket, Key }), options);
    return [];
  } catch (err) {
    const name = (err as Error)?.name ?? '';
    const hint = HINTS[name] ?? (name === 'AbortError' || name === 'TimeoutError' ? `no answer within ${timeoutMs / 1000} s` : '');
    return [{ check: 'checkpoint-storage', where, message: `cannot write a probe object to s3://${bucket}/${Key}${via}: ${describeS3Error(err)}${hint ? ` — ${hint}` : ''}` }];
  } finally {
    client.destroy();
  }
}

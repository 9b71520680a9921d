import { createReadStream, createWriteStream, promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { Readable } from 'node:stream';
import { DeleteObjectCommand, GetObjectCommand, HeadObjectCommand, ListObjectsV2Command, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { formatS3Url, joinKey, parseS3Url, type S3Location } from '../common/s3-location';
import { removeDir } from '../gateway/dir-swap';
import { byIteration, firstReadable, type CheckpointStore } from './checkpoint-store';
import { CheckpointError, CheckpointStorageError } from './errors';
import { statOrNull } from './file-tree';
import { MANIFEST_FILE } from './layout';
import { parseCheckpointManifest, readCheckpointManifest, type CheckpointManifest, type CheckpointRef } from './manifest';
import { s3ClientFromEnv } from './s3-client';

/** Objects moved at once; enough to hide per-request latency without flooding a small server. */
const TRANSFER_CONCURRENCY = 8;

export interface S3CheckpointStoreOptions {
  /** default: `s3ClientFromEnv()` (the standard AWS variables) */
  client?: S3Client;
  /** local directory checkpoints are built in before upload (default: the OS temp dir) */
  scratchDir?: string;
}

/**
 * Checkpoints as objects `<prefix>/iteration_NNN/<file>` in an S3 bucket (AWS, or any
 * S3-compatible server). S3 has no rename, so completeness is by order: `publish` uploads every
 * file first and `checkpoint.json` last, and everything here treats a checkpoint without its
 * manifest as absent — an upload killed part way never looks complete. Replacing a checkpoint
 * deletes the old manifest before anything else, so a killed replacement leaves the name
 * invisible (the previous iteration is then the latest) rather than a mix of old and new files.
 * Empty directories do not exist in S3 and do not survive the round trip.
 */
export class S3CheckpointStore implements CheckpointStore {
  readonly root: string;
  private readonly location: S3Location;
  private readonly client: S3Client;
  private readonly ownsClient: boolean;
  private readonly scratchDir: string;

  constructor(root: string, options: S3CheckpointStoreOptions = {}) {
    this.location = parseS3Url(root);
    this.root = formatS3Url(this.location);
    this.client = options.client ?? s3ClientFromEnv();
    this.ownsClient = options.client === undefined;
    this.scratchDir = options.scratchDir ?? os.tmpdir();
  }

  async stage(): Promise<string> {
    await fs.mkdir(this.scratchDir, { recursive: true });
    return fs.mkdtemp(path.join(this.scratchDir, '.checkpoint-upload-'));
  }

  async publish(staged: string, name: string): Promise<string> {
    const manifest = await readCheckpointManifest(staged);
    const url = this.urlOf(name);
    await this.remove(name);
    await forEachLimit(manifest.files, TRANSFER_CONCURRENCY, (rel) => this.upload(path.join(staged, rel), this.keyOf(name, rel), url));
    // Last: from here on the checkpoint is complete and visible.
    await this.upload(path.join(staged, MANIFEST_FILE), this.keyOf(name, MANIFEST_FILE), url);
    await removeDir(staged);
    return url;
  }

  async discard(staged: string): Promise<void> {
    await removeDir(staged);
  }

  async list(): Promise<string[]> {
    const names = byIteration(await this.childNames());
    // one HEAD per checkpoint, several at a time: a long run has one checkpoint per iteration
    const complete = new Set<string>();
    await forEachLimit(names, TRANSFER_CONCURRENCY, async (name) => {
      if (await this.exists(this.keyOf(name, MANIFEST_FILE))) complete.add(name);
    });
    return names.filter((name) => complete.has(name));
  }

  async latest(): Promise<CheckpointRef | null> {
    const names = (await this.list()).reverse();
    return firstReadable(names, async (name) => ({ dir: this.urlOf(name), manifest: await this.readManifest(name) }));
  }

  async fetch(name: string, localDir: string): Promise<void> {
    const manifest = await this.readManifest(name);
    if (await statOrNull(localDir)) throw new CheckpointError(localDir, [`cannot fetch ${this.urlOf(name)} into ${localDir}: it already exists`], [localDir]);
    await fs.mkdir(localDir, { recursive: true });
    try {
      await forEachLimit(manifest.files, TRANSFER_CONCURRENCY, (rel) => this.download(this.keyOf(name, rel), path.join(localDir, rel), this.urlOf(name)));
      await fs.writeFile(path.join(localDir, MANIFEST_FILE), JSON.stringify(manifest, null, 2) + '\n');
    } catch (err) {
      await removeDir(localDir);
      throw err;
    }
  }

  async remove(name: string): Promise<void> {
    const url = this.urlOf(name);
    await this.attempt(url, 'remove', () => this.client.send(new DeleteObjectCommand({ Bucket: this.location.bucket, Key: this.keyOf(name, MANIFEST_FILE) })));
    const keys = await this.keysUnder(joinKey(this.location.prefix, name) + '/', url);
    await forEachLimit(keys, TRANSFER_CONCURRENCY, async (Key) => {
      await this.attempt(url, 'remove', () => this.client.send(new DeleteObjectCommand({ Bucket: this.location.bucket, Key })));
    });
  }

  close(): void {
    if (this.ownsClient) this.client.destroy();
  }

  private keyOf(name: string, rel: string): string {
    return joinKey(this.location.prefix, name, rel);
  }

  private urlOf(name: string): string {
    return `${this.root}/${name}`;
  }

  private async readManifest(name: string): Promise<CheckpointManifest> {
    const dir = this.urlOf(name);
    const file = `${dir}/${MANIFEST_FILE}`;
    const text = await this.attempt(dir, 'download', async () => {
      try {
        const response = await this.client.send(new GetObjectCommand({ Bucket: this.location.bucket, Key: this.keyOf(name, MANIFEST_FILE) }));
        return await response.Body!.transformToString('utf8');
      } catch (err) {
        if (isNotFound(err)) return null;
        throw err;
      }
    });
    if (text === null) throw new CheckpointError(dir, [`${file}: missing`], [file]);
    return parseCheckpointManifest(text, dir, file);
  }

  private async upload(file: string, key: string, url: string): Promise<void> {
    const { size } = await fs.stat(file);
    await this.attempt(url, 'upload', () => this.client.send(new PutObjectCommand({ Bucket: this.location.bucket, Key: key, Body: createReadStream(file), ContentLength: size })));
  }

  private async download(key: string, file: string, url: string): Promise<void> {
    await fs.mkdir(path.dirname(file), { recursive: true });
    await this.attempt(url, 'download', async () => {
      const response = await this.client.send(new GetObjectCommand({ Bucket: this.location.bucket, Key: key }));
      await pipeline(response.Body as Readable, createWriteStream(file));
    });
  }

  private async exists(key: string): Promise<boolean> {
    return this.attempt(this.root, 'list', async () => {
      try {
        await this.client.send(new HeadObjectCommand({ Bucket: this.location.bucket, Key: key }));
        return true;
      } catch (err) {
        if (isNotFound(err)) return false;
        throw err;
      }
    });
  }

  /** The names one level below the root (`iteration_NNN` and anything else stored there). */
  private async childNames(): Promise<string[]> {
    const prefix = this.location.prefix ? `${this.location.prefix}/` : '';
    const names: string[] = [];
    let token: string | undefined;
    do {
      const page = await this.attempt(this.root, 'list', () => this.client.send(new ListObjectsV2Command({ Bucket: this.location.bucket, Prefix: prefix, Delimiter: '/', ContinuationToken: token })));
      for (const common of page.CommonPrefixes ?? []) names.push(common.Prefix!.slice(prefix.length).replace(/\/$/, ''));
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
    return names;
  }

  private async keysUnder(prefix: string, url: string): Promise<string[]> {
    const keys: string[] = [];
    let token: string | undefined;
    do {
      const page = await this.attempt(url, 'list', () => this.client.send(new ListObjectsV2Command({ Bucket: this.location.bucket, Prefix: prefix, ContinuationToken: token })));
      for (const object of page.Contents ?? []) keys.push(object.Key!);
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
    return keys;
  }

  /** Runs one S3 operation; its failure becomes a `CheckpointStorageError` naming the location. */
  private async attempt<T>(location: string, operation: string, action: () => Promise<T>): Promise<T> {
    try {
      return await action();
    } catch (err) {
      if (err instanceof CheckpointError || err instanceof CheckpointStorageError) throw err;
      throw new CheckpointStorageError(location, operation, describeS3Error(err));
    }
  }
}

const isNotFound = (err: unknown): boolean => {
  const name = (err as { name?: string })?.name;
  return name === 'NoSuchKey' || name === 'NotFound' || (err as { $metadata?: { httpStatusCode?: number } })?.$metadata?.httpStatusCode === 404;
};

/** `<error name>: <message>` of an SDK or network error (SDK errors carry no credentials). */
export function describeS3Error(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const status = (err as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
  const code = (err as NodeJS.ErrnoException).code;
  return `${err.name}${status ? ` (HTTP ${status})` : ''}${code && code !== err.name ? ` ${code}` : ''}: ${err.message || 'no message'}`;
}

/**
 * Runs `action` on every item, `limit` at a time. After the first failure no new item starts,
 * and the failure is thrown once the ones in flight have settled (nothing keeps writing after
 * the caller has seen the error).
 */
async function forEachLimit<T>(items: readonly T[], limit: number, action: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  let failure: { error: unknown } | null = null;
  const worker = async () => {
    while (!failure && next < items.length) {
      const item = items[next++];
      await action(item).catch((error: unknown) => {
        failure ??= { error };
      });
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  if (failure) throw (failure as { error: unknown }).error;
}

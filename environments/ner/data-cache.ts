import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { writeFileAtomic } from '../../common/atomic-write';

/** Where downloaded datasets are cached: `AUTOPILOT_BENCH_DATA_DIR`, else `~/.cache/autopilot-benchmarks`. */
export function dataCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.AUTOPILOT_BENCH_DATA_DIR || path.join(os.homedir(), '.cache', 'autopilot-benchmarks');
}

export class DatasetDownloadError extends Error {
  override name = 'DatasetDownloadError';
  constructor(readonly url: string, readonly status: number | null, detail: string) {
    super(`Downloading the dataset from ${url} failed: ${detail}`);
  }
}

export interface CachedDownloadOptions {
  /** default: dataCacheDir() */
  cacheDir?: string;
}

/**
 * The local path of `url`'s content, downloading it on first use. The cache file name is derived
 * from the URL, so a different URL never reuses another's file; writes are atomic.
 */
export async function cachedDownload(url: string, options: CachedDownloadOptions = {}): Promise<string> {
  const dir = options.cacheDir ?? dataCacheDir();
  const base = path.basename(new URL(url).pathname).replace(/[^A-Za-z0-9._-]/g, '_') || 'data';
  const file = path.join(dir, `${createHash('sha256').update(url).digest('hex').slice(0, 16)}-${base}`);
  try {
    await fs.access(file);
    return file;
  } catch {
    // not cached yet
  }
  let response: Response;
  try {
    response = await fetch(url);
  } catch (err) {
    throw new DatasetDownloadError(url, null, (err as Error).message);
  }
  if (!response.ok) throw new DatasetDownloadError(url, response.status, `HTTP ${response.status} ${response.statusText}`);
  await writeFileAtomic(file, Buffer.from(await response.arrayBuffer()));
  return file;
}

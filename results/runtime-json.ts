import * as path from 'node:path';
import { writeJsonAtomic } from '../common/atomic-write';

/** `runtime.json` of a gateway (reference/original-harness.md §7.4), plus any fields we add. */
export interface RuntimeInfo {
  /** `http://localhost:<port>` */
  gateway_url: string;
  /** database name only, never the URL (it may carry credentials); null for the built-in gateway's embedded store */
  postgres_database: string | null;
  [extra: string]: unknown;
}

/** Writes `<dir>/runtime.json` with sorted keys and returns its path. */
export async function writeRuntimeJson(dir: string, info: RuntimeInfo): Promise<string> {
  const file = path.join(dir, 'runtime.json');
  await writeJsonAtomic(file, info, { sortKeys: true });
  return file;
}

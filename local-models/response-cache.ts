import { createHash } from 'node:crypto';
import Database from 'better-sqlite3';
import type { ChatCompletionRequest } from '../sim-provider/openai-wire';
import type { GenerateResult } from './model-runtime';

/** $AUTOPILOT_BENCH_LOCAL_RESPONSE_CACHE: a SQLite file that local servers share their deterministic answers through (off when unset). */
export const RESPONSE_CACHE_VARIABLE = 'AUTOPILOT_BENCH_LOCAL_RESPONSE_CACHE';

export interface ResponseCache {
  get(key: string): GenerateResult | undefined;
  put(key: string, result: GenerateResult): void;
  close(): void;
}

/**
 * The cache key of a request whose answer is fixed by its text: greedy decoding (temperature 0,
 * the runtime's default) or a sampling seed. Null for sampled requests without a seed, whose
 * repeats must differ. The key covers every field of the request (model, messages, tools,
 * response format, limits) except `stream`, which the server refuses anyway.
 */
export function responseCacheKey(request: ChatCompletionRequest): string | null {
  const deterministic = (request.temperature ?? 0) === 0 || request.seed != null;
  if (!deterministic) return null;
  const { stream: _stream, ...rest } = request;
  return createHash('sha256').update(canonicalJson(rest)).digest('hex');
}

/**
 * Answers shared by every local server that opens the same file (WAL, so several servers of
 * several runs read and write it at once). An arena of autopilots on one seed sends the same
 * baseline requests once per autopilot; with the cache they are generated once, and every
 * autopilot is compared against the same baseline answers.
 */
export function openResponseCache(file: string): ResponseCache {
  let db: Database.Database;
  try {
    db = new Database(file);
  } catch (err) {
    throw new Error(`${RESPONSE_CACHE_VARIABLE}: cannot open '${file}' as the response cache: ${(err as Error).message}`, { cause: err });
  }
  db.pragma('journal_mode = WAL');
  db.pragma('busy_timeout = 10000');
  db.exec('CREATE TABLE IF NOT EXISTS responses (key TEXT PRIMARY KEY, result TEXT NOT NULL)');
  const select = db.prepare<[string], { result: string }>('SELECT result FROM responses WHERE key = ?');
  const insert = db.prepare('INSERT OR IGNORE INTO responses (key, result) VALUES (?, ?)');
  return {
    get: (key) => {
      const row = select.get(key);
      return row ? (JSON.parse(row.result) as GenerateResult) : undefined;
    },
    put: (key, result) => void insert.run(key, JSON.stringify(result)),
    close: () => db.close(),
  };
}

/** JSON with object keys sorted, so two requests that differ only in key order share a key. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

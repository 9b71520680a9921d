import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { openResponseCache, responseCacheKey } from './response-cache';

let dir: string;
beforeEach(() => (dir = mkdtempSync(path.join(os.tmpdir(), 'response-cache-'))));
afterEach(() => rmSync(dir, { recursive: true, force: true }));

test('a cache file that cannot be opened is named with its variable and path', () => {
  const notADirectory = path.join(dir, 'file');
  writeFileSync(notADirectory, '');
  const file = path.join(notADirectory, 'responses.sqlite');
  expect(() => openResponseCache(file)).toThrow(`AUTOPILOT_BENCH_LOCAL_RESPONSE_CACHE: cannot open '${file}' as the response cache`);
});

test('keys ignore key order and stream, and sampled requests without a seed get none', () => {
  const messages = [{ role: 'user' as const, content: 'hi' }];
  expect(responseCacheKey({ model: 'm', messages, max_tokens: 5 } as never)).toBe(responseCacheKey({ max_tokens: 5, messages, model: 'm', stream: false } as never));
  expect(responseCacheKey({ model: 'm', messages, max_tokens: 6 } as never)).not.toBe(responseCacheKey({ model: 'm', messages, max_tokens: 5 } as never));
  expect(responseCacheKey({ model: 'm', messages, temperature: 0.7 } as never)).toBeNull();
  expect(responseCacheKey({ model: 'm', messages, temperature: 0.7, seed: 3 } as never)).not.toBeNull();
});

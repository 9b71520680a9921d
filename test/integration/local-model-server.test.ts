import { existsSync } from 'node:fs';
import { mkdtempSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { LOCAL_MODELS } from '../../local-models/catalog';
import { modelCacheDir } from '../../local-models/model-cache';
import { startLocalServerProcess, LocalServerStartError, type LocalServerProcess } from '../../local-models/server-process';
import { requestJson, startTestGateway, type TestGateway } from '../support/test-gateway';

// The real thing: dist/local-models/server-main.js with node-llama-cpp's CPU binary and the
// smallest real model (scripts/setup.sh pulls it when CI=true). Nothing here is mocked.
const MODEL = 'smollm2-135m';
const modelFile = path.join(modelCacheDir(), LOCAL_MODELS[MODEL].fileName);
if (!existsSync(modelFile)) throw new Error(`${modelFile} is missing: run \`node dist/client/main.js models pull ${MODEL}\` (setup.sh does it when CI=true)`);

jest.setTimeout(600_000);

let logDir: string;
let server: LocalServerProcess;
let gateway: TestGateway;

const SYSTEM = 'You list the people named in a sentence. Answer with JSON only. Keep it short.';

beforeAll(async () => {
  logDir = mkdtempSync(path.join(os.tmpdir(), 'local-server-'));
  server = await startLocalServerProcess({ preload: [MODEL], logDir, maxQueue: 1 });
  gateway = await startTestGateway({
    env: { AUTOPILOT_BENCH_LOCAL_URL: server.url },
    files: {
      'tensorzero.toml': `
[functions.chat]
type = "chat"
[functions.chat.variants.local]
type = "chat_completion"
model = "local::${MODEL}"
max_tokens = 24

# as an episode's variant would be set to ride out a restart of the local server
[functions.chat_retried]
type = "chat"
[functions.chat_retried.variants.local]
type = "chat_completion"
model = "local::${MODEL}"
max_tokens = 48
retries = { num_retries = 12, max_delay_s = 5 }

[functions.people]
type = "json"
output_schema = "people_schema.json"
[functions.people.variants.local]
type = "chat_completion"
model = "local::${MODEL}"
json_mode = "strict"
max_tokens = 100
`,
      // bounded, so the grammar can always close the JSON within max_tokens (a 135M model rambles)
      'people_schema.json': {
        type: 'object',
        properties: { people: { type: 'array', items: { type: 'string', maxLength: 24 }, maxItems: 3 } },
        required: ['people'],
        additionalProperties: false,
      },
    },
  });
});

afterAll(async () => {
  await gateway?.close();
  await server?.stop();
  rmSync(logDir, { recursive: true, force: true });
});

function chatRequest(user: string, extra: Record<string, unknown> = {}) {
  return { model: MODEL, max_tokens: 16, messages: [{ role: 'system', content: SYSTEM }, { role: 'user', content: user }], ...extra };
}

async function post(body: unknown): Promise<{ status: number; body: any; retryAfter: string | null }> {
  const res = await fetch(`${server.url}chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: res.status, body: await res.json(), retryAfter: res.headers.get('retry-after') };
}

async function inFlight(): Promise<number> {
  const health = await requestJson(`${server.url.replace(/\/v1\/$/, '')}/health`).catch(() => undefined);
  return (health?.body as { in_flight?: number } | undefined)?.in_flight ?? 0;
}

test('serves a chat function through the built-in gateway with usage counts', async () => {
  const res = await gateway.post('/inference', { function_name: 'chat', input: { messages: [{ role: 'user', content: 'Say hello.' }] } });
  expect(res.status).toBe(200);
  const text = res.body.content.map((block: { text?: string }) => block.text ?? '').join('');
  expect(text.trim().length).toBeGreaterThan(0);
  expect(res.body.usage.input_tokens).toBeGreaterThan(0);
  expect(res.body.usage.output_tokens).toBeGreaterThan(0);
});

test('a strict JSON function gets output that satisfies its schema (grammar-constrained)', async () => {
  const res = await gateway.post('/inference', { function_name: 'people', input: { messages: [{ role: 'user', content: 'Ada Lovelace wrote to Charles Babbage.' }] } });
  expect(res.status).toBe(200);
  expect({ raw: res.body.output.raw, parsed: res.body.output.parsed }).toEqual({ raw: expect.any(String), parsed: expect.any(Object) });
  expect(Array.isArray(res.body.output.parsed.people)).toBe(true);
  for (const person of res.body.output.parsed.people) expect(typeof person).toBe('string');
});

// what 21 Questions relies on for a different secret per game (environments/twenty-questions/helper-calls.ts)
test('a sampled request with a seed answers the same for the same seed, and differently across seeds', async () => {
  const ask = (seed: number) => post(chatRequest('Name one animal.', { temperature: 1, seed, max_tokens: 12 })).then((r) => r.body.choices[0].message.content as string);
  const first = await ask(7);
  expect(await ask(7)).toBe(first);
  const answers = new Set([first]);
  for (const seed of [11, 23, 42, 97]) answers.add(await ask(seed)); // one at a time: this server queues one request
  expect(answers.size).toBeGreaterThan(1);
});

test('a second request with the same system prompt reuses the cached prefix', async () => {
  await post(chatRequest('Marie Curie met Albert Einstein.'));
  const res = await post(chatRequest('Alan Turing met Kurt Goedel.'));
  expect(res.status).toBe(200);
  expect(res.body.usage.prompt_tokens_details.cached_tokens).toBeGreaterThan(0);
  expect(res.body.usage.prompt_tokens_details.cached_tokens).toBeLessThan(res.body.usage.prompt_tokens);
  expect(res.body.usage.cost).toBe(0);
});

test('tools on a model whose chat template lacks them get a clear 400', async () => {
  const tools = [{ type: 'function', function: { name: 'lookup', description: 'look a name up', parameters: { type: 'object', properties: { name: { type: 'string' } } } } }];
  const res = await post(chatRequest('Look up Ada.', { tools }));
  expect(res.status).toBe(400);
  expect(res.body.error.param).toBe('tools');
  expect(res.body.error.message).toContain(`'${MODEL}' has a chat template without tool support`);
});

test('a full queue answers 429 with Retry-After instead of piling up requests', async () => {
  const results = await Promise.all([1, 2, 3].map((n) => post(chatRequest(`Person number ${n} is Grace Hopper.`, { max_tokens: 32 }))));
  const statuses = results.map((r) => r.status).sort();
  expect(statuses[0]).toBe(200);
  expect(statuses).toContain(429);
  const refused = results.find((r) => r.status === 429)!;
  expect(refused.body.error.message).toContain('queue is full (1 requests)');
  expect(Number(refused.retryAfter)).toBeGreaterThanOrEqual(1);
});

test('a server killed during a generation fails that call, is restarted on the same port and serves again', async () => {
  const firstPid = server.pid()!;
  const pending = post(chatRequest('Rosalind Franklin met James Watson and Francis Crick.', { max_tokens: 200 })).then(
    (r) => ({ kind: 'answered' as const, status: r.status }),
    (err: Error) => ({ kind: 'failed' as const, message: String((err as { cause?: Error }).cause?.message ?? err.message) }),
  );
  while ((await inFlight()) === 0) await new Promise((resolve) => setTimeout(resolve, 100));
  process.kill(firstPid, 'SIGKILL');
  // the call in flight gets a network error (the gateway retries such a call when its variant has retries)
  expect(await pending).toEqual({ kind: 'failed', message: expect.stringMatching(/socket|closed|reset|terminated/i) });
  let res = await post(chatRequest('Rosalind Franklin.')).catch(() => undefined);
  // calls in the gap fail (connection refused); the supervisor brings the server back
  for (let i = 0; i < 600 && (server.pid() === firstPid || res?.status !== 200); i++) {
    await new Promise((resolve) => setTimeout(resolve, 500));
    res = await post(chatRequest('Rosalind Franklin.')).catch(() => undefined);
  }
  expect(server.pid()).not.toBe(firstPid);
  expect(server.restarts()).toBe(1);
  expect(res?.status).toBe(200);
});

test('a rollout call whose server is killed mid-generation succeeds through the gateway once the server is back', async () => {
  const firstPid = server.pid()!;
  const restartsBefore = server.restarts();
  const answer = gateway.post('/inference', { function_name: 'chat_retried', input: { messages: [{ role: 'user', content: 'Tell me about Grace Hopper.' }] } });
  while ((await inFlight()) === 0) await new Promise((resolve) => setTimeout(resolve, 100));
  process.kill(firstPid, 'SIGKILL');
  const res = await answer;
  expect(res.status).toBe(200);
  expect(res.body.content.map((block: { text?: string }) => block.text ?? '').join('').trim().length).toBeGreaterThan(0);
  expect(server.pid()).not.toBe(firstPid);
  expect(server.restarts()).toBe(restartsBefore + 1);
});

test('a model too big for the memory limit fails start-up with a clear error', async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'local-too-big-'));
  try {
    const error = await startLocalServerProcess({ preload: [MODEL], logDir: dir, env: { AUTOPILOT_BENCH_LOCAL_MEMORY_LIMIT: String(50 * 1024 ** 2) } }).catch((err: unknown) => err);
    expect(error).toBeInstanceOf(LocalServerStartError);
    expect((error as Error).message).toMatch(new RegExp(`local model '${MODEL}' needs about \\d+ MB of memory to load, but only 50 MB is available`));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("a failed start-up reports its own lines, not an earlier launch's in the same log; 0 threads is refused naming the variable", async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'local-bad-start-'));
  try {
    const tooBig = await startLocalServerProcess({ preload: [MODEL], logDir: dir, env: { AUTOPILOT_BENCH_LOCAL_MEMORY_LIMIT: String(50 * 1024 ** 2) } }).catch((err: unknown) => err);
    expect((tooBig as Error).message).toMatch(/needs about \d+ MB of memory/);
    const noThreads = await startLocalServerProcess({ preload: [MODEL], logDir: dir, env: { AUTOPILOT_BENCH_LOCAL_THREADS: '0' } }).catch((err: unknown) => err);
    expect((noThreads as Error).message).toBe('AUTOPILOT_BENCH_LOCAL_THREADS="0": expected a positive integer');
    // the server's own check, for a caller that passes the flag itself: its start-up error shows that launch's lines only
    const noQueue = await startLocalServerProcess({ preload: [MODEL], logDir: dir, maxQueue: 0 }).catch((err: unknown) => err);
    expect(noQueue).toBeInstanceOf(LocalServerStartError);
    expect((noQueue as LocalServerStartError).reason).toBe('exited');
    expect((noQueue as Error).message).toContain("option '--max-queue <n>' argument '0' is invalid. expected a positive integer, got '0'");
    expect((noQueue as Error).message).not.toContain('needs about'); // the first launch's error stays in the log only
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

/**
 * Bad output from the bridge process: a line that is not JSON, a message of an unknown shape, a
 * line over the size limit. Each fails the waiting request at once with BridgeProtocolError
 * naming the violation (instead of a wait until the request's 15-minute timeout), stops the
 * process, and the next request gets a fresh one. The "Python" here is a real subprocess that
 * misbehaves on purpose: a Node script standing in for the interpreter (its argument, the server
 * path, is ignored).
 */
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createBridgeClient } from './client';
import { BridgeProtocolError } from './errors';

let dir: string;
let fakePython: string;

beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'bridge-protocol-'));
  fakePython = path.join(dir, 'python');
  // Answers `ping` properly; any other op gets the misbehaviour named by BAD_BRIDGE_MODE.
  writeFileSync(
    fakePython,
    `#!${process.execPath}
const mode = process.env.BAD_BRIDGE_MODE;
require('node:readline').createInterface({ input: process.stdin }).on('line', (line) => {
  const { id, op } = JSON.parse(line);
  if (op === 'ping') return process.stdout.write(JSON.stringify({ id, ok: true, result: 'pong' }) + '\\n');
  if (mode === 'not-json') process.stdout.write('Loading weights... 100%\\n');
  if (mode === 'unknown-type') process.stdout.write(JSON.stringify({ id, type: 'progress', percent: 50 }) + '\\n');
  if (mode === 'array') process.stdout.write('[1, 2, 3]\\n');
  if (mode === 'huge') process.stdout.write(JSON.stringify({ id, ok: true, result: 'x'.repeat(200000) }) + '\\n');
});
`,
  );
  chmodSync(fakePython, 0o755);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

test.each([
  ['not-json', 'a line that is not JSON', 'Loading weights... 100%'],
  ['unknown-type', 'a message that is not {"id": <number>, "ok": true|false, ...}', '"type":"progress"'],
  ['array', 'a message that is not {"id": <number>, "ok": true|false, ...}', '[1, 2, 3]'],
  ['huge', 'a line longer than 65536 bytes', '"result":"xxxx'],
])('%s: the request fails at once, naming the violation; the next request gets a new process', async (mode, violation, head) => {
  const client = createBridgeClient({ python: fakePython, env: { BAD_BRIDGE_MODE: mode }, maxLineBytes: 65536, requestTimeoutMs: 60_000 });
  try {
    expect(await client.request('ping')).toBe('pong');
    const first = client.generation;
    const err = await client.request('describe', { name: 'x' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BridgeProtocolError);
    expect((err as BridgeProtocolError).violation).toBe(violation);
    expect((err as BridgeProtocolError).head).toContain(head);
    expect((err as BridgeProtocolError).message).toContain('starts with');
    expect((err as BridgeProtocolError).message).toContain('the bridge process was stopped');
    expect(await client.request('ping')).toBe('pong');
    expect(client.generation).toBe(first + 1);
  } finally {
    await client.close();
  }
});

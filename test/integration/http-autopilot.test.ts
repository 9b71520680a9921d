import { readFileSync, readdirSync, statSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import * as path from 'node:path';
import { parse as parseToml } from 'smol-toml';
import type { CliResult } from '../support/cli';
import type { MinimalAutopilotProcess } from '../fakes/minimal-autopilot/process';
import { runWithMinimalAutopilot, type HttpAutopilotRun } from '../support/http-autopilot-run';

/**
 * `autopilot_target.kind: http` end to end: a whole run through the built CLI whose autopilot
 * iteration is driven by an external service — the minimal autopilot in
 * test/fakes/minimal-autopilot/, started here as its own process. The harness reaches it only
 * through the built-in gateway's Autopilot proxy (base URL + the key from `api_key_env`).
 */
jest.setTimeout(120_000);

const FUNCTION = 'ner_conllpp_v0::extract_entities';
const TOKEN = `minimal-autopilot-token-${randomBytes(12).toString('hex')}`;

let run: HttpAutopilotRun;
let autopilot: MinimalAutopilotProcess;
let workRoot: string;
let runDir: string;
let result: CliResult;

beforeAll(async () => {
  run = await runWithMinimalAutopilot({ name: 'http-autopilot', token: TOKEN, numIterations: 1, seed: 5, timeoutMs: 110_000 });
  ({ autopilot, workRoot, runDir, result } = run);
}, 120_000);

afterAll(async () => {
  await run?.stop();
});

function readJson(file: string) {
  return JSON.parse(readFileSync(path.join(runDir, file), 'utf8'));
}

function allFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? allFiles(full) : [full];
  });
}

/** Asks the external service directly (with its token) about a session. */
async function serviceCall(pathname: string) {
  const response = await fetch(`${autopilot.url}${pathname}`, { headers: { authorization: `Bearer ${TOKEN}` } });
  return { status: response.status, body: (await response.json()) as any };
}

test('the run completes and records the http target', () => {
  if (result.exitCode !== 0) throw new Error(`CLI failed (${result.exitCode}):\n${result.all.slice(-6000)}\n--- minimal autopilot stderr ---\n${autopilot.stderr()}`);
  const run = readJson('results/run.json');
  expect(run.status).toBe('completed');
  expect(run.autopilot_target).toBe('http');
  expect(run.autopilot_base_url).toBe(autopilot.url);
  const iterations = readJson('results/iterations.json');
  expect(iterations.map((it: { phase: string }) => it.phase)).toEqual(['baseline', 'post_autopilot']);
  expect(iterations[1].autopilot_final_status).toBe('idle');
});

test('iteration 1 was a session of the external service, ended idle', async () => {
  const session = readJson('autopilot/iteration_001/session_result.json');
  expect(session).toMatchObject({ final_status: 'idle', error: null, config_writes_count: 2, raw_config_writes_count: 1 });
  const state = await serviceCall(`/v1/sessions/${session.session_id}/events`);
  expect(state.status).toBe(200);
  expect(state.body.status).toEqual({ status: 'idle' });
  // the session was opened with the harness's initial message, through the gateway proxy
  const opening = state.body.events[0].payload;
  expect(opening.content[0].text).toBe(readFileSync(path.join(runDir, 'autopilot/iteration_001/initial_message.txt'), 'utf8'));
  const writes = await serviceCall(`/v1/sessions/${session.session_id}/config-writes`);
  expect(readJson('autopilot/iteration_001/config_writes.raw.json')).toEqual(writes.body.config_writes);
  expect(readJson('autopilot/iteration_001/config_writes.flattened.json')).toEqual(writes.body.config_writes[0].payload.arguments.edit);
});

test('its edit was applied to config/tensorzero.toml', () => {
  const config = parseToml(readFileSync(path.join(runDir, 'config/tensorzero.toml'), 'utf8')) as any;
  const fn = config.functions[FUNCTION];
  expect(fn.variants.minimal_sim_medium).toMatchObject({ type: 'chat_completion', model: 'sim::medium' });
  expect(fn.experimentation).toMatchObject({ type: 'track_and_stop', metric: 'exact_match', candidate_variants: ['initial', 'minimal_sim_medium'] });
  // the copy kept the baseline's prompt
  expect(readFileSync(path.join(runDir, 'config', fn.variants.minimal_sim_medium.system_template), 'utf8')).toBe(
    readFileSync(path.join(runDir, 'config', fn.variants.initial.system_template), 'utf8'),
  );
});

test('the service token appears in no file of the work dir and not on the console', () => {
  expect(result.all).not.toContain(TOKEN);
  const token = Buffer.from(TOKEN);
  const files = allFiles(path.join(workRoot, 'out'));
  expect(files.length).toBeGreaterThan(10);
  for (const file of files) expect({ file, leaked: readFileSync(file).includes(token) }).toEqual({ file, leaked: false });
});

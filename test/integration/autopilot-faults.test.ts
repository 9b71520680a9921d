import { readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import * as path from 'node:path';
import { parse as parseToml } from 'smol-toml';
import type { CliResult } from '../support/cli';
import type { MinimalAutopilotProcess } from '../fakes/minimal-autopilot/process';
import { runWithMinimalAutopilot, type HttpAutopilotRun } from '../support/http-autopilot-run';

/**
 * The autopilot's faults are a score, not an outage (issue 12 item 1), end to end through the
 * built CLI with an external (`kind: http`) autopilot — the minimal autopilot, scripted so that
 * session 1 writes one edit TensorZero rejects among valid ones and session 2 answers every
 * poll with a malformed status. The run must finish (exit 0) with both iterations evaluated and
 * every fault recorded; no operator decision is awaited.
 */
jest.setTimeout(150_000);

const FUNCTION = 'ner_conllpp_v0::extract_entities';
const TOKEN = `faulty-autopilot-token-${randomBytes(12).toString('hex')}`;

let run: HttpAutopilotRun;
let autopilot: MinimalAutopilotProcess;
let runDir: string;
let result: CliResult;

beforeAll(async () => {
  run = await runWithMinimalAutopilot({ name: 'autopilot-faults', token: TOKEN, numIterations: 2, seed: 7, sessionFaults: ['invalid-edit', 'malformed-status'], timeoutMs: 140_000 });
  ({ autopilot, runDir, result } = run);
}, 150_000);

afterAll(async () => {
  await run?.stop();
});

function readJson(file: string) {
  return JSON.parse(readFileSync(path.join(runDir, file), 'utf8'));
}

test('the run finishes with exit 0 and both iterations are evaluated', () => {
  if (result.exitCode !== 0) throw new Error(`CLI failed (${result.exitCode}):\n${result.all.slice(-6000)}\n--- minimal autopilot stderr ---\n${autopilot.stderr()}`);
  expect(readJson('results/run.json').status).toBe('completed');
  const iterations = readJson('results/iterations.json');
  expect(iterations.map((it: { phase: string }) => it.phase)).toEqual(['baseline', 'post_autopilot', 'post_autopilot']);
  for (const it of iterations.slice(1)) expect(it.num_episodes).toBeGreaterThan(0);
  expect(result.all).not.toMatch(/awaiting-decision/);
});

test('iteration 1: the invalid edit is refused with its reason, the valid edits are applied and evaluated', () => {
  const [, first] = readJson('results/iterations.json');
  const flattened = readJson('autopilot/iteration_001/config_writes.flattened.json');
  expect(flattened.map((e: { operation: string }) => e.operation)).toEqual(['upsert_variant', 'upsert_variant', 'upsert_experimentation']);
  const [good, broken] = flattened.map((e: { variant_name?: string }) => e.variant_name);

  expect(first.autopilot_final_status).toBe('idle');
  expect(first.autopilot_fault).toBeNull();
  expect(first.autopilot_config_writes).toBe(3);
  expect(first.autopilot_edits.applied).toEqual([
    { index: 0, operation: 'upsert_variant', target: `functions.${FUNCTION}.variants.${good}` },
    { index: 2, operation: 'upsert_experimentation', target: `functions.${FUNCTION}.experimentation` },
  ]);
  expect(first.autopilot_edits.rejected).toEqual([
    { index: 1, operation: 'upsert_variant', target: `functions.${FUNCTION}.variants.${broken}`, reason: expect.stringMatching(/^the edited config failed validation: .*unknown variant type/) },
  ]);
  expect(readJson('autopilot/iteration_001/config_writes.outcome.json')).toEqual(first.autopilot_edits);

  // the valid variant is in the config and was served in the evaluation; the refused one left no trace
  const fn = (parseToml(readFileSync(path.join(runDir, 'config/tensorzero.toml'), 'utf8')) as any).functions[FUNCTION];
  expect(Object.keys(fn.variants)).toContain(good);
  expect(Object.keys(fn.variants)).not.toContain(broken);
  expect(first.active_variants).toContain(good);
});

test('iteration 2: the malformed status is recorded as a protocol violation and the iteration is still evaluated', () => {
  const [, , second] = readJson('results/iterations.json');
  expect(second.autopilot_final_status).toBe('error');
  expect(second.autopilot_fault).toEqual({ kind: 'protocol_violation', message: expect.stringMatching(/GET \/sessions\/\S+\/events: status\.status .*\(value: 42\)$/) });
  expect(second.autopilot_edits).toEqual({ applied: [], rejected: [] });
  const session = readJson('autopilot/iteration_002/session_result.json');
  expect(session).toMatchObject({ final_status: 'error', fault: second.autopilot_fault, error: second.autopilot_fault.message });
  expect(second.num_episodes).toBeGreaterThan(0);
  expect(second.active_variants.length).toBeGreaterThan(0);
});

/**
 * Selection before deployment, memory across sessions, and the operator question — against a real
 * built-in autopilot server and the fake train gateway (which also answers dry-run inferences).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { getLogger } from '../../common/logger';
import type { StoredInferenceWithFeedback } from '../../gateway/wire';
import { createBuiltinAutopilotServer, type BuiltinAutopilotServer, type BuiltinAutopilotServerOptions } from './server';
import { NIL_SESSION_ID, type ListEventsResponse, type SessionStatus } from '../protocol';
import { deferred, startFakeTrainGateway, storedOutputAnswer, type FakeTrainGateway, type InferHandler } from '../../test/fakes/fake-train-gateway';
import { CURRENT_TEMPLATE_END, CURRENT_TEMPLATE_START, NEW_TEMPLATE_END, NEW_TEMPLATE_START } from './strategy/rewrite-protocol';
import { variantFingerprint } from './strategy/variant-fingerprint';
import { NER_FUNCTION, nerInferences, nerInitialMessage, nerPerformances, nerSnapshot } from '../../test/fixtures/ner-train-data';

const TOKEN = 'test-token-selection-and-memory';
const logger = getLogger('builtin-autopilot-selection-test');
logger.level = 'silent';

let gateway: FakeTrainGateway;
let servers: BuiltinAutopilotServer[] = [];
let dir: string;

/** One few-shot candidate per model (chain of thought and rewrites off), so the pool is predictable. */
const ONE_PER_MODEL = { strategies: { chainOfThought: false, optimizerRewrite: false }, candidatePoolSize: 3 };

async function start(overrides: Partial<BuiltinAutopilotServerOptions> = {}): Promise<BuiltinAutopilotServer> {
  const strategy = { ...ONE_PER_MODEL, ...overrides.strategy };
  const server = await createBuiltinAutopilotServer({ apiToken: TOKEN, gatewayUrl: gateway.url, stepDelayMs: 0, retryDelayMs: 0, logger, ...overrides, strategy });
  servers.push(server);
  return server;
}

beforeEach(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'ap-memory-'));
  gateway = await startFakeTrainGateway({
    snapshot: nerSnapshot(),
    inferences: { [NER_FUNCTION]: nerInferences() },
    performances: { exact_match: nerPerformances('exact_match'), jaccard_similarity: nerPerformances('jaccard_similarity') },
  });
});

afterEach(async () => {
  for (const server of servers) await server.close();
  servers = [];
  await gateway.close();
  rmSync(dir, { recursive: true, force: true });
});

async function call(server: BuiltinAutopilotServer, urlPath: string, body?: unknown): Promise<any> {
  const response = await fetch(`${server.url}${urlPath}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  expect(response.status).toBe(200);
  const text = await response.text();
  return text ? JSON.parse(text) : null;
}

const message = (text: string) => ({ type: 'message', role: 'user', content: [{ type: 'text', text }] });

async function createSession(server: BuiltinAutopilotServer, text = nerInitialMessage()): Promise<string> {
  return (await call(server, `/v1/sessions/${NIL_SESSION_ID}/events`, { payload: message(text) })).session_id;
}

async function waitFor(server: BuiltinAutopilotServer, sessionId: string, status: SessionStatus): Promise<ListEventsResponse> {
  for (let i = 0; i < 2000; i++) {
    const state: ListEventsResponse = await call(server, `/v1/sessions/${sessionId}/events`);
    if (state.status.status === status) return state;
    if (state.status.status === 'failed') throw new Error(`session failed: ${JSON.stringify(state.events.at(-1)?.payload)}`);
    await new Promise((r) => setTimeout(r, 5));
  }
  const last: ListEventsResponse = await call(server, `/v1/sessions/${sessionId}/events`);
  throw new Error(`session never reached ${status}; last ${last.status.status}: ${JSON.stringify(last.events.slice(-2).map((e) => e.payload)).slice(0, 600)}`);
}

const texts = (state: ListEventsResponse) =>
  state.events.flatMap((e) => (e.payload.type === 'message' && e.payload.role === 'assistant' ? e.payload.content.map((c) => c.text) : []));

function proposal(state: ListEventsResponse): { variants: any[]; experiment: any } {
  const edits = (state.pending_tool_calls.at(-1)!.payload as any).arguments.edit as any[];
  return { variants: edits.filter((e) => e.operation === 'upsert_variant'), experiment: edits.find((e) => e.operation === 'upsert_experimentation')?.experimentation };
}

/** Candidates on `goodModel` answer like the stored reference; every other variant returns an empty extraction. */
function onlyModelIsRight(goodModel: string, cost = 0): InferHandler {
  return (body, data) => {
    const right = body.internal_dynamic_variant_config?.model === goodModel;
    const usage = { input_tokens: 10, output_tokens: 5, cost };
    if (right) return { ...(storedOutputAnswer(body, data) as object), usage };
    const empty = { person: [], organization: [], location: [], miscellaneous: [] };
    return { output: { raw: JSON.stringify(empty), parsed: empty }, usage };
  };
}

describe('built-in autopilot: selection before deployment', () => {
  it('replays reference examples through every candidate, keeps the best and reports the scores', async () => {
    gateway.data.infer = onlyModelIsRight('sim::medium');
    const server = await start({ strategy: { maxNewVariants: 1, selectionExamples: 4 } });
    const sessionId = await createSession(server);
    const state = await waitFor(server, sessionId, 'waiting_for_tool_call_authorization');

    const { variants, experiment } = proposal(state);
    expect(variants.map((v) => v.variant.model)).toEqual(['sim::medium']);
    expect(experiment).toMatchObject({ type: 'track_and_stop', candidate_variants: ['initial', variants[0].variant_name], update_period_s: 5 });
    const report = texts(state).find((t) => t.startsWith('I scored the candidates'));
    expect(report).toContain('on 4 stored train examples with a known good answer');
    expect(report).toMatch(/ap_sim_medium\S* 1\.00 \(4\/4 valid\) — kept/);
    expect(report).toMatch(/ap_sim_large\S* 0\.50/); // the empty answer still matches the references' empty keys
    // 4 examples × (3 candidates + the current best), each a dry run with the candidate's own variant object
    const inferenceCalls = gateway.requests.filter((r) => r === '/inference');
    expect(inferenceCalls).toHaveLength(16);
  });

  it("adds the optimiser model's rewrite of the system prompt to the candidates and scores it like the others", async () => {
    const rule = 'Check every entity type twice.';
    const modelCalls: any[] = [];
    gateway.data.infer = (body, data) => {
      const usage = { input_tokens: 10, output_tokens: 5, cost: 0 };
      if (body.model_name !== undefined) {
        modelCalls.push(body);
        const user: string = body.input.messages[0].content;
        const current = user.slice(user.indexOf(CURRENT_TEMPLATE_START) + CURRENT_TEMPLATE_START.length, user.indexOf(CURRENT_TEMPLATE_END)).trim();
        return { content: [{ type: 'text', text: `${NEW_TEMPLATE_START}\n${current}\n\n${rule}\n${NEW_TEMPLATE_END}` }], usage };
      }
      const system = JSON.stringify(body.internal_dynamic_variant_config ?? {});
      if (system.includes(rule)) return { ...(storedOutputAnswer(body, data) as object), usage };
      const empty = { person: [], organization: [], location: [], miscellaneous: [] };
      return { output: { raw: JSON.stringify(empty), parsed: empty }, usage };
    };
    const server = await start({ strategy: { maxNewVariants: 1, selectionExamples: 4, optimizerModel: 'sim::large', strategies: { chainOfThought: false, optimizerRewrite: true } } });
    const state = await waitFor(server, await createSession(server), 'waiting_for_tool_call_authorization');

    expect(modelCalls).toHaveLength(1);
    expect(modelCalls[0]).toMatchObject({ model_name: 'sim::large', dryrun: true });
    const { variants } = proposal(state);
    expect(variants).toHaveLength(1);
    expect(variants[0].variant_name).toMatch(/_rw_/);
    expect(JSON.stringify(variants[0].variant)).toContain(rule);
    expect(texts(state).some((t) => t.startsWith('sim::large rewrote the system prompt of initial'))).toBe(true);
    expect(gateway.inferenceBodies.some((b) => JSON.stringify(b.internal_dynamic_variant_config ?? {}).includes('_rw_'))).toBe(true);
  });

  it('tells the operator which switched-on strategy produced nothing, and why', async () => {
    const server = await start({ strategy: { strategies: { chainOfThought: true, optimizerRewrite: false } } });
    const state = await waitFor(server, await createSession(server), 'waiting_for_tool_call_authorization');
    const proposalText = texts(state).find((t) => t.includes('I propose:'));
    expect(proposalText).toMatch(/I did not try .*\(chain_of_thought\): .*json/);
  });

  it('says so and goes on without a rewrite when the optimiser reply is unusable', async () => {
    gateway.data.infer = (body, data) =>
      body.model_name !== undefined ? { content: [{ type: 'text', text: 'I would make it better.' }], usage: { input_tokens: 1, output_tokens: 1, cost: 0 } } : storedOutputAnswer(body, data);
    const server = await start({ strategy: { optimizerModel: 'sim::large', strategies: { chainOfThought: false, optimizerRewrite: true } } });
    const state = await waitFor(server, await createSession(server), 'waiting_for_tool_call_authorization');
    expect(texts(state).some((t) => t.includes('was asked to rewrite the system prompt of initial, but its reply was not a usable template'))).toBe(true);
    // no rewrite variant was scored: the replayed variant objects (their file paths carry the names) have no `_rw_`
    const replayed = gateway.inferenceBodies.filter((b) => b.internal_dynamic_variant_config).map((b) => JSON.stringify(b.internal_dynamic_variant_config));
    expect(replayed.length).toBeGreaterThan(0);
    expect(replayed.filter((v) => v.includes('_rw_'))).toEqual([]);
  });

  it('never proposes a candidate rejected at selection again, also from a new server reading the memory file', async () => {
    gateway.data.infer = onlyModelIsRight('sim::medium');
    const memoryFile = path.join(dir, 'builtin-memory.json');
    const first = await start({ memoryFile, strategy: { maxNewVariants: 1, selectionExamples: 2 } });
    const firstState = await waitFor(first, await createSession(first), 'waiting_for_tool_call_authorization');
    const kept = proposal(firstState).variants.map((v) => v.variant.model);
    await first.drain();

    const memory = JSON.parse(readFileSync(memoryFile, 'utf8'));
    expect(Object.values(memory.rejected).map((r: any) => r.variantName).sort()).toEqual([
      expect.stringContaining('ap_sim_large'),
      expect.stringContaining('ap_sim_small'),
    ]);

    gateway.data.infer = storedOutputAnswer; // now every candidate would be perfect
    const second = await start({ memoryFile, strategy: { maxNewVariants: 3, selectionExamples: 2 } });
    const secondState = await waitFor(second, await createSession(second), 'waiting_for_tool_call_authorization');
    const proposed = proposal(secondState).variants.map((v) => variantFingerprint(v.variant));
    expect(proposed.length).toBeGreaterThan(0);
    expect(proposed.filter((fp) => fp in memory.rejected)).toEqual([]);
    expect(kept).toHaveLength(1);
  });

  it('remembers the candidates of a write the operator rejected', async () => {
    const memoryFile = path.join(dir, 'builtin-memory.json');
    const server = await start({ memoryFile, strategy: { selectionExamples: 0 } });
    const sessionId = await createSession(server);
    const state = await waitFor(server, sessionId, 'waiting_for_tool_call_authorization');
    const names = proposal(state).variants.map((v) => v.variant_name);
    await call(server, `/v1/sessions/${sessionId}/events`, {
      payload: { type: 'tool_call_authorization', tool_call_event_id: state.pending_tool_calls[0].id, status: { type: 'rejected', reason: 'too many' } },
    });
    await server.drain();
    const memory = JSON.parse(readFileSync(memoryFile, 'utf8'));
    expect(Object.values(memory.rejected).map((r: any) => r.variantName).sort()).toEqual([...names].sort());
    expect(Object.values(memory.rejected)[0]).toMatchObject({ reason: expect.stringContaining('too many') });
  });

  it('stops scoring when the budget is spent and says so', async () => {
    gateway.data.infer = onlyModelIsRight('sim::medium', 0.01);
    const server = await start({ strategy: { selectionExamples: 10, budgetUsd: 0.05 } });
    const state = await waitFor(server, await createSession(server), 'waiting_for_tool_call_authorization');
    // every example costs 4 × $0.01, so scoring stops after the second one
    expect(gateway.requests.filter((r) => r === '/inference')).toHaveLength(8);
    expect(texts(state).join('\n')).toContain('The budget ran out');
  });

  it('goes to waiting_for_retry when a scoring inference fails transiently, then continues', async () => {
    const hold = deferred();
    let calls = 0;
    gateway.intercept = (p) => {
      if (p !== '/inference') return undefined;
      calls++;
      return calls === 1 ? 503 : hold.promise.then(() => undefined); // the rest (the retry too) wait until released
    };
    const server = await start({ strategy: { selectionExamples: 2 } });
    const sessionId = await createSession(server);
    const retrying = await waitFor(server, sessionId, 'waiting_for_retry');
    expect(retrying.events.at(-1)?.payload).toMatchObject({ type: 'status_update', status_update: { text: expect.stringContaining('scoring inference') } });
    hold.release();
    await waitFor(server, sessionId, 'waiting_for_tool_call_authorization');
  });

  it('treats a variant the gateway refuses (400) as invalid rather than failing the session', async () => {
    gateway.data.infer = (body, data) => (body.internal_dynamic_variant_config?.model === 'sim::large' ? 400 : storedOutputAnswer(body, data));
    const server = await start({ strategy: { selectionExamples: 2 } });
    const state = await waitFor(server, await createSession(server), 'waiting_for_tool_call_authorization');
    expect(proposal(state).variants.map((v) => v.variant.model).sort()).toEqual(['sim::medium', 'sim::small']);
  });
});

describe('built-in autopilot: the operator question', () => {
  const costly = (): StoredInferenceWithFeedback[] => nerInferences().map((i) => ({ ...i, usage: { ...i.usage, cost: 0.002 } }));
  const noModels = 'Improve the exact match accuracy of the NER function.';

  async function answerWith(server: BuiltinAutopilotServer, sessionId: string, text: string): Promise<ListEventsResponse> {
    const asking = await waitFor(server, sessionId, 'waiting_for_user_questions_answers');
    await call(server, `/v1/sessions/${sessionId}/events`, { payload: message(text) });
    return asking;
  }

  it('asks once per run for models and budget, stating its defaults, and follows the answer', async () => {
    gateway.data.inferences = { [NER_FUNCTION]: costly() };
    const memoryFile = path.join(dir, 'builtin-memory.json');
    const server = await start({ memoryFile, strategy: { selectionExamples: 2 } });
    const sessionId = await createSession(server, noModels);
    const asking = await answerWith(server, sessionId, 'Use openai::gpt-4o-mini and sim::large only; the budget is $0.50.');
    const question = (asking.pending_user_questions[0].payload as any).questions[0];
    expect(question).toMatchObject({ type: 'free_response', header: 'Models and budget' });
    expect(question.question).toContain('If you name none, I will use sim::small only');
    expect(question.question).toMatch(/about \$0\.\d\d/);
    expect(question.question).toContain('I will not set a limit');

    const state = await waitFor(server, sessionId, 'waiting_for_tool_call_authorization');
    const models = proposal(state).variants.map((v) => v.variant.model);
    expect(models).toEqual(expect.arrayContaining(['openai::gpt-4o-mini', 'sim::large']));
    expect(models).not.toContain('sim::medium');
    expect(texts(state).join('\n')).toContain('models openai::gpt-4o-mini, sim::large; a budget of $0.5');
    await server.drain();
    expect(JSON.parse(readFileSync(memoryFile, 'utf8')).operator).toMatchObject({ allowedModels: ['openai::gpt-4o-mini', 'sim::large'], budgetUsd: 0.5 });

    // the next session of the run does not ask again
    const next = await createSession(server, noModels);
    const nextState = await waitFor(server, next, 'waiting_for_tool_call_authorization');
    expect(nextState.events.some((e) => e.payload.type === 'user_questions')).toBe(false);
  });

  it('falls back to its stated defaults on an answer without models or budget (what the offline interlocutor says)', async () => {
    gateway.data.inferences = { [NER_FUNCTION]: costly() };
    const server = await start({ strategy: { selectionExamples: 1 } });
    const sessionId = await createSession(server, noModels);
    await answerWith(server, sessionId, 'Yes, go ahead with that. I have no further constraints, so use your judgement and focus on what improves the results most.');
    const state = await waitFor(server, sessionId, 'waiting_for_tool_call_authorization');
    expect(new Set(proposal(state).variants.map((v) => v.variant.model))).toEqual(new Set(['sim::small']));
  });

  it('does not ask when the request names models and scoring is free, or when ask_operator is off', async () => {
    const server = await start();
    const state = await waitFor(server, await createSession(server), 'waiting_for_tool_call_authorization');
    expect(state.events.some((e) => e.payload.type === 'user_questions')).toBe(false);

    gateway.data.inferences = { [NER_FUNCTION]: costly() };
    const quiet = await start({ strategy: { askOperator: false } });
    const quietState = await waitFor(quiet, await createSession(quiet, noModels), 'waiting_for_tool_call_authorization');
    expect(quietState.events.some((e) => e.payload.type === 'user_questions')).toBe(false);
  });
});

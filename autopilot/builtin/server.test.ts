import { createBuiltinAutopilotServer, type BuiltinAutopilotServer, type BuiltinAutopilotServerOptions } from './server';
import { deferred, startFakeTrainGateway, type FakeTrainGateway } from '../../test/fakes/fake-train-gateway';
import { NER_FUNCTION, nerInferences, nerInitialMessage, nerPerformances, nerSnapshot } from '../../test/fixtures/ner-train-data';
import { getLogger } from '../../common/logger';
import { variantFingerprint } from './strategy/variant-fingerprint';
import { NIL_SESSION_ID, type ListEventsResponse, type SessionEvent, type SessionStatus } from '../protocol';

const TOKEN = 'test-token-for-builtin-autopilot';
const quietLogger = getLogger('builtin-autopilot-test');
quietLogger.level = 'silent';

let gateway: FakeTrainGateway;
let autopilot: BuiltinAutopilotServer | undefined;

async function startAutopilot(overrides: Partial<BuiltinAutopilotServerOptions> = {}): Promise<BuiltinAutopilotServer> {
  autopilot = await createBuiltinAutopilotServer({ apiToken: TOKEN, gatewayUrl: gateway.url, stepDelayMs: 0, retryDelayMs: 0, logger: quietLogger, ...overrides });
  return autopilot;
}

beforeEach(async () => {
  gateway = await startFakeTrainGateway({
    snapshot: nerSnapshot(),
    inferences: { [NER_FUNCTION]: nerInferences() },
    performances: { exact_match: nerPerformances('exact_match'), jaccard_similarity: nerPerformances('jaccard_similarity') },
  });
});

afterEach(async () => {
  await autopilot?.close();
  autopilot = undefined;
  await gateway.close();
});

interface CallOptions { method?: string; body?: unknown; token?: string | null }

async function call(path: string, options: CallOptions = {}): Promise<{ status: number; body: any }> {
  const headers: Record<string, string> = {};
  const token = options.token === undefined ? TOKEN : options.token;
  if (token !== null) headers.authorization = `Bearer ${token}`;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(`${autopilot!.url}${path}`, {
    method: options.method ?? (options.body === undefined ? 'GET' : 'POST'),
    headers,
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : null };
}

function userMessage(text: string) {
  return { type: 'message', role: 'user', content: [{ type: 'text', text }] };
}

/** Creates a session the way the gateway proxy does (deployment fields injected). */
async function createSession(text = nerInitialMessage()): Promise<string> {
  const { status, body } = await call(`/v1/sessions/${NIL_SESSION_ID}/events`, {
    body: { payload: userMessage(text), deployment_id: 'dep-1', tensorzero_version: '2026.4.1', config_snapshot_hash: 'cfg-hash-0001' },
  });
  expect(status).toBe(200);
  expect(body).toEqual({ event_id: expect.any(String), session_id: expect.any(String) });
  return body.session_id;
}

async function events(sessionId: string): Promise<ListEventsResponse> {
  const { status, body } = await call(`/v1/sessions/${sessionId}/events`);
  expect(status).toBe(200);
  return body;
}

/** Polls until the session reaches `status` (a hang guard, not a timing assertion). */
async function waitForStatus(sessionId: string, status: SessionStatus): Promise<ListEventsResponse> {
  for (let attempt = 0; attempt < 2000; attempt++) {
    const state = await events(sessionId);
    if (state.status.status === status) return state;
    await new Promise((r) => setTimeout(r, 5));
  }
  throw new Error(`session never reached ${status}; last status ${(await events(sessionId)).status.status}`);
}

function payloadsOf(state: ListEventsResponse, type: string): any[] {
  return state.events.filter((e) => e.payload.type === type).map((e) => e.payload);
}

describe('built-in autopilot session protocol', () => {
  it('analyses, proposes a write_config call, executes it on approve-all and goes idle', async () => {
    await startAutopilot();
    const hold = deferred();
    gateway.intercept = (path) => (path === '/internal/config' ? hold.promise : undefined);

    const sessionId = await createSession();
    const first = await events(sessionId);
    expect(first.status).toEqual({ status: 'server_side_processing' });
    expect(first.events[0].payload).toEqual(userMessage(nerInitialMessage()));
    expect(first.previous_user_message_event_id).toBe(first.events[0].id);
    hold.release();

    const waiting = await waitForStatus(sessionId, 'waiting_for_tool_call_authorization');
    expect(payloadsOf(waiting, 'message').filter((p) => p.role === 'assistant').length).toBeGreaterThanOrEqual(2);
    expect(waiting.pending_tool_calls).toHaveLength(1);
    const toolCall = waiting.pending_tool_calls[0] as SessionEvent<any>;
    expect(toolCall).toMatchObject({ session_id: sessionId, payload: { type: 'tool_call', name: 'write_config', requires_approval: true } });
    expect(toolCall.payload.side_info).toEqual({
      tool_call_event_id: toolCall.id,
      session_id: sessionId,
      config_snapshot_hash: 'cfg-hash-0001',
      optimization: { poll_interval_secs: 60, max_wait_secs: 86400 },
    });
    expect((await call(`/v1/sessions/${sessionId}/events/${toolCall.id}`)).body).toEqual(toolCall);

    const approved = await call(`/v1/sessions/${sessionId}/actions/approve-all`, { body: { last_tool_call_event_id: toolCall.id, deployment_id: 'dep-1' } });
    expect(approved.status).toBe(200);
    expect(approved.body).toEqual({ approved_count: 1, event_ids: [expect.any(String)], tool_call_event_ids: [toolCall.id] });

    const idle = await waitForStatus(sessionId, 'idle');
    expect(idle.pending_tool_calls).toEqual([]);
    expect(payloadsOf(idle, 'tool_call_authorization')).toEqual([
      expect.objectContaining({ tool_call_event_id: toolCall.id, status: { type: 'approved' }, tool_call_name: 'write_config' }),
    ]);
    expect(payloadsOf(idle, 'tool_result')).toEqual([
      expect.objectContaining({ tool_call_event_id: toolCall.id, outcome: { type: 'success', result_value: { hash: expect.any(String) } } }),
    ]);

    const writes = await call(`/v1/sessions/${sessionId}/config-writes`);
    expect(writes.status).toBe(200);
    expect(writes.body.config_writes).toHaveLength(1);
    const edits = writes.body.config_writes[0].payload.arguments.edit as any[];
    const variantEdits = edits.filter((e) => e.operation === 'upsert_variant');
    expect(variantEdits.length).toBeGreaterThanOrEqual(1);
    expect(variantEdits.length).toBeLessThanOrEqual(3);
    for (const edit of variantEdits) {
      expect(edit.function_name).toBe(NER_FUNCTION);
      expect(edit.variant).toMatchObject({ type: 'chat_completion', json_mode: 'strict', system_template: { __tensorzero_remapped_path: expect.any(String), __data: expect.any(String) } });
      expect(edit.variant).not.toHaveProperty('temperature');
      expect(edit.variant).not.toHaveProperty('weight');
    }
    const experiment = edits.find((e) => e.operation === 'upsert_experimentation');
    expect(experiment.experimentation).toMatchObject({ type: 'track_and_stop', metric: 'exact_match', fallback_variants: [], min_samples_per_variant: 5, update_period_s: 5 });
    expect(experiment.experimentation.candidate_variants).toEqual(['initial', ...variantEdits.map((e) => e.variant_name)]);

    // A nudge after a complete write does not start another round.
    await call(`/v1/sessions/${sessionId}/events`, { body: { payload: userMessage('Please add variants and an experiment.') } });
    await autopilot!.drain();
    const after = await events(sessionId);
    expect(after.status.status).toBe('idle');
    expect(payloadsOf(after, 'tool_call')).toHaveLength(1);
    expect((await call(`/v1/sessions/${sessionId}/status_detail`)).body).toEqual({ is_terminal: false });

    const sessions = await call('/v1/sessions');
    expect(sessions.body.sessions).toEqual([expect.objectContaining({ id: sessionId, deployment_id: 'dep-1', tensorzero_version: '2026.4.1' })]);
  });

  it('pages events with limit and before', async () => {
    await startAutopilot();
    const sessionId = await createSession();
    const all = await waitForStatus(sessionId, 'waiting_for_tool_call_authorization');
    const last = all.events.at(-1)!;
    const page = (await call(`/v1/sessions/${sessionId}/events?limit=2&before=${last.id}`)).body as ListEventsResponse;
    expect(page.events).toEqual(all.events.slice(-3, -1));
  });

  it('requires the bearer token on every /v1 route but not on /health', async () => {
    await startAutopilot();
    const missing = await call('/v1/sessions', { token: null });
    expect(missing).toEqual({ status: 401, body: { error: { message: expect.any(String) } } });
    expect((await call(`/v1/sessions/${NIL_SESSION_ID}/events`, { token: 'wrong', body: { payload: userMessage('hi') } })).status).toBe(401);
    expect(JSON.stringify(missing.body)).not.toContain(TOKEN);
    expect((await call('/health', { token: null })).status).toBe(200);
    expect(gateway.requests).toEqual([]);
  });

  it('answers 404 for unknown sessions', async () => {
    await startAutopilot();
    const unknown = '0190f0a0-0000-7000-8000-000000000001';
    for (const [path, body] of [
      [`/v1/sessions/${unknown}/events`, undefined],
      [`/v1/sessions/${unknown}/events`, { payload: userMessage('hi') }],
      [`/v1/sessions/${unknown}/actions/approve-all`, { last_tool_call_event_id: unknown }],
      [`/v1/sessions/${unknown}/status_detail`, undefined],
      [`/v1/sessions/${unknown}/config-writes`, undefined],
    ] as const) {
      const response = await call(path, { body });
      expect(response).toEqual({ status: 404, body: { error: { message: expect.stringContaining(unknown) } } });
    }
    expect((await call(`/v1/sessions/${unknown}/actions/interrupt`, { method: 'POST' })).status).toBe(404);
  });

  it('rejects malformed requests with 400', async () => {
    await startAutopilot();
    expect((await call(`/v1/sessions/${NIL_SESSION_ID}/events`, { body: { payload: { type: 'message', role: 'assistant', content: [] } } })).status).toBe(400);
    const sessionId = await createSession();
    await waitForStatus(sessionId, 'waiting_for_tool_call_authorization');
    const bad = await call(`/v1/sessions/${sessionId}/actions/approve-all`, { body: { last_tool_call_event_id: NIL_SESSION_ID } });
    expect(bad).toEqual({ status: 400, body: { error: { message: expect.any(String) } } });
  });

  it('stops all work on interrupt', async () => {
    await startAutopilot();
    const hold = deferred();
    gateway.intercept = (path) => (path === '/internal/config' ? hold.promise : undefined);
    const sessionId = await createSession();
    expect((await events(sessionId)).status.status).toBe('server_side_processing');

    const interrupted = await call(`/v1/sessions/${sessionId}/actions/interrupt`, { method: 'POST' });
    expect(interrupted.status).toBe(200);
    expect((await events(sessionId)).status.status).toBe('idle');

    hold.release();
    await autopilot!.drain();
    const after = await events(sessionId);
    expect(after.status.status).toBe('idle');
    expect(payloadsOf(after, 'tool_call')).toEqual([]);
    expect(payloadsOf(after, 'message').filter((p) => p.role === 'assistant')).toEqual([]);
    expect(gateway.requests.filter((p) => p.startsWith('/internal/inferences'))).toEqual([]);
  });

  it('asks which metric to use when it cannot tell, and continues with the answer given as a user message', async () => {
    gateway.data.inferences = { [NER_FUNCTION]: nerInferences({ withFeedback: false }) };
    await startAutopilot({ strategy: { askOperator: false } });
    const sessionId = await createSession('Make this function better.');

    const asking = await waitForStatus(sessionId, 'waiting_for_user_questions_answers');
    expect(asking.pending_user_questions).toHaveLength(1);
    const questions = (asking.pending_user_questions[0].payload as any).questions;
    expect(questions).toEqual([{ id: expect.any(String), header: expect.any(String), question: expect.stringContaining('exact_match'), type: 'free_response' }]);
    expect(payloadsOf(asking, 'tool_call')).toEqual([]);

    await call(`/v1/sessions/${sessionId}/events`, { body: { payload: userMessage('Optimise the jaccard similarity.') } });
    const waiting = await waitForStatus(sessionId, 'waiting_for_tool_call_authorization');
    expect(waiting.pending_user_questions).toEqual([]);
    const edits = (waiting.pending_tool_calls[0].payload as any).arguments.edit as any[];
    expect(edits.find((e) => e.operation === 'upsert_experimentation').experimentation.metric).toBe('jaccard_similarity');
  });

  it('continues with a free-response answer to its question', async () => {
    gateway.data.inferences = { [NER_FUNCTION]: nerInferences({ withFeedback: false }) };
    await startAutopilot({ strategy: { askOperator: false } });
    const sessionId = await createSession('Make this function better.');
    const asking = await waitForStatus(sessionId, 'waiting_for_user_questions_answers');
    const questionsEvent = asking.pending_user_questions[0];
    const questionId = (questionsEvent.payload as any).questions[0].id;
    const answer = await call(`/v1/sessions/${sessionId}/events`, {
      body: {
        payload: {
          type: 'user_questions_answers',
          user_questions_event_id: questionsEvent.id,
          responses: { [questionId]: { type: 'free_response', text: 'exact_match' } },
        },
      },
    });
    expect(answer.status).toBe(200);
    const waiting = await waitForStatus(sessionId, 'waiting_for_tool_call_authorization');
    const edits = (waiting.pending_tool_calls[0].payload as any).arguments.edit as any[];
    expect(edits.find((e) => e.operation === 'upsert_experimentation').experimentation.metric).toBe('exact_match');
  });

  it('reports waiting_for_retry while the gateway fails transiently, then recovers', async () => {
    await startAutopilot();
    const hold = deferred();
    let configRequests = 0;
    gateway.intercept = (path) => {
      if (path !== '/internal/config') return undefined;
      configRequests++;
      return configRequests === 1 ? 503 : hold.promise;
    };
    const sessionId = await createSession();
    const retrying = await waitForStatus(sessionId, 'waiting_for_retry');
    expect(payloadsOf(retrying, 'status_update')).toHaveLength(1);
    hold.release();
    const waiting = await waitForStatus(sessionId, 'waiting_for_tool_call_authorization');
    expect(waiting.pending_tool_calls).toHaveLength(1);
    expect(configRequests).toBe(2);
    expect(payloadsOf(waiting, 'error')).toEqual([]);
  });

  it('fails with an error event after repeated gateway failures', async () => {
    await startAutopilot({ maxReadAttempts: 3 });
    gateway.intercept = () => 503;
    const sessionId = await createSession();
    const failed = await waitForStatus(sessionId, 'failed');
    expect(payloadsOf(failed, 'error')).toEqual([{ type: 'error', message: expect.stringContaining('after 3 attempts') }]);
    expect(gateway.requests.filter((p) => p === '/internal/config')).toHaveLength(3);
    expect((await call(`/v1/sessions/${sessionId}/status_detail`)).body).toEqual({ is_terminal: true });
  });

  it('records a rejected write, leaves config-writes empty and, when nudged, never re-proposes the rejected candidates', async () => {
    await startAutopilot({ strategy: { strategies: { chainOfThought: false, optimizerRewrite: false }, candidatePoolSize: 3 } });
    const sessionId = await createSession();
    const waiting = await waitForStatus(sessionId, 'waiting_for_tool_call_authorization');
    const toolCallId = waiting.pending_tool_calls[0].id;
    const rejection = await call(`/v1/sessions/${sessionId}/events`, {
      body: { payload: { type: 'tool_call_authorization', source: { type: 'ui' }, tool_call_event_id: toolCallId, status: { type: 'rejected', reason: 'not now' } } },
    });
    expect(rejection.status).toBe(200);
    const idle = await waitForStatus(sessionId, 'idle');
    expect(payloadsOf(idle, 'tool_result')).toEqual([expect.objectContaining({ outcome: { type: 'rejected', reason: 'not now' } })]);
    expect((await call(`/v1/sessions/${sessionId}/config-writes`)).body).toEqual({ config_writes: [] });

    await call(`/v1/sessions/${sessionId}/events`, { body: { payload: userMessage('Please create the variants with write_config now.') } });
    await autopilot!.drain();
    const after = await events(sessionId);
    // every candidate of the first proposal was rejected, and none comes back (others may be proposed)
    const [first, ...later] = payloadsOf(after, 'tool_call').map((p) =>
      (p.arguments.edit as any[]).filter((e) => e.operation === 'upsert_variant').map((e) => variantFingerprint(e.variant)),
    );
    expect(first.length).toBeGreaterThan(0);
    expect(later.flat().filter((fp) => first.includes(fp))).toEqual([]);
  });

  it('adopts a tool result posted by the gateway instead of executing the call itself', async () => {
    await startAutopilot();
    const sessionId = await createSession();
    const waiting = await waitForStatus(sessionId, 'waiting_for_tool_call_authorization');
    const toolCallId = waiting.pending_tool_calls[0].id;
    const posted = await call(`/v1/sessions/${sessionId}/events`, {
      body: { payload: { type: 'tool_result', tool_call_event_id: toolCallId, outcome: { type: 'success', result_value: { hash: 'from-gateway' } } } },
    });
    expect(posted.status).toBe(200);
    const idle = await waitForStatus(sessionId, 'idle');
    expect(payloadsOf(idle, 'tool_result')).toEqual([expect.objectContaining({ outcome: { type: 'success', result_value: { hash: 'from-gateway' } } })]);
    expect((await call(`/v1/sessions/${sessionId}/config-writes`)).body.config_writes).toHaveLength(1);
  });
});

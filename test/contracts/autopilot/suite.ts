/**
 * The autopilot session protocol as executable cases (the protocol is described in README.md).
 * Black-box: every case talks to the service over HTTP on its upstream routes
 * (`/v1/sessions/...`), exactly as TensorZero's gateway proxy forwards the harness's calls.
 *
 *   defineAutopilotConformanceSuite('my autopilot', async () => {
 *     // start the service (and whatever train-gateway data it reads)
 *     return { baseUrl, token, close };
 *   });
 *
 * Call it at the top level of a `*.test.ts` file. One service instance serves the whole suite;
 * every case opens its own sessions.
 */
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { editPayloadSchema } from '../../../gateway/edits/edit-payload';
import { buildInitialMessage } from '../../../autopilot/initial-message';
import { flattenConfigWrites } from '../../../autopilot/session/flatten-config-writes';
import { editCoverage } from '../../../autopilot/session/edit-coverage';
import { NIL_SESSION_ID, PROTOCOL_STATUSES, type PollResponse, type ProtocolEvent } from './protocol';
import { ProtocolClient, userMessage, type HttpReply } from './protocol-client';

export interface AutopilotUnderTest {
  /** where the service serves `/v1/...` (TENSORZERO_AUTOPILOT_BASE_URL) */
  baseUrl: string;
  /** the bearer token it accepts (TENSORZERO_AUTOPILOT_API_KEY) */
  token: string;
  close(): Promise<void>;
}

/** Starts the implementation plus the train-gateway data it needs for `initialMessage`. */
export type AutopilotFactory = () => Promise<AutopilotUnderTest>;

export interface ConformanceOptions {
  /** the session's opening message; default: the harness's message for the NER quickstart (`CONFORMANCE_INITIAL_MESSAGE`) */
  initialMessage?: string;
  /** how long a session may stay in the working statuses before a case fails (default 30 s) */
  settleTimeoutMs?: number;
  /**
   * An opening message that makes the service ask the operator a question (e.g. it names no
   * models). When given, the suite checks the question path the harness relies on: a
   * `user_questions` event with text content, answered by a plain user message.
   */
  questionMessage?: string;
}

/** What the harness sends to open a session in the NER quickstart (configs/quickstart.yaml). */
export const CONFORMANCE_INITIAL_MESSAGE = buildInitialMessage({
  initialMessage:
    'Improve the exact match accuracy of this NER entity extraction function. Do not ask the user any questions — just analyze the data and make improvements autonomously.',
  availableModels: ['sim::small', 'sim::medium', 'sim::large'],
  env: {},
});

function expectEventShape(event: ProtocolEvent, sessionId: string): void {
  expect(event).toEqual(
    expect.objectContaining({ id: expect.any(String), session_id: sessionId, created_at: expect.any(String), payload: expect.objectContaining({ type: expect.any(String) }) }),
  );
  expect(Number.isNaN(Date.parse(event.created_at))).toBe(false);
}

function expectErrorBody(reply: HttpReply, status: number): void {
  expect(reply.status).toBe(status);
  // The gateway propagates the status code and takes the message from `error.message`.
  expect(reply.body).toEqual({ error: expect.objectContaining({ message: expect.any(String) }) });
}

function expectValidWriteConfig(event: ProtocolEvent, sessionId: string): void {
  expectEventShape(event, sessionId);
  expect(event.payload).toMatchObject({ type: 'tool_call', name: 'write_config', arguments: { edit: expect.any(Array) } });
  const edits = (event.payload.arguments as { edit: unknown[] }).edit;
  expect(edits.length).toBeGreaterThan(0);
  for (const edit of edits) {
    const parsed = editPayloadSchema.safeParse(edit);
    if (!parsed.success) throw new Error(`write_config carries an invalid EditPayload ${JSON.stringify(edit).slice(0, 400)}: ${parsed.error.message}`);
  }
  // The gateway needs `side_info` to execute the call; it names the call and the session.
  expect(event.payload.side_info).toMatchObject({ tool_call_event_id: event.id, session_id: sessionId });
}

export function defineAutopilotConformanceSuite(name: string, factory: AutopilotFactory, options: ConformanceOptions = {}): void {
  const initialMessage = options.initialMessage ?? CONFORMANCE_INITIAL_MESSAGE;
  const settleTimeoutMs = options.settleTimeoutMs ?? 30_000;
  let service: AutopilotUnderTest | undefined;
  let client: ProtocolClient;

  /** Opens a session and follows it to its first proposal. */
  async function reachProposal(): Promise<{ sessionId: string; state: PollResponse; toolCall: ProtocolEvent }> {
    const created = await client.create(initialMessage);
    expect(created.status).toBe(200);
    const sessionId = created.body.session_id;
    const state = await client.settle(sessionId, settleTimeoutMs);
    expect(state.status.status).toBe('waiting_for_tool_call_authorization');
    expect(state.pending_tool_calls.length).toBeGreaterThan(0);
    return { sessionId, state, toolCall: state.pending_tool_calls[state.pending_tool_calls.length - 1] };
  }

  /** Opens a session, approves its proposal and follows it to idle. */
  async function reachIdleAfterApproval(): Promise<{ sessionId: string; toolCall: ProtocolEvent; approval: HttpReply; state: PollResponse }> {
    const { sessionId, toolCall } = await reachProposal();
    const approval = await client.approveAll(sessionId, toolCall.id);
    const state = await client.settle(sessionId, settleTimeoutMs);
    return { sessionId, toolCall, approval, state };
  }

  describe(`autopilot session protocol conformance: ${name}`, () => {
    beforeAll(async () => {
      service = await factory();
      client = new ProtocolClient(service.baseUrl, service.token);
    }, 60_000);

    afterAll(async () => {
      await service?.close();
    });

    it('creates a session from a user message posted to the nil session id', async () => {
      const first = await client.create(initialMessage);
      expect(first.status).toBe(200);
      expect(first.body).toEqual(expect.objectContaining({ event_id: expect.any(String), session_id: expect.any(String) }));
      expect(first.body.session_id).not.toBe(NIL_SESSION_ID);
      const second = await client.create(initialMessage);
      expect(second.status).toBe(200);
      expect(second.body.session_id).not.toBe(first.body.session_id);
      await client.interrupt(first.body.session_id);
      await client.interrupt(second.body.session_id);
    });

    it('answers a poll with events, status, pending tool calls and the last user message id', async () => {
      const created = await client.create(initialMessage);
      const sessionId = created.body.session_id;
      const state = await client.poll(sessionId);
      expect(state).toEqual(
        expect.objectContaining({
          events: expect.any(Array),
          status: { status: expect.any(String) },
          pending_tool_calls: expect.any(Array),
          previous_user_message_event_id: created.body.event_id,
        }),
      );
      expect(PROTOCOL_STATUSES.has(state.status.status)).toBe(true);
      for (const event of state.events) expectEventShape(event, sessionId);
      const opening = state.events.find((e) => e.id === created.body.event_id);
      expect(opening?.payload).toEqual(expect.objectContaining(userMessage(initialMessage)));
      await client.interrupt(sessionId);
    });

    it('reaches waiting_for_tool_call_authorization with a write_config call carrying valid EditPayloads', async () => {
      const { sessionId, state, toolCall } = await reachProposal();
      for (const pending of state.pending_tool_calls) expectEventShape(pending, sessionId);
      expectValidWriteConfig(toolCall, sessionId);
      // pending calls are also part of the event list
      expect(state.events.map((e) => e.id)).toContain(toolCall.id);
      await client.interrupt(sessionId);
    });

    it('accepts approve-all with the last pending id, settles the call and reaches idle', async () => {
      const { sessionId, toolCall, approval, state } = await reachIdleAfterApproval();
      expect(approval.status).toBe(200);
      expect(approval.body).toEqual(
        expect.objectContaining({ approved_count: expect.any(Number), event_ids: expect.any(Array), tool_call_event_ids: expect.arrayContaining([toolCall.id]) }),
      );
      expect(approval.body.approved_count).toBeGreaterThanOrEqual(1);
      expect(state.status.status).toBe('idle');
      expect(state.pending_tool_calls).toEqual([]);
      const payloads = state.events.map((e) => e.payload);
      expect(payloads).toContainEqual(expect.objectContaining({ type: 'tool_call_authorization', tool_call_event_id: toolCall.id, status: { type: 'approved' } }));
      expect(payloads).toContainEqual(expect.objectContaining({ type: 'tool_result', tool_call_event_id: toolCall.id, outcome: expect.objectContaining({ type: 'success' }) }));
      expect(state.events.map((e) => e.session_id).every((id) => id === sessionId)).toBe(true);
    });

    it('lists the approved write_config events under config-writes, complete enough for the harness to stop', async () => {
      const { sessionId, toolCall } = await reachIdleAfterApproval();
      const reply = await client.configWrites(sessionId);
      expect(reply.status).toBe(200);
      expect(reply.body).toEqual({ config_writes: expect.any(Array) });
      const writes = reply.body.config_writes as ProtocolEvent[];
      expect(writes.map((w) => w.id)).toContain(toolCall.id);
      for (const write of writes) expectValidWriteConfig(write, sessionId);
      // What the harness does next: flatten the edits, and stop only when they add variants and routing.
      const flattened = flattenConfigWrites(reply.body);
      expect(flattened.warnings).toEqual([]);
      expect(editCoverage(flattened.edits)).toEqual({ hasVariants: true, hasRouting: true });
    });

    it('accepts a later user message (a nudge or an answer) and settles again without failing', async () => {
      const { sessionId } = await reachIdleAfterApproval();
      const sent = await client.send(sessionId, 'Please continue; use the write_config tool if anything is left to do.');
      expect(sent.status).toBe(200);
      expect(sent.body).toEqual(expect.objectContaining({ event_id: expect.any(String), session_id: sessionId }));
      const state = await client.settle(sessionId, settleTimeoutMs);
      expect(state.previous_user_message_event_id).toBe(sent.body.event_id);
      expect(state.status.status).not.toBe('failed');
      await client.interrupt(sessionId);
    });

    it('accepts an interrupt while a proposal waits: the session goes idle with nothing pending and stays quiet', async () => {
      const { sessionId } = await reachProposal();
      const reply = await client.interrupt(sessionId);
      expect(reply.status).toBeGreaterThanOrEqual(200);
      expect(reply.status).toBeLessThan(300);
      const state = await client.settle(sessionId, settleTimeoutMs);
      expect(state.status.status).toBe('idle');
      expect(state.pending_tool_calls).toEqual([]);
      await expectQuiet(sessionId, state);
    });

    it('accepts an interrupt while the service works: it stops without proposing anything', async () => {
      const created = await client.create(initialMessage);
      const sessionId = created.body.session_id;
      const reply = await client.interrupt(sessionId);
      expect(reply.status).toBeGreaterThanOrEqual(200);
      expect(reply.status).toBeLessThan(300);
      const state = await client.settle(sessionId, settleTimeoutMs);
      expect(state.status.status).toBe('idle');
      expect(state.pending_tool_calls).toEqual([]);
      await expectQuiet(sessionId, state);
    });

    const questionMessage = options.questionMessage;
    // only for autopilots that say which message makes them ask (the minimal one never asks)
    const questionIt = questionMessage ? it : ((() => undefined) as unknown as jest.It);
    questionIt('asks the operator in a user_questions event and continues after a plain user message answers it', async () => {
      const created = await client.create(questionMessage as string);
      const sessionId = created.body.session_id;
      const asking = await client.settle(sessionId, settleTimeoutMs);
      expect(asking.status.status).toBe('waiting_for_user_questions_answers');
      const questions = asking.pending_user_questions ?? [];
      expect(questions.length).toBeGreaterThan(0);
      for (const q of questions) expectEventShape(q, sessionId);
      // The harness reads `payload.content` text (falling back to `payload.questions`) and answers through its interlocutor.
      const question = questions[questions.length - 1].payload as { content?: Array<{ text?: string }>; questions?: unknown[] };
      expect((question.content ?? []).map((c) => c.text ?? '').join('') || (question.questions ?? []).length > 0).toBeTruthy();
      const answer = await client.send(sessionId, 'Yes, go ahead with that. I have no further constraints, so use your judgement.');
      expect(answer.status).toBe(200);
      const after = await client.settle(sessionId, settleTimeoutMs);
      expect(after.status.status).not.toBe('failed');
      expect((after.pending_user_questions ?? []).map((e) => e.id)).not.toContain(questions[questions.length - 1].id);
      await client.interrupt(sessionId);
    });

    it('enforces the bearer token (401 without it or with a wrong one)', async () => {
      const created = await client.create(initialMessage);
      const sessionId = created.body.session_id;
      for (const token of [null, 'wrong-token-0123456789']) {
        expectErrorBody(await client.call(`/v1/sessions/${NIL_SESSION_ID}/events`, { body: { payload: userMessage('hello') }, token }), 401);
        expectErrorBody(await client.call(`/v1/sessions/${sessionId}/events`, { token }), 401);
        expectErrorBody(await client.call(`/v1/sessions/${sessionId}/events`, { body: { payload: userMessage('hello') }, token }), 401);
        expectErrorBody(await client.call(`/v1/sessions/${sessionId}/actions/approve-all`, { body: { last_tool_call_event_id: randomUUID() }, token }), 401);
        expectErrorBody(await client.call(`/v1/sessions/${sessionId}/actions/interrupt`, { method: 'POST', token }), 401);
        expectErrorBody(await client.call(`/v1/sessions/${sessionId}/config-writes`, { token }), 401);
      }
      await client.interrupt(sessionId);
    });

    it('answers 404 for a session it does not know', async () => {
      const unknown = randomUUID();
      expectErrorBody(await client.call(`/v1/sessions/${unknown}/events`), 404);
      expectErrorBody(await client.call(`/v1/sessions/${unknown}/events`, { body: { payload: userMessage('hello') } }), 404);
      expectErrorBody(await client.call(`/v1/sessions/${unknown}/actions/approve-all`, { body: { last_tool_call_event_id: randomUUID() } }), 404);
      expectErrorBody(await client.call(`/v1/sessions/${unknown}/actions/interrupt`, { method: 'POST' }), 404);
      expectErrorBody(await client.call(`/v1/sessions/${unknown}/config-writes`), 404);
    });

    it('reports only the status names of the protocol', () => {
      // Every poll this suite made was recorded; the cases above cover creation to idle.
      expect(client.statusesSeen.size).toBeGreaterThan(0);
      expect([...client.statusesSeen].filter((s) => !PROTOCOL_STATUSES.has(s))).toEqual([]);
    });
  });

  /** After an interrupt: a few polls spread over a while show no new proposal and no work. */
  async function expectQuiet(sessionId: string, after: PollResponse): Promise<void> {
    const toolCallsBefore = after.events.filter((e) => e.payload.type === 'tool_call').length;
    for (let i = 0; i < 5; i++) {
      await sleep(100);
      const state = await client.poll(sessionId);
      expect(state.status.status).toBe('idle');
      expect(state.pending_tool_calls).toEqual([]);
      expect(state.events.filter((e) => e.payload.type === 'tool_call').length).toBe(toolCallsBefore);
    }
  }
}

import pino from 'pino';
import { createGatewayInterlocutor } from '../interlocutor';
import { AutopilotProtocolError, AutopilotRequestError, AutopilotSessionAbortedError } from './errors';
import { MISSING_ROUTING_PHRASE, MISSING_VARIANTS_PHRASE, nudgePromptForInterlocutor } from './nudge';
import { runAutopilotSession, type RunAutopilotSessionOptions } from './run-autopilot-session';
import {
  COMPLETE_EDITS,
  startFakeAutopilotService,
  writeConfigEvent,
  type FakeAutopilotService,
  type FakeAutopilotServiceOptions,
} from '../../test/fakes/fake-autopilot-service';
import { startFakeInterlocutorGateway, type FakeInterlocutorGateway } from '../../test/fakes/fake-interlocutor-gateway';
import type { SessionProgressEvent } from './types';
import { FIXED_QUESTION_REPLY } from './user-questions';

const SESSION_ID = '0196f0a2-0000-7000-8000-00000000abcd';
const COMPLETE_WRITES = { config_writes: [writeConfigEvent(COMPLETE_EDITS)] };

let service: FakeAutopilotService | undefined;
let interlocutorGateway: FakeInterlocutorGateway | undefined;
afterEach(async () => {
  await service?.close();
  await interlocutorGateway?.close();
  service = undefined;
  interlocutorGateway = undefined;
});

async function run(script: FakeAutopilotServiceOptions, overrides: Partial<RunAutopilotSessionOptions> = {}) {
  service = await startFakeAutopilotService({ sessionId: SESSION_ID, ...script });
  const events: SessionProgressEvent[] = [];
  const result = await runAutopilotSession({
    gatewayUrl: service.url,
    initialMessage: 'Improve the function.',
    maxTurns: 10,
    sessionTimeoutMs: 5000, // 5000 polls per wait at 1 ms; also the request timeout
    pollIntervalMs: 1,
    logger: pino({ level: 'silent' }),
    onEvent: (e) => events.push(e),
    ...overrides,
  });
  return { result, events, service };
}

/** Complete once the harness has posted at least `n` user messages. */
const completeAfterMessages = (n: number) => (state: { userMessages: string[] }) =>
  state.userMessages.length >= n ? COMPLETE_WRITES : { config_writes: [] };

describe('runAutopilotSession', () => {
  it('creates the session on the nil id and returns idle when the writes are complete', async () => {
    const { result, service } = await run({ polls: [{ status: 'idle' }], configWrites: COMPLETE_WRITES });
    expect(result).toEqual({
      session_id: SESSION_ID,
      final_status: 'idle',
      turns: 1,
      config_writes: COMPLETE_EDITS,
      raw_config_writes: COMPLETE_WRITES.config_writes,
      error: null,
      fault: null,
      events: [],
    });
    expect(service.requests[0]).toEqual({
      method: 'POST',
      path: '/sessions/00000000-0000-0000-0000-000000000000/events',
      body: { payload: { type: 'message', role: 'user', content: [{ type: 'text', text: 'Improve the function.' }] } },
    });
    expect(service.state.userMessages).toEqual([]);
    expect(service.requestsTo('POST', '/actions/interrupt')).toEqual([]);
  });

  it('nudges when idle without complete writes; the nudge consumes a turn', async () => {
    const { result, service } = await run({ polls: [{ status: 'idle' }], configWrites: completeAfterMessages(1) });
    expect(result).toMatchObject({ final_status: 'idle', turns: 2, config_writes: COMPLETE_EDITS });
    expect(service.state.userMessages).toHaveLength(1);
    expect(service.state.userMessages[0]).toContain(MISSING_VARIANTS_PHRASE);
    expect(service.state.userMessages[0]).toContain(MISSING_ROUTING_PHRASE);
  });

  it('asks only for what is missing', async () => {
    const onlyVariant = { config_writes: [writeConfigEvent([COMPLETE_EDITS[0]])] };
    const { service } = await run({ polls: [{ status: 'idle' }], configWrites: (s) => (s.userMessages.length ? COMPLETE_WRITES : onlyVariant) });
    expect(service.state.userMessages[0]).toContain(MISSING_ROUTING_PHRASE);
    expect(service.state.userMessages[0]).not.toContain(MISSING_VARIANTS_PHRASE);
  });

  it('lets the interlocutor write the nudge', async () => {
    interlocutorGateway = await startFakeInterlocutorGateway([{ type: 'text', text: 'Add variants now.' }, { type: 'text', text: 'Then route.' }]);
    const { service } = await run(
      { polls: [{ status: 'idle' }], configWrites: completeAfterMessages(1) },
      { interlocutor: createGatewayInterlocutor(interlocutorGateway.url) },
    );
    expect(interlocutorGateway.questions()).toEqual([nudgePromptForInterlocutor(`${MISSING_VARIANTS_PHRASE} and ${MISSING_ROUTING_PHRASE}`)]);
    expect(service.state.userMessages).toEqual(['Add variants now.\nThen route.']);
  });

  it('approves all pending tool calls by the id of the last one', async () => {
    const pending = [
      { id: 'tc-1', payload: { type: 'tool_call', name: 'get_config', arguments: {} } },
      { id: 'tc-2', payload: { type: 'tool_call', name: 'write_config', arguments: { edit: [] } } },
    ];
    const { result, service, events } = await run({
      polls: [{ status: 'waiting_for_tool_call_authorization', pending_tool_calls: pending }, { status: 'idle' }],
      configWrites: COMPLETE_WRITES,
    });
    expect(result).toMatchObject({ final_status: 'idle', turns: 2 });
    expect(service.requestsTo('POST', '/actions/approve_all').map((r) => r.body)).toEqual([{ last_tool_call_event_id: 'tc-2' }]);
    expect(events).toContainEqual({ type: 'tool_calls:approved', sessionId: SESSION_ID, count: 2, lastToolCallEventId: 'tc-2' });
  });

  it('sends nothing for an empty pending list but still consumes a turn', async () => {
    const { result, service } = await run({
      polls: [{ status: 'waiting_for_tool_call_authorization', pending_tool_calls: [] }, { status: 'idle' }],
      configWrites: COMPLETE_WRITES,
    });
    expect(result).toMatchObject({ final_status: 'idle', turns: 2 });
    expect(service.requestsTo('POST', '/actions/approve_all')).toEqual([]);
    expect(service.state.userMessages).toEqual([]);
  });

  const questionEvents = [
    { id: 'q-old', payload: { type: 'user_questions', content: 'Old question?' } },
    { id: 'q-new', payload: { type: 'user_questions', content: [{ type: 'text', text: 'Which metric?' }, { type: 'text', text: 'Any budget?' }] } },
    { id: 'm', payload: { type: 'message', role: 'assistant', content: [{ type: 'text', text: 'I have questions.' }] } },
  ];

  it('answers user questions with a fixed reply when there is no interlocutor', async () => {
    const answer = { id: 'a', payload: { type: 'user_questions_answers', user_questions_event_id: 'q-new', responses: {} } };
    const { result, service } = await run({
      polls: [{ status: 'waiting_for_user_questions_answers', events: questionEvents }, { status: 'idle', events: [...questionEvents, answer] }],
      configWrites: COMPLETE_WRITES,
    });
    expect(result).toMatchObject({ final_status: 'idle', turns: 2 });
    expect(service.state.userMessages).toEqual([FIXED_QUESTION_REPLY]);
    // the transcript keeps each event once, in the order first seen, across polls that repeat the history
    expect(result.events.map((e) => e.id)).toEqual(['q-old', 'q-new', 'm', 'a']);
  });

  it('answers the newest user question through the interlocutor (dry run)', async () => {
    interlocutorGateway = await startFakeInterlocutorGateway([{ type: 'text', text: 'Optimise success.' }]);
    const { service } = await run(
      { polls: [{ status: 'waiting_for_user_questions_answers', events: questionEvents }, { status: 'idle' }], configWrites: COMPLETE_WRITES },
      { interlocutor: createGatewayInterlocutor(interlocutorGateway.url) },
    );
    expect(interlocutorGateway.questions()).toEqual(['Which metric?\nAny budget?']);
    expect(interlocutorGateway.requests[0].dryrun).toBe(true);
    expect(service.state.userMessages).toEqual(['Optimise success.']);
  });

  it('falls back to the fixed reply when no question text is found, even with an interlocutor', async () => {
    interlocutorGateway = await startFakeInterlocutorGateway();
    const { service } = await run(
      { polls: [{ status: 'waiting_for_user_questions_answers', events: [] }, { status: 'idle' }], configWrites: COMPLETE_WRITES },
      { interlocutor: createGatewayInterlocutor(interlocutorGateway.url) },
    );
    expect(interlocutorGateway.requests).toEqual([]);
    expect(service.state.userMessages).toEqual([FIXED_QUESTION_REPLY]);
  });

  it.each(['waiting_for_auto_eval_example_labeling_answers', 'waiting_for_auto_eval_behavior_spec_answers'])(
    'answers %s through the interlocutor instead of stopping',
    async (status) => {
      interlocutorGateway = await startFakeInterlocutorGateway([{ type: 'text', text: 'Label it as correct.' }]);
      const { result, service } = await run(
        {
          polls: [{ status, events: [{ id: 'ae', payload: { type: 'user_questions', content: 'Is this output correct?' } }] }, { status: 'idle' }],
          configWrites: COMPLETE_WRITES,
        },
        { interlocutor: createGatewayInterlocutor(interlocutorGateway.url) },
      );
      expect(result).toMatchObject({ final_status: 'idle', turns: 2 });
      expect(interlocutorGateway.questions()).toEqual(['Is this output correct?']);
      expect(service.state.userMessages).toEqual(['Label it as correct.']);
    },
  );

  it.each(['failed', 'error'])('stops on %s and still fetches the writes', async (status) => {
    const { result, service } = await run({ polls: [{ status }, { status: 'idle' }], configWrites: COMPLETE_WRITES });
    expect(result).toEqual({
      session_id: SESSION_ID,
      final_status: status,
      turns: 1,
      config_writes: COMPLETE_EDITS,
      raw_config_writes: COMPLETE_WRITES.config_writes,
      error: null,
      fault: null,
      events: [],
    });
    expect(service.requestsTo('POST', '/actions/interrupt')).toEqual([]);
  });

  it('stops on an unknown status with that status as the final one, its writes kept and the fault recorded', async () => {
    const { result } = await run({ polls: [{ status: 'waiting_for_something_new' }, { status: 'idle' }], configWrites: COMPLETE_WRITES });
    expect(result).toMatchObject({ final_status: 'waiting_for_something_new', turns: 1, config_writes: COMPLETE_EDITS });
    expect(result.error).toBe(
      `autopilot protocol fault in the response to GET /sessions/${SESSION_ID}/events: ` +
        'status.status is not a session status the protocol names (value: "waiting_for_something_new")',
    );    expect(result.fault).toEqual({ side: 'autopilot', kind: 'protocol_violation', message: result.error });
  });

  it('ends at once on a malformed status, the protocol fault recorded and the writes still fetched', async () => {
    const { result, service } = await run({ polls: [{ raw: { events: [], status: { status: 42 } } }, { status: 'idle' }], configWrites: COMPLETE_WRITES });
    expect(service.requestsTo('GET', '/events')).toHaveLength(1);
    expect(result).toMatchObject({ session_id: SESSION_ID, final_status: 'error', turns: 0, config_writes: COMPLETE_EDITS });
    expect(result.fault).toMatchObject({ side: 'autopilot', kind: 'protocol_violation' });
    expect(result.error).toMatch(/GET \/sessions\/\S+\/events: status\.status .*\(value: 42\)$/);
  });

  it('treats a missing status as an unexpected empty status and records it as missing', async () => {
    const { result } = await run({ polls: [{ raw: { events: [] } }, { status: 'idle' }] });
    expect(result).toMatchObject({ final_status: '', turns: 1 });
    expect(result.error).toMatch(/GET \/sessions\/\S+\/events: status\.status is missing \(value: missing\)$/);
  });

  it('keeps error null for the statuses it knows, the legacy error status included', async () => {
    const { result } = await run({ polls: [{ status: 'error' }], configWrites: COMPLETE_WRITES });
    expect(result).toMatchObject({ final_status: 'error', turns: 1, error: null });
  });

  it('applies nothing when config writes name a path outside the config directory, and says where', async () => {
    const escaping = { ...COMPLETE_EDITS[0], variant_name: '../../outside' };
    const { result } = await run({ polls: [{ status: 'idle' }], configWrites: { config_writes: [writeConfigEvent([COMPLETE_EDITS[1], escaping])] } });
    expect(result).toMatchObject({ final_status: 'error', turns: 1, config_writes: [], raw_config_writes: [] });
    expect(result.error).toBe(
      `autopilot protocol fault in the response to GET /sessions/${SESSION_ID}/config-writes: ` +
        "config_writes[0].payload.arguments.edit[1].variant_name contains a path separator; names become directory names (value: \"../../outside\")",
    );
  });

  it('records a protocol fault, with no session, when the created session id could not be sent back safely', async () => {
    const { result, service } = await run({ polls: [{ status: 'idle' }], createdSessionId: '../admin' });
    expect(result).toMatchObject({ session_id: null, final_status: 'error', turns: 0, config_writes: [], raw_config_writes: [] });
    expect(result.fault).toEqual({
      side: 'autopilot',
      kind: 'protocol_violation',
      message: new AutopilotProtocolError({ kind: 'unsafe_name', route: 'POST /sessions/00000000-0000-0000-0000-000000000000/events', jsonPath: 'session_id', value: '"../admin"', problem: 'contains a path separator; ids are sent back in request paths' }).message,
    });
    expect(service.requestsTo('GET', '/events')).toEqual([]);
  });

  it('keeps polling through background statuses, waiting_for_retry included', async () => {
    const { result, service, events } = await run({
      polls: [{ status: 'server_side_processing' }, { status: 'waiting_for_tool_execution' }, { status: 'waiting_for_retry' }, { status: 'idle' }],
      configWrites: COMPLETE_WRITES,
    });
    expect(result).toMatchObject({ final_status: 'idle', turns: 1 });
    expect(service.requestsTo('GET', '/events')).toHaveLength(4);
    expect(events.filter((e) => e.type === 'poll:status').map((e) => (e as { status: string }).status)).toEqual([
      'server_side_processing',
      'waiting_for_tool_execution',
      'waiting_for_retry',
      'idle',
    ]);
  });

  it('logs poll errors, counts them as polls and carries on', async () => {
    const { result, events } = await run({
      polls: [{ httpStatus: 500 }, { httpStatus: 503 }, { status: 'idle' }],
      configWrites: COMPLETE_WRITES,
    });
    expect(result).toMatchObject({ final_status: 'idle', turns: 1 });
    expect(events.filter((e) => e.type === 'poll:error').map((e) => (e as { poll: number }).poll)).toEqual([1, 2]);
  });

  it('ends as error, with writes, when poll errors exhaust the budget', async () => {
    const { result, service } = await run(
      { polls: [{ httpStatus: 502 }], configWrites: COMPLETE_WRITES },
      // the session timeout is also the request timeout, so it must stay comfortably large
      { sessionTimeoutMs: 1500, pollIntervalMs: 500 },
    );
    expect(service.requestsTo('GET', '/events')).toHaveLength(3);
    expect(result).toMatchObject({ final_status: 'error', turns: 0, config_writes: COMPLETE_EDITS });
    expect(result.error).toMatch(/after 3 polls \(3 failed/);
    expect(result.fault).toMatchObject({ side: 'autopilot', kind: 'session_timeout' });
  });

  it('ends as error, with writes, when background statuses exhaust the budget', async () => {
    const { result, service } = await run(
      { polls: [{ status: 'idle' }, { status: 'server_side_processing' }], configWrites: { config_writes: [writeConfigEvent([COMPLETE_EDITS[0]])] } },
      { sessionTimeoutMs: 2000, pollIntervalMs: 500 },
    );
    expect(service.requestsTo('GET', '/events')).toHaveLength(5); // 1 for the idle turn, 4 for the wait that times out
    expect(result).toMatchObject({ final_status: 'error', turns: 1, config_writes: [COMPLETE_EDITS[0]] });
    expect(result.error).toMatch(/last status: server_side_processing/);
    expect(result.fault).toMatchObject({ side: 'autopilot', kind: 'session_timeout' });
  });

  it('interrupts the session at the turn limit', async () => {
    const { result, service, events } = await run({ polls: [{ status: 'idle' }] }, { maxTurns: 3 });
    expect(result).toMatchObject({ final_status: 'interrupted', turns: 3, config_writes: [], error: null });
    expect(service.state.userMessages).toHaveLength(3);
    expect(service.requestsTo('POST', `/sessions/${SESSION_ID}/actions/interrupt`)).toHaveLength(1);
    expect(events).toContainEqual({ type: 'session:interrupted', sessionId: SESSION_ID });
  });

  it('ends as error when something inside the loop throws, writes fetched best-effort', async () => {
    const { result } = await run({ polls: [{ status: 'idle' }], configWritesHttpStatus: 500 });
    expect(result).toMatchObject({ final_status: 'error', turns: 1, config_writes: [], raw_config_writes: [] });
    expect(result.error).toMatch(/config-writes returned HTTP 500/);
    expect(result.fault).toMatchObject({ side: 'autopilot', kind: 'service_error' });
  });

  it('throws when the interlocutor fails: the simulated user is the harness, not the autopilot', async () => {
    interlocutorGateway = await startFakeInterlocutorGateway();
    const error = await run(
      { polls: [{ status: 'waiting_for_user_questions_answers', events: questionEvents }], configWrites: COMPLETE_WRITES },
      { interlocutor: createGatewayInterlocutor(`${interlocutorGateway.url}/wrong-base`) },
    ).catch((err: unknown) => err);
    expect((error as Error).message).toMatch(/interlocutor inference/);
  });

  it('records a service error, with no session, when the service refuses to create one', async () => {
    const { result, service } = await run({ polls: [{ status: 'idle' }], createHttpStatus: 500 });
    expect(result).toMatchObject({ session_id: null, final_status: 'error', turns: 0, config_writes: [] });
    expect(result.fault).toMatchObject({ side: 'autopilot', kind: 'service_error' });
    expect(result.error).toMatch(/^POST \/sessions\/0{8}-.*\/events returned HTTP 500/);
    expect(service.requestsTo('GET', '/events')).toEqual([]);
  });

  it.each([501, 401, 403])('throws when creation answers %i: the harness is misconfigured (no or wrong key)', async (status) => {
    const error = await run({ polls: [{ status: 'idle' }], createHttpStatus: status }).catch((err: unknown) => err);
    expect(error).toBeInstanceOf(AutopilotRequestError);
    expect(error).toMatchObject({ method: 'POST', status });
    expect(service!.requestsTo('GET', '/events')).toEqual([]);
  });

  it('throws when the gateway does not answer at all', async () => {
    const unreachable = await startFakeAutopilotService({ polls: [{ status: 'idle' }] });
    await unreachable.close();
    const error = await runAutopilotSession({
      gatewayUrl: unreachable.url,
      initialMessage: 'Improve the function.',
      maxTurns: 1,
      sessionTimeoutMs: 5000,
      logger: pino({ level: 'silent' }),
    }).catch((err: unknown) => err);
    expect(error).toMatchObject({ name: 'AutopilotRequestError', status: null });
  });

  it('on abort interrupts the session and throws', async () => {
    const controller = new AbortController();
    const error = await run(
      { polls: [{ status: 'server_side_processing' }] },
      {
        signal: controller.signal,
        onEvent: (e) => {
          if (e.type === 'poll:status' && e.poll === 3) controller.abort(new Error('cancelled by test'));
        },
      },
    ).catch((err: unknown) => err);
    expect(error).toBeInstanceOf(AutopilotSessionAbortedError);
    expect(error).toMatchObject({ sessionId: SESSION_ID, reason: new Error('cancelled by test') });
    expect(service!.requestsTo('GET', '/events')).toHaveLength(3);
    expect(service!.requestsTo('POST', '/actions/interrupt')).toHaveLength(1);
  });

  it('does not create a session when already aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    const error = await run({ polls: [{ status: 'idle' }] }, { signal: controller.signal }).catch((err: unknown) => err);
    expect(error).toMatchObject({ name: 'AutopilotSessionAbortedError', sessionId: null });
    expect(service!.requests).toEqual([]);
  });
});

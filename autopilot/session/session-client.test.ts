import pino from 'pino';
import { AutopilotProtocolError } from './errors';
import { createAutopilotSessionClient, type AutopilotSessionClientOptions } from './session-client';
import { COMPLETE_EDITS, startFakeAutopilotService, writeConfigEvent, type FakeAutopilotService, type FakeAutopilotServiceOptions } from '../../test/fakes/fake-autopilot-service';

// Every response here crosses real loopback HTTP from the scripted fake service.
const SESSION_ID = '0196f0a2-0000-7000-8000-00000000abcd';
const EVENTS_ROUTE = `GET /sessions/${SESSION_ID}/events`;
const WRITES_ROUTE = `GET /sessions/${SESSION_ID}/config-writes`;

let service: FakeAutopilotService | undefined;
afterEach(async () => {
  await service?.close();
  service = undefined;
});

async function clientFor(script: Partial<FakeAutopilotServiceOptions>, overrides: Partial<AutopilotSessionClientOptions> = {}) {
  service = await startFakeAutopilotService({ sessionId: SESSION_ID, polls: [{ status: 'idle' }], ...script });
  return createAutopilotSessionClient({
    gatewayUrl: service.url,
    requestTimeoutMs: 5000,
    pollRequestTimeoutMs: 5000,
    logger: pino({ level: 'silent' }),
    ...overrides,
  });
}

async function faultOf(promise: Promise<unknown>): Promise<AutopilotProtocolError> {
  const error = await promise.then(
    () => new Error('expected a protocol fault'),
    (err: unknown) => err,
  );
  expect(error).toBeInstanceOf(AutopilotProtocolError);
  return error as AutopilotProtocolError;
}

describe('session client: responses that break the protocol', () => {
  it('refuses malformed JSON, naming the route and quoting the body', async () => {
    const client = await clientFor({ polls: [{ rawText: '{"status": {"status": "idle"' }] });
    const fault = await faultOf(client.pollEvents(SESSION_ID));
    expect(fault).toMatchObject({ kind: 'malformed_json', route: EVENTS_ROUTE, jsonPath: null, value: '"{\\"status\\": {\\"status\\": \\"idle\\""' });
    expect(fault.message).toContain(`response to ${EVENTS_ROUTE}: the body is not JSON`);
  });

  it('refuses a status that is not a string, with its JSON path and value', async () => {
    const client = await clientFor({ polls: [{ raw: { status: { status: 42 }, events: [] } }] });
    const fault = await faultOf(client.pollEvents(SESSION_ID));
    expect(fault).toMatchObject({ kind: 'invalid_shape', route: EVENTS_ROUTE, jsonPath: 'status.status', value: '42' });
  });

  it('refuses an events field that is not a list', async () => {
    const client = await clientFor({ polls: [{ raw: { status: { status: 'idle' }, events: 'all of them' } }] });
    const fault = await faultOf(client.pollEvents(SESSION_ID));
    expect(fault).toMatchObject({ kind: 'invalid_shape', jsonPath: 'events', value: '"all of them"' });
  });

  it('returns an unknown status verbatim with the fault attached, and a known one without', async () => {
    const client = await clientFor({ polls: [{ status: 'waiting_for_a_new_kind_of_thing' }, { status: 'idle' }] });
    const unknown = await client.pollEvents(SESSION_ID);
    expect(unknown.status).toBe('waiting_for_a_new_kind_of_thing');
    expect(unknown.statusFault).toMatchObject({ kind: 'unknown_status', route: EVENTS_ROUTE, jsonPath: 'status.status', value: '"waiting_for_a_new_kind_of_thing"' });
    const known = await client.pollEvents(SESSION_ID);
    expect(known).toMatchObject({ status: 'idle', statusFault: null });
  });

  it('refuses a body over the size cap and names the cap', async () => {
    const events = Array.from({ length: 50 }, (_, i) => ({ id: `e${i}`, payload: { type: 'message', content: 'x'.repeat(100) } }));
    const client = await clientFor({ polls: [{ status: 'idle', events }] }, { maxResponseBytes: 2048 });
    const fault = await faultOf(client.pollEvents(SESSION_ID));
    expect(fault).toMatchObject({ kind: 'too_large', route: EVENTS_ROUTE, jsonPath: null, value: null });
    expect(fault.message).toMatch(/over the cap of 2048 bytes|longer than the cap of 2048 bytes/);
  });

  it('reads a body just under the cap', async () => {
    const client = await clientFor({ polls: [{ status: 'idle' }] }, { maxResponseBytes: 2048 });
    await expect(client.pollEvents(SESSION_ID)).resolves.toMatchObject({ status: 'idle', statusFault: null });
  });

  it.each([
    ['a parent-directory name', '..', "contains '..' or is '.'"],
    ['a backslash', 'a\\b', 'contains a path separator'],
    ['a NUL character', 'v\u0000', 'contains a NUL character'],
    ['a control character', 'v\nnext', 'contains a control character'],
    ['an overlong name', 'v'.repeat(256), 'is longer than 255 characters'],
  ])('refuses config writes whose function name holds %s', async (_what, name, problem) => {
    const edit = { ...COMPLETE_EDITS[1], function_name: name };
    const client = await clientFor({ configWrites: { config_writes: [writeConfigEvent([edit])] } });
    const fault = await faultOf(client.getConfigWrites(SESSION_ID));
    expect(fault).toMatchObject({ kind: 'unsafe_name', route: WRITES_ROUTE, jsonPath: 'config_writes[0].payload.arguments.edit[0].function_name' });
    expect(fault.problem).toContain(problem);
    expect(fault.value).toBe(JSON.stringify(name).slice(0, 200) + (JSON.stringify(name).length > 200 ? '…' : ''));
  });

  it('checks bare edits in a bare list too, evaluator names included', async () => {
    const evaluator = { operation: 'upsert_evaluator', evaluation_name: 'e', evaluator_name: 'x/y', evaluator: { type: 'exact_match' } };
    const client = await clientFor({ configWrites: [COMPLETE_EDITS[0], evaluator] as unknown as object });
    const fault = await faultOf(client.getConfigWrites(SESSION_ID));
    expect(fault).toMatchObject({ kind: 'unsafe_name', jsonPath: '[1].evaluator_name', value: '"x/y"' });
  });

  it('refuses a config-writes body that is neither a list nor {config_writes: [...]}', async () => {
    const client = await clientFor({ configWrites: { writes: [] } });
    const fault = await faultOf(client.getConfigWrites(SESSION_ID));
    expect(fault).toMatchObject({ kind: 'invalid_shape', route: WRITES_ROUTE, jsonPath: 'config_writes', value: 'missing' });
  });

  it('passes safe config writes through unchanged', async () => {
    const writes = { config_writes: [writeConfigEvent(COMPLETE_EDITS)] };
    const client = await clientFor({ configWrites: writes });
    await expect(client.getConfigWrites(SESSION_ID)).resolves.toEqual(writes);
  });
});

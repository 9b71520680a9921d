import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { writeEditOutcome, writeSessionArtifacts } from './session-artifacts';
import { writeRuntimeJson } from './runtime-json';

describe('writeSessionArtifacts', () => {
  it('writes the original four files of autopilot/iteration_NNN, plus session_events.json, with sorted keys and 2-space indentation', async () => {
    const dir = path.join(mkdtempSync(path.join(tmpdir(), 'session-')), 'autopilot', 'iteration_001');
    const flattened = [{ operation: 'upsert_variant', function_name: 'f', variant_name: 'v2', variant: { type: 'chat_completion', model: 'sim::large' } }];
    const raw = [{ payload: { arguments: { edit: flattened } } }, { junk: true }];
    const events = [{ id: 'e1', payload: { type: 'message', role: 'assistant', content: [{ type: 'text', text: 'Trying a larger model.' }] } }];
    await writeSessionArtifacts(dir, {
      initialMessage: 'Improve it \u2014 now.\n\n- sim::large',
      session_id: 'sess-1',
      final_status: 'interrupted',
      turns: 20,
      error: null,
      fault: null,
      config_writes: flattened,
      raw_config_writes: raw,
      events,
    });
    expect(readdirSync(dir).sort()).toEqual(['config_writes.flattened.json', 'config_writes.raw.json', 'initial_message.txt', 'session_events.json', 'session_result.json']);
    expect(JSON.parse(readFileSync(path.join(dir, 'session_events.json'), 'utf8'))).toEqual(events);
    expect(readFileSync(path.join(dir, 'initial_message.txt'), 'utf8')).toBe('Improve it \u2014 now.\n\n- sim::large');
    const sessionResult = readFileSync(path.join(dir, 'session_result.json'), 'utf8');
    expect(sessionResult).toBe(
      '{\n  "config_writes_count": 1,\n  "error": null,\n  "fault": null,\n  "final_status": "interrupted",\n  "raw_config_writes_count": 2,\n  "session_id": "sess-1",\n  "turns": 20\n}\n',
    );
    const flat = readFileSync(path.join(dir, 'config_writes.flattened.json'), 'utf8');
    expect(JSON.parse(flat)).toEqual(flattened);
    expect(Object.keys(JSON.parse(flat)[0])).toEqual(['function_name', 'operation', 'variant', 'variant_name']);
    expect(JSON.parse(readFileSync(path.join(dir, 'config_writes.raw.json'), 'utf8'))).toEqual(raw);
  });
});

describe('session faults and edit outcomes', () => {
  it('records the fault in session_result.json and the applied and refused edits in config_writes.outcome.json', async () => {
    const dir = path.join(mkdtempSync(path.join(tmpdir(), 'session-')), 'autopilot', 'iteration_002');
    const fault = { kind: 'service_error', message: 'GET /sessions/s/config-writes returned HTTP 500' };
    await writeSessionArtifacts(dir, { initialMessage: 'm', session_id: 's', final_status: 'error', turns: 1, error: fault.message, fault, config_writes: [], raw_config_writes: [], events: [] });
    expect(JSON.parse(readFileSync(path.join(dir, 'session_result.json'), 'utf8'))).toMatchObject({ final_status: 'error', error: fault.message, fault });
    const outcome = {
      applied: [{ index: 0, operation: 'upsert_variant', target: 'functions.f.variants.a' }],
      rejected: [{ index: 1, operation: null, target: null, reason: 'invalid edit payload: ✖ Invalid input' }],
    };
    await writeEditOutcome(dir, outcome);
    expect(JSON.parse(readFileSync(path.join(dir, 'config_writes.outcome.json'), 'utf8'))).toEqual(outcome);
  });
});

describe('writeRuntimeJson', () => {
  it('writes runtime.json with sorted keys, including extra fields', async () => {
    const dir = path.join(mkdtempSync(path.join(tmpdir(), 'runtime-')), 'gateway', 'test');
    const file = await writeRuntimeJson(dir, { postgres_database: 'tensorzero_0123456789ab_test', gateway_url: 'http://localhost:3001', kind: 'builtin' });
    expect(file).toBe(path.join(dir, 'runtime.json'));
    expect(readFileSync(file, 'utf8')).toBe(
      '{\n  "gateway_url": "http://localhost:3001",\n  "kind": "builtin",\n  "postgres_database": "tensorzero_0123456789ab_test"\n}\n',
    );
  });
});

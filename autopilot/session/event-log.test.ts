import { describeEvent, describePendingToolCall } from './event-log';

describe('event log lines', () => {
  it('cuts messages to 2000 characters', () => {
    const line = describeEvent({ payload: { type: 'message', role: 'assistant', content: [{ type: 'text', text: 'm'.repeat(5000) }] } });
    expect(line).toContain('m'.repeat(2000));
    expect(line).not.toContain('m'.repeat(2001));
  });

  it('cuts tool-call arguments to 500 and tool results to 2000 characters', () => {
    const call = describeEvent({ payload: { type: 'tool_call', name: 'write_config', arguments: { text: 'a'.repeat(5000) } } });
    expect(call).toContain('write_config');
    expect(call).toContain('a'.repeat(490));
    expect(call).not.toContain('a'.repeat(500));
    const result = describeEvent({ payload: { type: 'tool_result', tool_call_name: 'inference', outcome: { type: 'success', result_value: 'r'.repeat(5000) } } });
    expect(result).toContain('r'.repeat(1950));
    expect(result).not.toContain('r'.repeat(2000));
  });

  it('cuts pending tool-call arguments to 300 characters', () => {
    const line = describePendingToolCall({ id: 't', payload: { type: 'tool_call', name: 'get_config', arguments: { q: 'z'.repeat(1000) } } });
    expect(line.startsWith('get_config(')).toBe(true);
    expect(line).toContain('z'.repeat(290));
    expect(line).not.toContain('z'.repeat(300));
  });
});

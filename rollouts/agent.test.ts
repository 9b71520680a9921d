import { observationToInput, responseToAction, summariseAction } from './agent';

test('observations become gateway input: template arguments, plain text, tool results and prior actions', () => {
  const input = observationToInput({
    functionName: 'act',
    system: [{ type: 'text_result', value: { mission: 'pick up the ball' } }],
    messages: [
      { role: 'user', content: [{ type: 'text_result', value: { observation: 'a wall ahead' } }] },
      { role: 'assistant', content: [{ type: 'tool_call', id: 'c1', name: 'look', arguments: { dir: 'left' } }] },
      { role: 'user', content: [{ type: 'tool_result', id: 'c1', name: 'look', result: 'a ball' }] },
      { role: 'assistant', content: { type: 'json', content: { answer: 1 } } },
      { role: 'user', content: [{ type: 'text_result', value: 'plain text' }] },
    ],
  });
  expect(input).toEqual({
    system: { mission: 'pick up the ball' },
    messages: [
      { role: 'user', content: [{ type: 'template', name: 'user', arguments: { observation: 'a wall ahead' } }] },
      { role: 'assistant', content: [{ type: 'tool_call', id: 'c1', name: 'look', arguments: { dir: 'left' } }] },
      { role: 'user', content: [{ type: 'tool_result', id: 'c1', name: 'look', result: 'a ball' }] },
      { role: 'assistant', content: [{ type: 'text', text: '{"answer":1}' }] },
      { role: 'user', content: [{ type: 'text', text: 'plain text' }] },
    ],
  });
});

test('responses become actions; an unparsed json output becomes a null content', () => {
  const usage = { input_tokens: 1, output_tokens: 1 };
  expect(responseToAction({ inference_id: 'i', episode_id: 'e', variant_name: 'v', usage, output: { raw: 'oops', parsed: null } })).toEqual({ type: 'json', content: null });
  expect(
    responseToAction({
      inference_id: 'i',
      episode_id: 'e',
      variant_name: 'v',
      usage,
      content: [
        { type: 'text', text: 'hi' },
        { type: 'tool_call', id: 't', raw_name: 'go', raw_arguments: '{"x":1}', name: null, arguments: null },
      ],
    }),
  ).toEqual([
    { type: 'text', content: 'hi' },
    { type: 'tool_call', id: 't', name: 'go', arguments: { x: 1 } },
  ]);
});

test('action summaries follow the original rules, with long commands cut to 117 characters plus "..."', () => {
  expect(summariseAction({ type: 'json', content: {} }).kind).toBe('json');
  expect(summariseAction([{ type: 'text', content: 'x' }]).kind).toBe('text');
  const long = 'echo ' + 'a'.repeat(200) + '\nls';
  const one = summariseAction([{ type: 'tool_call', id: '1', name: 'execute_command', arguments: { command: long, timeout: 30 } }]);
  expect(one).toMatchObject({ kind: 'tool_call', toolName: 'execute_command', toolTimeout: 30 });
  expect(one.commandPreview).toHaveLength(120);
  expect(one.commandPreview!.endsWith('...')).toBe(true);
  expect(summariseAction([{ type: 'text', content: 'x' }, { type: 'tool_call', id: '1', name: 'a', arguments: {} }, { type: 'tool_call', id: '2', name: 'b', arguments: {} }])).toMatchObject({ kind: 'mixed', toolName: 'a,b' });
  expect(summariseAction([]).kind).toBe('unknown');
});

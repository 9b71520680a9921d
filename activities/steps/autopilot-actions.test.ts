import { describeAutopilotActions } from './autopilot-actions';

const TEMPLATE = 'You are a named-entity recognition system. '.repeat(50);

test('one short line per action: the outcome, each applied edit by name and changed keys, each refusal with its reason', () => {
  const edits = [
    { operation: 'upsert_variant', function_name: 'f', variant_name: 'big_fs4', variant: { type: 'chat_completion', model: 'sim::large', system_template: { __data: TEMPLATE }, json_mode: 'strict' } },
    { operation: 'upsert_experimentation', function_name: 'f', experimentation: { type: 'track_and_stop', candidate_variants: ['initial', 'big_fs4'] } },
    { operation: 'upsert_variant', function_name: 'f', variant_name: 'bad', variant: {} },
  ];
  const lines = describeAutopilotActions({ turns: 3, final_status: 'idle' }, edits, {
    applied: [
      { index: 0, operation: 'upsert_variant', target: 'functions.f.variants.big_fs4' },
      { index: 1, operation: 'upsert_experimentation', target: 'functions.f.experimentation' },
    ],
    rejected: [{ index: 2, operation: 'upsert_variant', target: 'functions.f.variants.bad', reason: 'missing model' }],
  });
  expect(lines).toEqual([
    'autopilot: 3 turns, 3 edits proposed, 2 applied (idle)',
    '+ variant big_fs4 on sim::large: json_mode, system_template',
    '+ experiment track_and_stop for f over initial, big_fs4',
    '✗ refused functions.f.variants.bad: missing model',
  ]);
  // the template itself never reaches the console
  expect(lines.join('\n')).not.toContain('named-entity');
});

test('many edits: at most twelve lines of at most 160 characters, the rest counted', () => {
  const edits = Array.from({ length: 30 }, (_, i) => ({ operation: 'upsert_variant', variant_name: `v${i}_${'x'.repeat(200)}`, variant: { model: 'm' } }));
  const lines = describeAutopilotActions({ turns: 1, final_status: 'idle' }, edits, { applied: edits.map((_, index) => ({ index, operation: 'upsert_variant', target: `t${index}` })), rejected: [] });
  expect(lines).toHaveLength(13);
  expect(lines.every((line) => line.length <= 160)).toBe(true);
  expect(lines[12]).toBe('… and 19 more (see the report)');
});

import type { ResponseContentBlock, StoredInferenceWithFeedback } from '../../../gateway/wire';
import { analyseErrorModes, failedInferences, invalidKind, toolContextOf, toolMisuse } from './error-modes';
import { nerInference, nerInferences } from '../../../test/fixtures/ner-train-data';

const EXACT = { type: 'boolean', optimize: 'max', level: 'episode' } as const;
const REWARD = { type: 'float', optimize: 'max', level: 'inference' } as const;
const NO_TOOLS = { tools: [], toolsRequired: false };

function chat(index: number, observation: string, content: ResponseContentBlock[], success: boolean, previous?: string): StoredInferenceWithFeedback {
  const messages = [
    ...(previous ? [{ role: 'user' as const, content: 'earlier' }, { role: 'assistant' as const, content: previous }] : []),
    { role: 'user' as const, content: [{ type: 'text' as const, text: observation }] },
  ];
  return { ...nerInference(index, 'x', null, { success }), function_name: 'act', input: { messages }, output: content };
}
const text = (t: string): ResponseContentBlock[] => [{ type: 'text', text: t }];
const call = (name: string | null, args: Record<string, unknown> | null): ResponseContentBlock => ({
  type: 'tool_call', id: 'c1', raw_name: name ?? 'nope', raw_arguments: args ? JSON.stringify(args) : '{bad', name, arguments: args,
});

describe('invalidKind', () => {
  it('tells unparseable JSON, schema violations and empty outputs apart', () => {
    expect(invalidKind({ raw: '{"person": ["Angela', parsed: null })).toBe('unparseable_json');
    expect(invalidKind({ raw: '{"persons": []}', parsed: null })).toBe('schema_violation');
    expect(invalidKind({ raw: null, parsed: null })).toBe('empty_output');
    expect(invalidKind({ raw: '{}', parsed: {} })).toBeNull();
    expect(invalidKind([])).toBe('empty_output');
    expect(invalidKind(text('  '))).toBe('empty_output');
    expect(invalidKind([call('lookup', {})])).toBeNull();
  });
});

describe('toolMisuse', () => {
  const context = { tools: ['lookup'], toolsRequired: true };
  it('finds unknown tools, invalid arguments and missing calls', () => {
    expect(toolMisuse([call(null, {})], NO_TOOLS)).toEqual(['unknown_tool']);
    expect(toolMisuse([call('delete_all', {})], context)).toEqual(['unknown_tool']);
    expect(toolMisuse([call('lookup', null)], context)).toEqual(['invalid_arguments']);
    expect(toolMisuse(text('I will look it up.'), context)).toEqual(['missing_tool_call']);
    expect(toolMisuse([call('lookup', { id: 1 })], context)).toEqual([]);
    expect(toolMisuse({ raw: '{}', parsed: {} }, context)).toEqual([]);
  });

  it('reads tools and tool_choice from the function config', () => {
    expect(toolContextOf({ type: 'chat', variants: {}, tools: ['a'], tool_choice: 'required' })).toEqual({ tools: ['a'], toolsRequired: true });
    expect(toolContextOf({ type: 'chat', variants: {} })).toEqual(NO_TOOLS);
  });
});

describe('analyseErrorModes on a json function', () => {
  it('counts invalid outputs and compares a failure with the successful answer to the same input', () => {
    const sentence = 'Prime Minister Jacinda Ardern visited hospital staff in Auckland .';
    const reference = nerInference(40, sentence, { person: ['Jacinda Ardern'], location: ['Auckland'] }, { exact_match: true }, 'other');
    const modes = analyseErrorModes([...nerInferences(), reference], { metricName: 'exact_match', metric: EXACT, tools: NO_TOOLS });
    expect(modes).toMatchObject({ inferenceCount: 13, scoredCount: 13, failedCount: 4 });
    expect(modes.invalid).toEqual({ unparseable_json: 2, schema_violation: 0, empty_output: 0 });
    expect(modes.wrongAnswers).toEqual([
      { category: 'right keys, wrong values (no successful answer to this input to compare)', count: 1, example: expect.stringContaining('Kenyan') },
      { category: 'wrong "location"', count: 1, example: expect.stringContaining('Jacinda Ardern') },
    ]);
  });

  it('names keys that failures miss or add compared with successful answers', () => {
    const missing = { ...nerInference(50, 'Lonely sentence .', null, { exact_match: false }), output: { raw: '{"person":[]}', parsed: { person: [] } } };
    const extra = { ...nerInference(51, 'Other sentence .', null, { exact_match: false }), output: { raw: '', parsed: { person: [], organization: [], location: [], miscellaneous: [], date: [] } } };
    const modes = analyseErrorModes([...nerInferences(), missing, extra], { metricName: 'exact_match', metric: EXACT, tools: NO_TOOLS });
    const categories = modes.wrongAnswers.map((w) => w.category);
    expect(categories).toContain('missing key "organization", "location", "miscellaneous"');
    expect(categories).toContain('extra key "date"');
  });
});

describe('analyseErrorModes on a chat function with bare answers', () => {
  it('sorts failures into wrapped answers, answers outside the usual set, usual-but-wrong answers and repeats', () => {
    const inferences = [
      chat(1, 'ball ahead', text('pick up'), true),
      chat(2, 'wall ahead', text('turn left'), true),
      chat(3, 'open room', text('go forward'), true),
      chat(4, 'ball left', text('I want the ball, so I will turn left.'), false),
      chat(5, 'ball right', text('move ahead'), false),
      chat(6, 'ball far', text('turn right'), false),
      chat(7, 'ball behind', text('turn left'), false, 'turn left'),
      chat(8, 'ball near', [], false),
      chat(9, 'box ahead', text('pick up'), false),
    ];
    const modes = analyseErrorModes(inferences, { metricName: 'success', metric: EXACT, tools: NO_TOOLS });
    expect(modes.invalid.empty_output).toBe(1);
    expect(Object.fromEntries(modes.wrongAnswers.map((w) => [w.category, w.count]))).toEqual({
      'answer wrapped in extra text': 1,
      'answer outside the set successful answers use': 2, // "move ahead", and "turn right", never seen in a success
      'repeats the previous turn': 1,
      'a usual answer, wrong here': 1,
    });
  });
});

describe('failedInferences', () => {
  it('takes the bottom quartile of a float metric, never a success', () => {
    const inferences = [0, 0, 0, 0, 0, 0, 0.8, 0.9].map((v, i) => nerInference(i, `s${i}`, { person: [] }, { reward: v }));
    expect(failedInferences(inferences, 'reward', REWARD)).toHaveLength(6);
  });
});

import { countWorkedExamples, extractPromptFeatures } from './prompt-features';
import type { ChatCompletionRequest } from './openai-wire';

const KEYS = ['person', 'organization', 'location', 'miscellaneous'];
const req = (system: string, extra: Partial<ChatCompletionRequest> = {}): ChatCompletionRequest => ({
  model: 'small',
  messages: [{ role: 'system', content: system }, { role: 'user', content: 'Marta Lindqvist visited Oslo .' }],
  ...extra,
});

describe('extractPromptFeatures', () => {
  it('sees format instructions when the text says JSON and names every output key', () => {
    const f = extractPromptFeatures(req('Reply in JSON with keys person, organization, location and miscellaneous.'), { outputKeys: KEYS });
    expect(f).toMatchObject({ mentionsJson: true, namesOutputKeys: true, formatInstructions: true, responseFormat: 'none' });
  });

  it('needs both: JSON without the keys, or the keys without JSON, is not enough', () => {
    expect(extractPromptFeatures(req('Reply in JSON.'), { outputKeys: KEYS })).toMatchObject({ mentionsJson: true, namesOutputKeys: false, formatInstructions: false });
    expect(extractPromptFeatures(req('List person, organization, location, miscellaneous.'), { outputKeys: KEYS })).toMatchObject({
      mentionsJson: false,
      namesOutputKeys: true,
      formatInstructions: false,
    });
  });

  it('matches keys as whole words ("persons" does not name "person")', () => {
    expect(extractPromptFeatures(req('JSON: persons, organizations, locations, miscellaneous'), { outputKeys: KEYS }).namesOutputKeys).toBe(false);
  });

  it('counts a json_schema response format as format instructions and reads its required keys', () => {
    const f = extractPromptFeatures(
      req('Extract entities.', { response_format: { type: 'json_schema', json_schema: { name: 'x', schema: { type: 'object', required: ['answer'] }, strict: true } } }),
    );
    expect(f).toMatchObject({ responseFormat: 'json_schema', formatInstructions: true, outputKeys: ['answer'], namesOutputKeys: false });
    expect(extractPromptFeatures(req('Extract.', { response_format: { type: 'json_object' } })).responseFormat).toBe('json_object');
  });

  it('detects step-by-step requests and reads the temperature', () => {
    expect(extractPromptFeatures(req('Think step by step before answering.')).asksStepByStep).toBe(true);
    expect(extractPromptFeatures(req('Reason carefully about each word.')).asksStepByStep).toBe(true);
    expect(extractPromptFeatures(req('Answer quickly.')).asksStepByStep).toBe(false);
    expect(extractPromptFeatures(req('x', { temperature: 0.3 })).temperature).toBe(0.3);
    expect(extractPromptFeatures(req('x')).temperature).toBeNull();
  });
});

describe('countWorkedExamples', () => {
  const example = '{"person": ["Ana Ribeiro"], "organization": [], "location": ["Lima"], "miscellaneous": []}';

  it('counts JSON objects in the text that parse and hold the output keys', () => {
    const system = `Example 1: ${example}\nExample 2:\n${JSON.stringify(JSON.parse(example), null, 2)}`;
    expect(countWorkedExamples(req(system), KEYS)).toBe(2);
  });

  it('ignores a shape sketch that does not parse, objects without the keys, and braces inside strings', () => {
    const system = 'Shape: {"person": [names], ...}. Other: {"a": 1}. Text: {"note": "a } in a string", "person": 1}';
    expect(countWorkedExamples(req(system), KEYS)).toBe(0);
  });

  it('counts prior assistant turns that answer in the output format (few-shot as messages)', () => {
    const request: ChatCompletionRequest = {
      model: 'small',
      messages: [
        { role: 'system', content: 'Extract entities as JSON.' },
        { role: 'user', content: 'Ana Ribeiro flew to Lima .' },
        { role: 'assistant', content: example },
        { role: 'user', content: 'Nothing here .' },
        { role: 'assistant', content: 'I could not find any.' },
        { role: 'user', content: 'Marta Lindqvist visited Oslo .' },
      ],
    };
    expect(countWorkedExamples(request, KEYS)).toBe(1);
    expect(countWorkedExamples(request, [])).toBe(2); // no known keys: every prior assistant turn
  });
});

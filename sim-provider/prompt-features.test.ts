import { extractPromptFeatures } from './prompt-features';
import { assessExamples, findWorkedExamples } from './worked-examples';
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

describe('reading instructions with polarity and consistency', () => {
  it('does not count a negated step-by-step request, and calls asking and forbidding it a contradiction', () => {
    expect(extractPromptFeatures(req('Do not think step by step; answer at once.')).asksStepByStep).toBe(false);
    expect(extractPromptFeatures(req("Don't reason carefully about it.")).asksStepByStep).toBe(false);
    const both = extractPromptFeatures(req('Think step by step. Never think step by step.'));
    expect(both.asksStepByStep).toBe(true);
    expect(both.contradictions).toContain('step_by_step');
  });

  it('finds contradicting format instructions', () => {
    expect(extractPromptFeatures(req('Reply in JSON. Answer in plain text, in full sentences.'), { outputKeys: KEYS }).contradictions).toContain('reply_format');
    expect(extractPromptFeatures(req('Reply in JSON. Do not use JSON.'), { outputKeys: KEYS }).contradictions).toContain('reply_format');
    expect(extractPromptFeatures(req('Explain your answer. Give the answer only, no explanation.')).contradictions).toContain('explanation');
    expect(extractPromptFeatures(req('Reply in JSON with keys person, organization, location and miscellaneous.'), { outputKeys: KEYS }).contradictions).toEqual([]);
  });

  it('counts schema instructions only when their keys match the output', () => {
    const wrongKeys = extractPromptFeatures(req('Reply in JSON with exactly these keys: "persons", "organization", "location", "miscellaneous". Use person for people.'), {
      outputKeys: KEYS,
    });
    expect(wrongKeys.foreignKeys).toEqual(['persons']);
    expect(wrongKeys.formatInstructions).toBe(false);
    const strict = { type: 'json_schema' as const, json_schema: { name: 'x', schema: { type: 'object', properties: { person: {} }, additionalProperties: false } } };
    expect(extractPromptFeatures(req('Reply with JSON: {"persons": [...]} is the shape.', { response_format: strict }), { outputKeys: ['person'] }).contradictions).toContain('keys_vs_schema');
  });
});

describe('finding worked examples', () => {
  const example = '{"person": ["Ana Ribeiro"], "organization": [], "location": ["Lima"], "miscellaneous": []}';
  const context = { outputKeys: KEYS, conversation: 'examples' as const };

  it('finds JSON objects in the text that parse and hold the output keys, with the text before each as its input', () => {
    const system = `Sentence: Ana Ribeiro flew to Lima .\nAnswer: ${example}\nSentence: Ana Ribeiro flew to Lima .\n${JSON.stringify(JSON.parse(example), null, 2)}`;
    const found = findWorkedExamples(req(system), context);
    expect(found).toHaveLength(2);
    expect(found[0].input).toContain('Ana Ribeiro flew to Lima .');
    expect(found[1].input).not.toContain('Answer:');
  });

  it('ignores a shape sketch that does not parse, objects without the keys, and braces inside strings', () => {
    const system = 'Shape: {"person": [names], ...}. Other: {"a": 1}. Text: {"note": "a } in a string", "person": 1}';
    expect(findWorkedExamples(req(system), context)).toHaveLength(0);
  });

  it('takes earlier user/assistant turns as examples, unless they are the episode’s own moves', () => {
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
    expect(findWorkedExamples(request, context)).toEqual([{ input: 'Ana Ribeiro flew to Lima .', output: JSON.parse(example) }]);
    expect(findWorkedExamples(request, { outputKeys: [], conversation: 'examples' })).toHaveLength(2);
    expect(findWorkedExamples(request, { ...context, conversation: 'episode' })).toHaveLength(0);
  });

  it('counts repeats once and unjudged examples as irrelevant', () => {
    const system = `Ana Ribeiro flew to Lima .\n${example}\nAna Ribeiro flew to Lima .\n${example}`;
    expect(assessExamples(req(system), context)).toMatchObject({ shown: 1, duplicates: 1, irrelevant: 1, correct: 0 });
  });
});

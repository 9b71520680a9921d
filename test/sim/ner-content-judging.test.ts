import { loadSyntheticRows } from '../../environments/ner/dataset';
import { ENTITY_CATEGORIES, type NerRow } from '../../environments/ner/entities';
import { nerOracle } from '../../environments/ner/oracle';
import type { ChatCompletionRequest } from '../../common/oracle-contract/chat-request';
import { simulateCompletion } from '../../sim-provider/simulate';
import { drawResponseSurface } from '../../sim-provider/response-surface';
import { measureExactMatch, misfiled, nerRequest, type NerPromptOptions } from '../fixtures/ner-scenarios';

/**
 * The simulator judges NER prompts by content (issue 14, item 2): worked examples by whether their
 * labels are right, instructions by polarity and consistency, and the task wherever the sentence
 * sits in the request. Exact match is measured over the shipped data and several seeds, so each
 * number is a mean over different response surfaces.
 */
const rows = loadSyntheticRows();
const labelled = rows.filter((r) => r.split === 'train' && ENTITY_CATEGORIES.filter((c) => r.output[c].length > 0).length >= 2);
const examples = labelled.slice(0, 6);
const evalRows = rows.filter((r) => r.split === 'test').slice(0, 80);
const SEEDS = [1, 2, 3, 4, 5, 6];

const small = (extra: Partial<NerPromptOptions> = {}): NerPromptOptions => ({ tier: 'small', system: 'template', responseFormat: 'json_schema', ...extra });
const rate = (options: NerPromptOptions, transform?: (r: ChatCompletionRequest) => ChatCompletionRequest) =>
  measureExactMatch(evalRows, options, SEEDS, transform);
/** the trace of one request, for checks on the error profile itself */
const traceOf = (request: ChatCompletionRequest, seed = 1) => simulateCompletion(request, { seed, oracles: [nerOracle] }).trace;

describe('NER: worked examples count by correctness', () => {
  const none = rate(small());

  it('correct examples raise exact match; the same examples with misfiled labels lower it below no examples', () => {
    const correct = rate(small({ examples }));
    const wrong = rate(small({ examples: examples.map(misfiled) }));
    expect(correct).toBeGreaterThan(none + 0.05);
    expect(wrong).toBeLessThan(none - 0.05);
  });

  it('wrong labels teach the matching mistake: mislabelling gets more likely', () => {
    const trace = traceOf(nerRequest(evalRows[0].input, small({ examples: examples.map(misfiled) })));
    expect(trace.features.examples).toMatchObject({ wrong: 6, correct: 0 });
    expect(trace.profile.mistakeWeights.mislabelled_category).toBeGreaterThan(1);
  });

  it('duplicates add nothing: one example six times is worth one example', () => {
    const once = traceOf(nerRequest(evalRows[0].input, small({ examples: examples.slice(0, 1) })));
    const sixTimes = traceOf(nerRequest(evalRows[0].input, small({ examples: Array(6).fill(examples[0]) })));
    expect(sixTimes.features.examples).toMatchObject({ correct: 1, duplicates: 5 });
    expect(sixTimes.profile.mistakeRate).toBe(once.profile.mistakeRate);
  });

  it('examples of another task teach nothing about the content', () => {
    const offTask = examples.slice(0, 3).map((r, i) => ({ ...r, input: `Made-up headline number ${i} that no dataset holds .` }));
    const request = nerRequest(evalRows[0].input, small({ examples: offTask }));
    expect(traceOf(request).features.examples).toMatchObject({ shown: 3, irrelevant: 3, correct: 0 });
    expect(traceOf(request).profile.mistakeRate).toBe(traceOf(nerRequest(evalRows[0].input, small())).profile.mistakeRate);
  });

  it('too many examples cost: past the seed’s optimum the mistake rate rises again, and prompts get longer and slower', () => {
    const many = labelled.slice(0, 30);
    const seed = 2;
    const optimum = drawResponseSurface(seed).exampleOptimum;
    const at = (n: number) => simulateCompletion(nerRequest(evalRows[0].input, small({ examples: many.slice(0, n) })), { seed, oracles: [nerOracle] });
    expect(at(30).trace.profile.mistakeRate).toBeGreaterThan(at(optimum).trace.profile.mistakeRate);
    expect(at(30).usage.prompt_tokens).toBeGreaterThan(at(optimum).usage.prompt_tokens * 2);
  });

  it('recognises examples given as chat turns, and judges them the same way', () => {
    const withTurns = (shown: NerRow[]) => (request: ChatCompletionRequest): ChatCompletionRequest => ({
      ...request,
      messages: [request.messages[0], ...shown.flatMap((r) => [{ role: 'user' as const, content: r.input }, { role: 'assistant' as const, content: JSON.stringify(r.output) }]), ...request.messages.slice(1)],
    });
    expect(traceOf(withTurns(examples)(nerRequest(evalRows[0].input, small()))).features.examples).toMatchObject({ correct: 6, wrong: 0 });
    expect(rate(small(), withTurns(examples))).toBeGreaterThan(none + 0.05);
    expect(rate(small(), withTurns(examples.map(misfiled)))).toBeLessThan(none - 0.05);
  });
});

describe('NER: instructions count with polarity and consistency', () => {
  const addSystem = (text: string) => (request: ChatCompletionRequest): ChatCompletionRequest => ({
    ...request,
    messages: [{ role: 'system', content: `${request.messages[0].content as string}\n${text}` }, ...request.messages.slice(1)],
  });

  it('"do not think step by step" earns nothing', () => {
    const request = nerRequest(evalRows[0].input, small());
    expect(traceOf(addSystem('Do not think step by step.')(request)).profile.mistakeRate).toBe(traceOf(request).profile.mistakeRate);
    expect(traceOf(addSystem('Think step by step.')(request)).profile.mistakeRate).not.toBe(traceOf(request).profile.mistakeRate);
  });

  it('contradictory format instructions hurt', () => {
    const plain = small({ responseFormat: 'none' });
    expect(rate(plain, addSystem('Answer in plain text, in full sentences. Do not use JSON.'))).toBeLessThan(rate(plain) - 0.05);
  });

  it('schema instructions help only when their keys match the output schema', () => {
    const plain = small({ responseFormat: 'none' });
    const wrongKeys = 'Reply with exactly these keys: "persons", "organizations", "locations", "misc".';
    expect(rate(plain, addSystem(wrongKeys))).toBeLessThan(rate(plain) - 0.1);
  });
});

describe('NER: the task is recognised wherever the sentence appears', () => {
  it('a custom user template around the sentence scores like the bare sentence', () => {
    const wrap = (request: ChatCompletionRequest): ChatCompletionRequest => ({
      ...request,
      messages: [request.messages[0], { role: 'user', content: `Here is a news sentence.\n\n«${request.messages[1].content as string}»\n\nList its entities, please.` }],
    });
    expect(traceOf(wrap(nerRequest(evalRows[0].input, small()))).oracle).toBe('ner_conllpp_v0');
    expect(Math.abs(rate(small(), wrap) - rate(small()))).toBeLessThan(0.08);
  });
});

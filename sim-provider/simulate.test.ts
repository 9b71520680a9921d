import { loadSyntheticRows } from '../environments/ner/dataset';
import { nerOracle } from '../environments/ner/oracle';
import type { ChatCompletionRequest } from './openai-wire';
import { countTokens, simulateCompletion } from './simulate';
import { nerRequest } from '../test/fixtures/ner-scenarios';
import { UnknownSimTierError } from './tiers';
import type { Oracle } from '../common/oracle-contract/oracle';

const rows = loadSyntheticRows().slice(0, 40);
const oracles = [nerOracle];

describe('simulateCompletion', () => {
  it('gives the same answer for the same seed, model and request', () => {
    for (const row of rows) {
      const request = nerRequest(row.input, { tier: 'small', system: 'template', responseFormat: 'none' });
      expect(simulateCompletion(request, { seed: 5, oracles })).toEqual(simulateCompletion(structuredClone(request), { seed: 5, oracles }));
    }
  });

  it('gives other answers for other seeds', () => {
    const answers = (seed: number) =>
      rows.map((row) => simulateCompletion(nerRequest(row.input, { tier: 'small', system: 'template', responseFormat: 'none' }), { seed, oracles }).content);
    const a = answers(1);
    const b = answers(2);
    expect(a.filter((text, i) => text !== b[i]).length).toBeGreaterThan(rows.length / 4);
  });

  it('ignores the key order of the request and the stream flag, but not the request seed', () => {
    const request = nerRequest(rows[0].input, { tier: 'small', system: 'template', responseFormat: 'none', temperature: 0.7 });
    const reordered = { temperature: 0.7, messages: request.messages, model: 'small', stream: true } as ChatCompletionRequest;
    expect(simulateCompletion(reordered, { seed: 1, oracles }).content).toBe(simulateCompletion(request, { seed: 1, oracles }).content);
    const bySeed = rows.map((row) => {
      const r = nerRequest(row.input, { tier: 'small', system: 'template', responseFormat: 'none' });
      return simulateCompletion({ ...r, seed: 1 }, { seed: 1, oracles }).content !== simulateCompletion({ ...r, seed: 2 }, { seed: 1, oracles }).content;
    });
    expect(bySeed.some(Boolean)).toBe(true);
  });

  it('answers with the oracle ideal when no mistake is drawn, valid under a json_schema', () => {
    const outcomes = rows.map((row) => {
      const c = simulateCompletion(nerRequest(row.input, { tier: 'large', system: 'template', responseFormat: 'json_schema' }), { seed: 3, oracles });
      expect(c.trace.oracle).toBe('ner_conllpp_v0');
      if (c.trace.outcome === 'ideal') expect(JSON.parse(c.content!)).toEqual(row.output);
      return c.trace.outcome;
    });
    expect(outcomes).toContain('ideal');
    expect(outcomes).not.toContain('malformed');
    expect(outcomes).not.toContain('schema_violation');
  });

  it('counts usage from the text (~4 characters per token) and prices it by tier', () => {
    const request = nerRequest(rows[0].input, { tier: 'large', system: 'template', responseFormat: 'json_schema' });
    const c = simulateCompletion(request, { seed: 1, oracles });
    const promptChars = request.messages.map((m) => m.content as string).join('\n').length;
    expect(c.usage.prompt_tokens).toBe(Math.ceil(promptChars / 4));
    expect(c.usage.completion_tokens).toBe(countTokens(c.content!));
    expect(c.usage.total_tokens).toBe(c.usage.prompt_tokens + c.usage.completion_tokens);
    expect(c.usage.cost).toBeCloseTo((c.usage.prompt_tokens * 2.5 + c.usage.completion_tokens * 10) / 1e6, 12);
    const small = simulateCompletion({ ...request, model: 'small' }, { seed: 1, oracles });
    expect(small.usage.cost).toBeLessThan(c.usage.cost);
  });

  it('truncates to max_tokens with finish_reason length', () => {
    const request = nerRequest(rows.find((r) => r.output.person.length > 0)!.input, { tier: 'large', system: 'template', responseFormat: 'json_schema' });
    const c = simulateCompletion({ ...request, max_tokens: 3 }, { seed: 1, oracles });
    expect(c.finishReason).toBe('length');
    expect(c.content!.length).toBe(12);
    expect(c.usage.completion_tokens).toBe(3);
    expect(simulateCompletion({ ...request, max_completion_tokens: 4 }, { seed: 1, oracles }).content!.length).toBe(16);
  });

  it('accepts a sim:: prefix and rejects unknown tiers', () => {
    const request = nerRequest(rows[0].input, { tier: 'sim::medium', system: 'template', responseFormat: 'none' });
    expect(simulateCompletion(request, { seed: 1, oracles }).tier.name).toBe('medium');
    expect(() => simulateCompletion({ ...request, model: 'gpt-5' }, { seed: 1, oracles })).toThrow(UnknownSimTierError);
  });

  it('replies with plausible text from the last user message when no oracle knows the request', () => {
    const request: ChatCompletionRequest = {
      model: 'small',
      messages: [{ role: 'user', content: 'Should I focus on the prompt or on the model choice?' }],
    };
    const c = simulateCompletion(request, { seed: 1, oracles });
    expect(c.trace.outcome).toBe('generic');
    expect(c.content).toMatch(/\w+/);
    expect(c.content!.length).toBeLessThan(300);
  });

  it('shapes a generic reply to a json_schema response format', () => {
    const schema = { type: 'object', properties: { answer: { type: 'string' }, confident: { type: 'boolean' }, kind: { enum: ['yes', 'no'] } }, required: ['answer'] };
    const c = simulateCompletion(
      { model: 'medium', messages: [{ role: 'user', content: 'Is it an animal?' }], response_format: { type: 'json_schema', json_schema: { name: 'r', schema } } },
      { seed: 1, oracles },
    );
    const parsed = JSON.parse(c.content!);
    expect(parsed).toEqual({ answer: expect.any(String), confident: expect.any(Boolean), kind: expect.stringMatching(/^(yes|no)$/) });
  });

  it('returns tool calls for tool-call oracles, with mistakes from the oracle', () => {
    const toolOracle: Oracle = {
      name: 'tool-test',
      answer: () => ({
        kind: 'tool_call',
        ideal: { name: 'move', arguments: { direction: 'left' } },
        difficulty: 1,
        mistakes: [{ name: 'wrong_direction', weight: 1, apply: (call) => ({ ...call, arguments: { direction: 'right' } }) }],
      }),
    };
    const calls = Array.from({ length: 30 }, (_, i) =>
      simulateCompletion({ model: 'small', messages: [{ role: 'user', content: `step ${i}` }] }, { seed: 1, oracles: [toolOracle] }),
    );
    for (const c of calls) {
      expect(c.finishReason).toBe('tool_calls');
      expect(c.content).toBeNull();
      expect(c.toolCalls[0]).toMatchObject({ type: 'function', function: { name: 'move' } });
    }
    const args = calls.map((c) => JSON.parse(c.toolCalls[0].function.arguments).direction);
    expect(args).toContain('left');
    expect(args).toContain('right');
  });
});

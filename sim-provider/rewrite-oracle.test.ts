import { extractPromptFeatures } from './prompt-features';
import { readReplyContract, rewriteOracle } from './rewrite-oracle';
import { simulateCompletion } from './simulate';
import type { TextOracleAnswer } from '../common/oracle-contract/oracle';
import type { ChatCompletionRequest } from '../common/oracle-contract/chat-request';

const TEMPLATE = 'You label the sentiment of a review about {{ product }}. Say positive or negative.';
const SCHEMA = { type: 'object', properties: { label: { type: 'string' }, confidence: { type: 'number' } }, required: ['label', 'confidence'] };

/** Three unrelated optimiser dialects: none is the built-in autopilot's. */
const DIALECTS: Record<string, { request: ChatCompletionRequest; unwrap: (reply: string) => string | null }> = {
  xml_tags: {
    request: {
      model: 'large',
      messages: [
        { role: 'system', content: 'You improve prompts. Return the improved prompt inside <improved_prompt> tags.' },
        { role: 'user', content: `<current_prompt>\n${TEMPLATE}\n</current_prompt>\n<output_schema>\n${JSON.stringify(SCHEMA)}\n</output_schema>` },
      ],
    },
    unwrap: (reply) => /<improved_prompt>\n([\s\S]*?)\n<\/improved_prompt>/.exec(reply)?.[1] ?? null,
  },
  json_key: {
    request: {
      model: 'large',
      messages: [
        { role: 'user', content: `Please rewrite this prompt template so the model errs less.\nCurrent prompt:\n\`\`\`\n${TEMPLATE}\n\`\`\`\nAnswer with a JSON object with the key "new_prompt".` },
      ],
    },
    unwrap: (reply) => {
      const start = reply.indexOf('{');
      try {
        return start === -1 ? null : (JSON.parse(reply.slice(start)).new_prompt as string);
      } catch {
        return null;
      }
    },
  },
  markers: {
    request: {
      model: 'large',
      messages: [
        { role: 'system', content: 'Optimise the instructions below. Write the result between a line ### BEGIN and a line ### END.' },
        { role: 'user', content: `<<<EXISTING_PROMPT>>>\n${TEMPLATE}\n<<<END_EXISTING_PROMPT>>>` },
      ],
    },
    unwrap: (reply) => /### BEGIN\n([\s\S]*?)\n### END/.exec(reply)?.[1] ?? null,
  },
};

describe('the simulator as a generic optimiser model', () => {
  it.each(Object.keys(DIALECTS))('recognises a rewrite request in the %s dialect and follows its reply contract', (name) => {
    const { request, unwrap } = DIALECTS[name];
    const answer = rewriteOracle.answer(request) as TextOracleAnswer;
    expect(answer.kind).toBe('text');
    const template = unwrap(answer.ideal);
    expect(template).not.toBeNull();
    expect(template!.startsWith(TEMPLATE)).toBe(true);
    expect(template).toContain('{{ product }}');
  });

  it('writes the keys of the schema it is given, which then count as matching format instructions', () => {
    const template = DIALECTS.xml_tags.unwrap((rewriteOracle.answer(DIALECTS.xml_tags.request) as TextOracleAnswer).ideal)!;
    expect(template).toContain('"label", "confidence"');
    const features = extractPromptFeatures({ model: 'small', messages: [{ role: 'system', content: template }] }, { outputKeys: ['label', 'confidence'] });
    expect(features.formatInstructions).toBe(true);
  });

  it('makes more mistakes on a weaker tier, including ones only measurement catches', () => {
    const usable = (model: string) =>
      Array.from({ length: 60 }, (_, seed) => simulateCompletion({ ...DIALECTS.xml_tags.request, model }, { seed, oracles: [] })).filter(
        (c) => c.trace.outcome === 'ideal',
      ).length;
    expect(usable('small')).toBeLessThan(usable('large'));
    const mistakes = Array.from({ length: 120 }, (_, seed) => simulateCompletion({ ...DIALECTS.xml_tags.request, model: 'small' }, { seed, oracles: [] }).trace.mistakes).flat();
    expect(mistakes).toEqual(expect.arrayContaining(['drops_variable', 'no_change', 'renamed_keys', 'contradicting_format']));
  });

  it('reads reply contracts and leaves other requests alone', () => {
    expect(readReplyContract('Reply with the template between a line <<<A>>> and a line <<<B>>>.')).toEqual({ kind: 'between', start: '<<<A>>>', end: '<<<B>>>' });
    expect(readReplyContract('Write it.')).toEqual({ kind: 'bare' });
    expect(rewriteOracle.answer({ model: 'large', messages: [{ role: 'user', content: 'hello' }] })).toBeNull();
    expect(rewriteOracle.answer({ model: 'large', messages: [{ role: 'user', content: 'Can you improve the prompt? I have not written one yet.' }] })).toBeNull();
  });
});

import { NER_OUTPUT_SCHEMA } from '../../environments/ner/spec';
import { rewriteSystemTemplate, type RewriteSystemTemplateInput } from '../../autopilot/builtin/strategy/optimizer-rewrite';
import { extractPromptFeatures } from '../../sim-provider/prompt-features';
import { simulateCompletion } from '../../sim-provider/simulate';

const BABYAI_BASE = 'You are an agent playing a simple navigation game on a grid. Your goal: {{ mission }}.\n\nAnswer with the action only, for example: go forward';
const NER_BASE = 'You extract named entities from a sentence. Return JSON.';

function input(seed: number, model: string, overrides: Partial<RewriteSystemTemplateInput> = {}): RewriteSystemTemplateInput {
  return {
    functionName: 'act',
    functionType: 'chat',
    baseTemplate: BABYAI_BASE,
    outputSchema: null,
    successes: [{ inferenceId: 's', inputText: 'a red ball 1 step forward', outputText: 'pick up' }],
    failures: [{ inferenceId: 'f', inputText: 'a wall 1 step forward', outputText: 'I will go forward.' }],
    analysisSummary: 'Wrong answers: answer wrapped in extra text: 3',
    optimizerModel: model,
    infer: async (req) => {
      const completion = simulateCompletion(
        { model: req.modelName, messages: [{ role: 'system', content: req.system }, { role: 'user', content: req.user }] },
        { seed, oracles: [] },
      );
      return completion.content ?? '';
    },
    ...overrides,
  };
}

async function rewrites(model: string, overrides: Partial<RewriteSystemTemplateInput> = {}): Promise<Array<string | null>> {
  return Promise.all(Array.from({ length: 30 }, (_, seed) => rewriteSystemTemplate(input(seed, model, overrides))));
}

/** The built-in autopilot's rewrite step against the simulator's generic optimiser role: it must work without any shared dialect. */
describe('the built-in autopilot rewriting through the simulated optimiser', () => {
  it('returns usable rewrites that keep the variables and add a step-by-step instruction (chat)', async () => {
    const results = await rewrites('sim::large');
    const usable = results.filter((r): r is string => r !== null);
    expect(usable.length).toBeGreaterThanOrEqual(18);
    for (const template of usable) {
      expect(template.startsWith(BABYAI_BASE)).toBe(true);
      expect(template).toContain('{{ mission }}');
      const features = extractPromptFeatures({ model: 'small', messages: [{ role: 'system', content: template }] });
      expect(features.asksStepByStep).toBe(true);
    }
  });

  it('writes out the output keys for a json function, which the prompt-features scorer counts as format instructions', async () => {
    const usable = (await rewrites('sim::large', { functionType: 'json', baseTemplate: NER_BASE, outputSchema: NER_OUTPUT_SCHEMA })).filter(
      (r): r is string => r !== null,
    );
    expect(usable.length).toBeGreaterThan(0);
    const keys = Object.keys(NER_OUTPUT_SCHEMA.properties as object);
    const withFormat = usable.filter(
      (template) => extractPromptFeatures({ model: 'small', messages: [{ role: 'system', content: template }] }, { outputKeys: keys }).formatInstructions,
    );
    expect(withFormat.length).toBeGreaterThanOrEqual(usable.length / 2);
  });

  it('fails more often on a weaker tier, and the autopilot rejects those replies', async () => {
    const large = (await rewrites('sim::large')).filter((r) => r === null).length;
    const small = (await rewrites('sim::small')).filter((r) => r === null).length;
    expect(small).toBeGreaterThan(large);
  });
});

import { candidateRegistry } from './candidate-planning';
import type { FunctionConfig } from './config-types';
import { buildRewriteMetaPrompt, extractRewrittenTemplate, optimizerRewriteCandidate, rewriteProblem, rewriteSystemTemplate, type RewriteSystemTemplateInput } from './optimizer-rewrite';
import { CURRENT_TEMPLATE_END, CURRENT_TEMPLATE_START, NEW_TEMPLATE_END, NEW_TEMPLATE_START, REWRITE_ROLE_LINE, textBetween } from './rewrite-protocol';
import { GENERATED_GUIDANCE_MARKER } from './system-template';
import { variantFingerprint } from './variant-fingerprint';

const BASE = 'You play a grid game. Your goal: {{ mission }}.\nAnswer with the action only.';
const reply = (template: string) => `Here you go.\n${NEW_TEMPLATE_START}\n${template}\n${NEW_TEMPLATE_END}\n`;

function input(infer: RewriteSystemTemplateInput['infer']): RewriteSystemTemplateInput {
  return {
    functionName: 'act',
    functionType: 'chat',
    baseTemplate: `${BASE}\n\n${GENERATED_GUIDANCE_MARKER}\nOld guidance.`,
    outputSchema: null,
    successes: [{ inferenceId: 's1', inputText: 'a red ball 1 step forward', outputText: 'pick up' }],
    failures: [{ inferenceId: 'f1', inputText: 'a wall 1 step forward', outputText: 'I will go forward.' }],
    analysisSummary: '30% of answers were explanations instead of an action.',
    optimizerModel: 'sim::large',
    infer,
  };
}

describe('buildRewriteMetaPrompt', () => {
  it('shows the current template without earlier guidance, the variables to keep, examples and the analysis', () => {
    const { system, user } = buildRewriteMetaPrompt(input(async () => ''));
    expect(system.startsWith(REWRITE_ROLE_LINE)).toBe(true);
    expect(system).toContain('{{ mission }}');
    expect(textBetween(user, CURRENT_TEMPLATE_START, CURRENT_TEMPLATE_END)).toBe(BASE);
    expect(user).toContain('I will go forward.');
    expect(user).toContain('30% of answers');
  });
});

describe('rewriteSystemTemplate', () => {
  it('asks the optimiser model once and returns the template between the markers', async () => {
    const calls: string[] = [];
    const better = `${BASE}\nNever explain; reply with one of the six actions.`;
    const result = await rewriteSystemTemplate(input(async (req) => (calls.push(req.modelName), reply(better))));
    expect(calls).toEqual(['sim::large']);
    expect(result).toBe(`${better}\n`);
  });

  it('returns null for a reply without markers, a dropped variable, an unchanged template or a failed call', async () => {
    expect(await rewriteSystemTemplate(input(async () => `${BASE} Be careful.`))).toBeNull();
    expect(await rewriteSystemTemplate(input(async () => reply('You play a grid game. Reach the goal. Answer with the action only.')))).toBeNull();
    expect(await rewriteSystemTemplate(input(async () => reply(BASE)))).toBeNull();
    expect(await rewriteSystemTemplate(input(async () => Promise.reject(new Error('502'))))).toBeNull();
  });
});

describe('rewriteProblem', () => {
  it('names what is wrong', () => {
    expect(rewriteProblem(BASE, '')).toMatch(/empty/);
    expect(rewriteProblem(BASE, `${BASE} {{ secret }}`)).toMatch(/unknown template variables: secret/);
    expect(rewriteProblem(BASE, `${BASE} {% if x %}`)).toMatch(/unbalanced/);
    expect(rewriteProblem(BASE, `${BASE}\n${'x'.repeat(10_000)}`)).toMatch(/too long/);
    expect(rewriteProblem(BASE, `${BASE.replace('{{ mission }}', '{{mission}}')} Extra rule.`)).toBeNull();
  });

  it('strips a code fence around the template', () => {
    expect(extractRewrittenTemplate(BASE, reply(`\`\`\`\n${BASE}\nNew rule.\n\`\`\``))).toBe(`${BASE}\nNew rule.\n`);
  });
});

describe('optimizerRewriteCandidate', () => {
  const fn: FunctionConfig = {
    type: 'chat',
    variants: { initial: { type: 'chat_completion', model: 'sim::small', system_template: { __tensorzero_remapped_path: 's', __data: BASE } } },
  };

  it('labels the candidate, names it with the rw tag and fingerprints it', () => {
    const c = optimizerRewriteCandidate({ functionName: 'act', fn, baseVariantName: 'initial', model: 'sim::small', template: `${BASE}\nNew rule.\n`, iteration: 2 });
    expect(c).toMatchObject({ name: 'ap_sim_small_rw_fs0_i2', strategies: ['optimizer_rewrite'], fewShotCount: 0 });
    expect(c?.fingerprint).toBe(variantFingerprint(c!.variant));
    expect(candidateRegistry(fn).fingerprints.has(c!.fingerprint)).toBe(false);
  });

  it('returns null for an excluded fingerprint and avoids names of the rest of the pool', () => {
    const args = { functionName: 'act', fn, baseVariantName: 'initial', model: 'sim::large', template: `${BASE}\nNew rule.\n`, iteration: 1 };
    const first = optimizerRewriteCandidate(args)!;
    expect(first.strategies).toEqual(['model_sweep', 'optimizer_rewrite']);
    expect(optimizerRewriteCandidate({ ...args, excludeFingerprints: new Set([first.fingerprint]) })).toBeNull();
    const other = optimizerRewriteCandidate({ ...args, template: `${BASE}\nAnother rule.\n`, otherCandidates: [first] });
    expect(other?.name).toBe(`${first.name}_2`);
  });
});

import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parse } from 'smol-toml';
import { generateT0Config } from '../t0-config';
import { sampleEnvironment } from '../../test/fixtures/sample-environment';
import { treeHash } from '../../test/support/tree-hash';
import { applyConfigEdits, ConfigEditError } from './index';

process.env.LOG_LEVEL ??= 'silent';

const FN = 'sample_env_v0::extract_entities';
const CHAT_FN = 'sample_env_v0::act';
const inline = (data: string) => ({ __tensorzero_remapped_path: 'inline', __data: data });

let tmp: string;
let configDir: string;
beforeEach(async () => {
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'config-edits-'));
  configDir = (await generateT0Config({ spec: sampleEnvironment, initialModel: 'sim::small', outDir: path.join(tmp, 'config') })).configDir;
});
afterEach(async () => {
  await fs.rm(tmp, { recursive: true, force: true });
});

const readToml = async (file = 'tensorzero.toml') => parse(await fs.readFile(path.join(configDir, file), 'utf8')) as any;

/**
 * Expects the edit at `editIndex` to be refused with the reason, the edits before it to be
 * applied, and — when no edit is applied — the config tree to stay byte-for-byte the same.
 */
async function expectRejected(edits: unknown[], expected: { editIndex: number; operation: string | null; problem: RegExp }) {
  const before = await treeHash(configDir);
  const result = await applyConfigEdits(configDir, edits);
  expect(result.rejected.map(({ index, operation, reason }) => ({ index, operation, reason }))).toEqual([
    { index: expected.editIndex, operation: expected.operation, reason: expect.stringMatching(expected.problem) },
  ]);
  expect(result.applied.map((a) => a.index)).toEqual(edits.map((_, i) => i).filter((i) => i !== expected.editIndex));
  if (result.applied.length === 0) expect(await treeHash(configDir)).toBe(before);
  expect(await fs.readdir(tmp)).toEqual(['config']); // no staging or backup directory left behind
  return result;
}

describe('upsert_variant', () => {
  it('writes inline templates to canonical files and references them relative to the TOML file', async () => {
    const { writtenPaths } = await applyConfigEdits(configDir, [
      {
        operation: 'upsert_variant',
        function_name: FN,
        variant_name: 'prompt_v2',
        variant: {
          type: 'chat_completion',
          model: 'sim::large',
          system_template: inline('You extract people. Answer as JSON.'),
          user_template: inline('Text: {{ text }}'),
          json_mode: 'strict',
          temperature: 0.2,
          retries: { num_retries: 0, max_delay_s: 10 },
        },
      },
    ]);
    const variantDir = `functions/${FN}/variants/prompt_v2`;
    expect(writtenPaths).toEqual([
      path.join(configDir, variantDir, 'system_template.minijinja'),
      path.join(configDir, variantDir, 'user_template.minijinja'),
      path.join(configDir, 'tensorzero.toml'),
    ]);
    expect(await fs.readFile(path.join(configDir, variantDir, 'system_template.minijinja'), 'utf8')).toBe('You extract people. Answer as JSON.');
    const toml = await readToml();
    expect(toml.functions[FN].variants.prompt_v2).toEqual({
      type: 'chat_completion',
      model: 'sim::large',
      system_template: `${variantDir}/system_template.minijinja`,
      user_template: `${variantDir}/user_template.minijinja`,
      json_mode: 'strict',
      temperature: 0.2,
    });
    // the untouched variant survives
    expect(toml.functions[FN].variants.initial.model).toBe('sim::small');
  });

  it('writes new-style templates under templates/<name> and keeps non-default retries', async () => {
    await applyConfigEdits(configDir, [
      {
        operation: 'upsert_variant',
        function_name: CHAT_FN,
        variant_name: 'v3',
        variant: {
          type: 'chat_completion',
          model: 'sim::medium',
          templates: { system: { path: inline('Goal: {{ goal }}. Be brief.') } },
          retries: { num_retries: 2, max_delay_s: 10 },
        },
      },
    ]);
    const file = `functions/${CHAT_FN}/variants/v3/templates/system.minijinja`;
    expect(await fs.readFile(path.join(configDir, file), 'utf8')).toBe('Goal: {{ goal }}. Be brief.');
    const variant = (await readToml()).functions[CHAT_FN].variants.v3;
    expect(variant.templates).toEqual({ system: { path: file } });
    expect(variant.retries).toEqual({ num_retries: 2, max_delay_s: 10 });
  });

  it('replaces an existing variant wholesale', async () => {
    await applyConfigEdits(configDir, [
      {
        operation: 'upsert_variant',
        function_name: FN,
        variant_name: 'initial',
        variant: { type: 'chat_completion', model: 'sim::large', json_mode: 'strict', system_template: inline('New system.'), user_template: inline('{{ text }}') },
      },
    ]);
    const variant = (await readToml()).functions[FN].variants.initial;
    expect(variant.model).toBe('sim::large');
    expect(variant.system_template).toBe(`functions/${FN}/variants/initial/system_template.minijinja`);
  });

  it('applies edits in order: a later upsert of the same variant wins, experimentation sees earlier variants', async () => {
    const variant = (model: string) => ({ type: 'chat_completion', model, json_mode: 'strict', system_template: inline(model), user_template: inline('{{ text }}') });
    const { writtenPaths } = await applyConfigEdits(configDir, [
      { operation: 'upsert_variant', function_name: FN, variant_name: 'b', variant: variant('sim::medium') },
      { operation: 'upsert_variant', function_name: FN, variant_name: 'b', variant: variant('sim::large') },
      { operation: 'upsert_experimentation', function_name: FN, experimentation: { type: 'static', candidate_variants: ['initial', 'b'] } },
    ]);
    const fn = (await readToml()).functions[FN];
    expect(fn.variants.b.model).toBe('sim::large');
    expect(await fs.readFile(path.join(configDir, `functions/${FN}/variants/b/system_template.minijinja`), 'utf8')).toBe('sim::large');
    expect(fn.experimentation).toEqual({ type: 'static', candidate_variants: ['initial', 'b'] });
    // duplicates are kept, as the original CLI reports them
    expect(writtenPaths.filter((p) => p.endsWith('tensorzero.toml'))).toHaveLength(3);
  });

  it('edits the file that defines the function, with paths relative to that file', async () => {
    const sub = path.join(configDir, 'extra', 'more.toml');
    await fs.mkdir(path.dirname(sub));
    await fs.writeFile(sub, '[functions.other]\ntype = "chat"\n');
    await applyConfigEdits(configDir, [
      { operation: 'upsert_variant', function_name: 'other', variant_name: 'v1', variant: { type: 'chat_completion', model: 'sim::small', system_template: inline('Hi') } },
    ]);
    const toml = await readToml('extra/more.toml');
    expect(toml.functions.other.variants.v1.system_template).toBe('../functions/other/variants/v1/system_template.minijinja');
    expect((await readToml()).functions.other).toBeUndefined();
  });
});

describe('upsert_experimentation', () => {
  it('replaces the experimentation wholesale and writes track-and-stop defaults out', async () => {
    await applyConfigEdits(configDir, [
      { operation: 'upsert_experimentation', function_name: FN, experimentation: { type: 'static', candidate_variants: { initial: 1 }, fallback_variants: [] } },
      { operation: 'upsert_experimentation', function_name: FN, experimentation: { type: 'track_and_stop', metric: 'exact_match', candidate_variants: ['initial'], fallback_variants: [], delta: 0.1 } },
    ]);
    expect((await readToml()).functions[FN].experimentation).toEqual({
      type: 'track_and_stop',
      metric: 'exact_match',
      candidate_variants: ['initial'],
      fallback_variants: [],
      delta: 0.1,
      min_samples_per_variant: 10,
      epsilon: 0,
      update_period_s: 300,
      min_prob: 0,
      max_samples_per_variant: 10000,
    });
  });
});

describe('evaluations', () => {
  it('creates an evaluation in the first file and upserts an evaluator with inline instructions', async () => {
    await applyConfigEdits(configDir, [
      { operation: 'upsert_evaluation', evaluation_name: 'quality', evaluation: { type: 'inference', function_name: FN, evaluators: { exact: { type: 'exact_match' } } } },
      {
        operation: 'upsert_evaluator',
        evaluation_name: 'quality',
        evaluator_name: 'judge',
        evaluator: {
          type: 'llm_judge',
          output_type: 'boolean',
          optimize: 'max',
          variants: { v: { type: 'chat_completion', model: 'sim::large', system_instructions: inline('Is it right?') } },
        },
      },
    ]);
    const evaluation = (await readToml()).evaluations.quality;
    expect(evaluation.evaluators.exact).toEqual({ type: 'exact_match' });
    const file = 'evaluations/quality/evaluators/judge/variants/v/system_instructions.txt';
    expect(evaluation.evaluators.judge.variants.v.system_instructions).toBe(file);
    expect(await fs.readFile(path.join(configDir, file), 'utf8')).toBe('Is it right?');
  });

  it('rejects an evaluator for a missing evaluation and an llm_judge without variants', async () => {
    await expectRejected(
      [{ operation: 'upsert_evaluator', evaluation_name: 'nope', evaluator_name: 'e', evaluator: { type: 'exact_match' } }],
      { editIndex: 0, operation: 'upsert_evaluator', problem: /evaluation 'nope' is not defined/ },
    );
    await expectRejected(
      [{ operation: 'upsert_evaluation', evaluation_name: 'q', evaluation: { type: 'inference', function_name: FN, evaluators: { j: { type: 'llm_judge', variants: {} } } } }],
      { editIndex: 0, operation: 'upsert_evaluation', problem: /at least one variant/ },
    );
  });
});

describe('atomicity and errors', () => {
  const goodVariant = { operation: 'upsert_variant', function_name: FN, variant_name: 'ok', variant: { type: 'chat_completion', model: 'sim::large', json_mode: 'strict', system_template: inline('s'), user_template: inline('{{ text }}') } };

  it('an empty list touches nothing, even a missing directory', async () => {
    const before = await treeHash(configDir);
    const nothing = { writtenPaths: [], applied: [], rejected: [] };
    expect(await applyConfigEdits(configDir, [])).toEqual(nothing);
    expect(await treeHash(configDir)).toBe(before);
    expect(await applyConfigEdits(path.join(tmp, 'missing'), [])).toEqual(nothing);
  });

  it('an edit for an unknown function is refused; the valid edit before it is applied', async () => {
    const result = await expectRejected([goodVariant, { ...goodVariant, function_name: 'sample_env_v0::nope' }], {
      editIndex: 1,
      operation: 'upsert_variant',
      problem: /function 'sample_env_v0::nope' is not defined/,
    });
    expect(result.applied).toEqual([{ index: 0, operation: 'upsert_variant', target: `functions.${FN}.variants.ok` }]);
    expect(result.rejected[0].target).toBe('functions.sample_env_v0::nope.variants.ok');
    expect((await readToml()).functions[FN].variants.ok.model).toBe('sim::large');
  });

  it('an invalid payload is rejected with its index', async () => {
    await expectRejected([goodVariant, { operation: 'upsert_variant', function_name: FN, variant: { type: 'chat_completion' } }], {
      editIndex: 1,
      operation: 'upsert_variant',
      problem: /invalid edit payload.*variant_name/,
    });
    await expectRejected([{ operation: 'delete_variant', function_name: FN }], { editIndex: 0, operation: 'delete_variant', problem: /invalid edit payload/ });
  });

  it('an experimentation naming a missing variant is rejected', async () => {
    await expectRejected([goodVariant, { operation: 'upsert_experimentation', function_name: FN, experimentation: { type: 'static', candidate_variants: ['ok', 'ghost'] } }], {
      editIndex: 1,
      operation: 'upsert_experimentation',
      problem: /candidate_variants names variant 'ghost'/,
    });
  });

  it('a variant in both candidate and fallback lists is rejected', async () => {
    await expectRejected(
      [goodVariant, { operation: 'upsert_experimentation', function_name: FN, experimentation: { type: 'static', candidate_variants: ['ok'], fallback_variants: ['ok'] } }],
      { editIndex: 1, operation: 'upsert_experimentation', problem: /'ok' is both a candidate and a fallback/ },
    );
  });

  it('unsafe names are rejected', async () => {
    await expectRejected([{ ...goodVariant, variant_name: '../escape' }], { editIndex: 0, operation: 'upsert_variant', problem: /path separator|'\.\.'/ });
    await expectRejected(
      [{ ...goodVariant, variant: { type: 'chat_completion', model: 'm', templates: { '..': { path: inline('x') } } } }],
      { editIndex: 0, operation: 'upsert_variant', problem: /key '\.\.'/ },
    );
  });

  it('a template given as a plain path string is rejected', async () => {
    await expectRejected([{ ...goodVariant, variant: { type: 'chat_completion', model: 'm', json_mode: 'strict', system_template: '/etc/passwd' } }], {
      editIndex: 0,
      operation: 'upsert_variant',
      problem: /must be given inline/,
    });
  });

  it('a variant defined again in another file is rejected as a duplicate', async () => {
    const sub = path.join(configDir, 'zz.toml');
    await fs.writeFile(sub, `[functions."${FN}".variants.ok]\ntype = "chat_completion"\nmodel = "sim::small"\n`);
    await expectRejected([goodVariant], { editIndex: 0, operation: 'upsert_variant', problem: /defined twice/ });
  });

  it('runs the caller validation hook on the staged config and rejects on its error', async () => {
    const seen: string[] = [];
    await applyConfigEdits(configDir, [goodVariant], {
      validate: async (file) => {
        seen.push(await fs.readFile(file, 'utf8'));
      },
    });
    expect(seen[0]).toContain('[functions."sample_env_v0::extract_entities".variants.ok]');

    const before = await treeHash(configDir);
    const refused = await applyConfigEdits(configDir, [{ ...goodVariant, variant_name: 'other' }], {
      validate: async () => {
        throw new Error('model sim::large is not served');
      },
    });
    expect(refused.applied).toEqual([]);
    expect(refused.rejected[0].reason).toMatch(/failed validation: model sim::large is not served/);
    expect(await treeHash(configDir)).toBe(before);
  });

  it('refuses an upsert_variant whose variant the validation hook reports as unservable, and applies the rest', async () => {
    const result = await applyConfigEdits(configDir, [{ ...goodVariant, variant_name: 'cannot' }, { ...goodVariant, variant_name: 'can' }], {
      validate: async () => ({ unservableVariants: [{ functionName: FN, variantName: 'cannot', reason: 'no embeddings here' }] }),
    });
    expect(result.rejected).toEqual([
      { index: 0, operation: 'upsert_variant', target: `functions.${FN}.variants.cannot`, reason: "the gateway cannot serve variant 'cannot': no embeddings here" },
    ]);
    expect(result.applied.map((a) => a.target)).toEqual([`functions.${FN}.variants.can`]);
    const variants = (await readToml()).functions[FN].variants;
    expect(Object.keys(variants)).toContain('can');
    expect(Object.keys(variants)).not.toContain('cannot');
    expect(await fs.readdir(path.join(configDir, 'functions', FN, 'variants'))).not.toContain('cannot'); // its template files are gone too
  });

  it('a problem the config already had does not refuse unrelated edits', async () => {
    await fs.writeFile(path.join(configDir, 'broken.toml'), `[functions."${FN}".variants.ghost]\ntype = "chat_completion"\nmodel = "m"\nsystem_template = "missing.minijinja"\n`);
    const result = await applyConfigEdits(configDir, [goodVariant]);
    expect(result.rejected).toEqual([]);
    expect(result.applied).toHaveLength(1);
  });

  it('an unusable config directory is the harness’s fault: ConfigEditError, nothing written', async () => {
    await fs.writeFile(path.join(configDir, 'tensorzero.toml'), 'not = = toml');
    const error = await applyConfigEdits(configDir, [goodVariant]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigEditError);
    expect(await fs.readdir(tmp)).toEqual(['config']);
  });
});

describe('the apply rule: every edit that stands on its own is applied; one naming a refused variant is refused too', () => {
  const variant = (name: string, body: Record<string, unknown>) => ({ operation: 'upsert_variant', function_name: FN, variant_name: name, variant: body });
  const chat = (model: string) => ({ type: 'chat_completion', model, json_mode: 'strict', system_template: inline(model), user_template: inline('{{ text }}') });
  const experiment = (candidates: string[]) => ({ operation: 'upsert_experimentation', function_name: FN, experimentation: { type: 'static', candidate_variants: candidates } });

  it('refuses an experimentation naming a variant whose edit was refused, applies the valid variant and the experimentation without it', async () => {
    const result = await applyConfigEdits(configDir, [
      variant('good', chat('sim::large')),
      variant('broken', { model: 'sim::large' }), // no type
      experiment(['initial', 'broken']),
      experiment(['initial', 'good']),
    ]);
    expect(result.rejected).toEqual([
      { index: 1, operation: 'upsert_variant', target: `functions.${FN}.variants.broken`, reason: expect.stringMatching(/^invalid edit payload: .*variant\.type/) },
      { index: 2, operation: 'upsert_experimentation', target: `functions.${FN}.experimentation`, reason: `names variant 'broken' of function '${FN}', whose edit #1 was refused` },
    ]);
    expect(result.applied.map((a) => a.index)).toEqual([0, 3]);
    const fn = (await readToml()).functions[FN];
    expect(Object.keys(fn.variants).sort()).toEqual(['good', 'initial']);
    expect(fn.experimentation).toEqual({ type: 'static', candidate_variants: ['initial', 'good'] });
  });

  it('refuses an experimentation naming an existing variant whose new version was refused: the old one is not what the autopilot meant', async () => {
    const result = await applyConfigEdits(configDir, [
      variant('initial', { type: 'chat_completion', model: 'sim::large', system_template: '/etc/passwd' }), // a path, not an inline file
      experiment(['initial']),
    ]);
    expect(result.rejected.map((r) => r.index)).toEqual([0, 1]);
    expect(result.rejected[1].reason).toBe(`names variant 'initial' of function '${FN}', whose edit #0 was refused`);
    expect((await readToml()).functions[FN].variants.initial.model).toBe('sim::small');
  });

  it('refuses a best-of-n variant over a refused candidate, and what names that best-of-n in turn', async () => {
    const evaluator = { model: 'sim::large', system_template: inline('Pick the best.'), json_mode: 'strict' };
    const result = await applyConfigEdits(configDir, [
      variant('broken', { model: 'sim::large' }),
      variant('best', { type: 'experimental_best_of_n_sampling', candidates: ['initial', 'broken'], evaluator }),
      experiment(['best']),
    ]);
    expect(result.rejected.map((r) => [r.index, r.reason.replace(/^invalid edit payload: .*/s, 'invalid edit payload')])).toEqual([
      [0, 'invalid edit payload'],
      [1, `names variant 'broken' of function '${FN}', whose edit #0 was refused`],
      [2, `names variant 'best' of function '${FN}', whose edit #1 was refused`],
    ]);
    expect(result.applied).toEqual([]);
  });

  it('a later accepted edit of the refused variant clears it', async () => {
    const result = await applyConfigEdits(configDir, [variant('v', { model: 'sim::large' }), variant('v', chat('sim::medium')), experiment(['initial', 'v'])]);
    expect(result.rejected.map((r) => r.index)).toEqual([0]);
    expect(result.applied.map((a) => a.index)).toEqual([1, 2]);
  });
});

import { createTempConfigDir, type TempConfigDir } from '../../test/support/temp-config-dir';
import { GatewayConfigError } from './config-error';
import { loadGatewayConfig } from './load-config';
import type { ChatCompletionVariant } from './types';

const USER_SCHEMA = { type: 'object', properties: { text: { type: 'string' } }, required: ['text'], additionalProperties: false };

function baseFiles(): Record<string, string | object> {
  return {
    'tensorzero.toml': `
[gateway]
observability.enabled = true
observability.backend = "postgres"
disable_pseudonymous_usage_analytics = true

[functions."ner::extract"]
type = "json"
description = "extract entities"
user_schema = "functions/ner__extract/user_schema.json"
output_schema = "functions/ner__extract/output_schema.json"

[functions."ner::extract".variants.initial]
type = "chat_completion"
model = "sim::small"
system_template = "functions/ner__extract/initial/system_template.minijinja"
user_template = "functions/ner__extract/initial/user_template.minijinja"
json_mode = "strict"
temperature = 0.2
retries = { num_retries = 2, max_delay_s = 1 }

[functions.agent]
type = "chat"
tools = ["lookup"]
tool_choice = "required"

[functions.agent.variants.v1]
type = "chat_completion"
model = "local_model"
templates.system.path = "functions/agent/v1/system.minijinja"

[metrics.exact_match]
type = "boolean"
optimize = "max"
level = "inference"

[tools.lookup]
description = "Look something up"
parameters = "tools/lookup.json"

[models.local_model]
routing = ["local"]

[models.local_model.providers.local]
type = "openai"
model_name = "small"
api_base = "http://127.0.0.1:9/v1/"
api_key_location = "none"
`,
    'functions/ner__extract/user_schema.json': USER_SCHEMA,
    'functions/ner__extract/output_schema.json': { type: 'object', properties: { person: { type: 'array' } }, required: ['person'] },
    'functions/ner__extract/initial/system_template.minijinja': 'Extract entities.\n',
    'functions/ner__extract/initial/user_template.minijinja': 'Text: {{ text }}',
    'functions/agent/v1/system.minijinja': 'You are an agent.',
    'tools/lookup.json': { type: 'object', properties: { q: { type: 'string' } }, required: ['q'] },
  };
}

async function loadError(dir: TempConfigDir, pattern = dir.file('tensorzero.toml')): Promise<GatewayConfigError> {
  const error = await loadGatewayConfig(pattern).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(GatewayConfigError);
  return error as GatewayConfigError;
}

describe('loadGatewayConfig', () => {
  let dir: TempConfigDir;
  afterEach(() => dir?.remove());

  it('loads functions, variants, templates, schemas, tools, metrics and models', async () => {
    dir = createTempConfigDir(baseFiles());
    const config = await loadGatewayConfig(dir.file('tensorzero.toml'));
    const ner = config.functions['ner::extract'];
    expect(ner.type).toBe('json');
    expect(ner.description).toBe('extract entities');
    expect(Object.keys(ner.schemas)).toEqual(['user']);
    expect(ner.outputSchema?.schema).toMatchObject({ required: ['person'] });
    const initial = ner.variants.initial as ChatCompletionVariant;
    expect(initial.model).toBe('sim::small');
    expect(initial.params).toMatchObject({ temperature: 0.2, jsonMode: 'strict' });
    expect(initial.retries).toEqual({ numRetries: 2, maxDelayS: 1 });
    expect(initial.templates.user.legacy).toBe(true);
    expect(initial.templates.user.file.contents).toBe('Text: {{ text }}');
    expect(initial.templates.user.file.relativePath).toBe('functions/ner__extract/initial/user_template.minijinja');
    expect(ner.experimentation).toEqual({ type: 'static', candidates: [{ variant: 'initial', weight: 1 }], fallbacks: [] });

    const agent = config.functions.agent;
    expect(agent.tools).toEqual(['lookup']);
    expect(agent.toolChoice).toBe('required');
    expect((agent.variants.v1 as ChatCompletionVariant).templates.system.legacy).toBe(false);
    expect(config.tools.lookup).toMatchObject({ key: 'lookup', name: 'lookup', description: 'Look something up', strict: false });
    expect(config.metrics.exact_match).toEqual({ name: 'exact_match', type: 'boolean', optimize: 'max', level: 'inference', description: undefined });
    expect(config.models.local_model.providers.local).toMatchObject({ type: 'openai', modelName: 'small', apiKeyLocations: [{ kind: 'none' }] });
    expect(config.gateway).toMatchObject({ observabilityEnabled: true, observabilityBackend: 'postgres', disableFeedbackTargetValidation: false });
  });

  it('merges globbed files and resolves file paths relative to the TOML file that names them', async () => {
    dir = createTempConfigDir({
      'tensorzero.toml': '[metrics.score]\ntype = "float"\noptimize = "min"\nlevel = "episode"\n',
      'functions/f/function.toml': '[functions.f]\ntype = "chat"\n[functions.f.variants.a]\ntype = "chat_completion"\nmodel = "openai::gpt-x"\nsystem_template = "a/system.minijinja"\n',
      'functions/f/a/system.minijinja': 'hello',
    });
    const config = await loadGatewayConfig(`${dir.dir}/**/*.toml`);
    expect(config.sourceFiles).toHaveLength(2);
    expect(config.metrics.score.level).toBe('episode');
    expect((config.functions.f.variants.a as ChatCompletionVariant).templates.system.file.relativePath).toBe('functions/f/a/system.minijinja');
    expect(config.snapshot).toMatchObject({
      functions: { f: { variants: { a: { system_template: { __tensorzero_remapped_path: 'functions/f/a/system.minijinja', __data: 'hello' } } } } },
    });
  });

  it('rejects the same key defined in two globbed files, naming both files', async () => {
    dir = createTempConfigDir({
      'a.toml': '[metrics.m]\ntype = "float"\noptimize = "min"\nlevel = "episode"\n',
      'b.toml': '[metrics.m]\ntype = "boolean"\n',
    });
    const error = await loadError(dir, `${dir.dir}/*.toml`);
    expect(error.message).toContain('duplicate values in globbed TOML config files');
    expect(error.message).toContain('metrics.m.type');
    expect(error.message).toContain(dir.file('a.toml'));
    expect(error.message).toContain(dir.file('b.toml'));
  });

  it('rejects unknown keys, naming the file and the full key path', async () => {
    const files = baseFiles();
    files['tensorzero.toml'] = (files['tensorzero.toml'] as string).replace('temperature = 0.2', 'temprature = 0.2');
    dir = createTempConfigDir(files);
    const error = await loadError(dir);
    expect(error.issues).toEqual([
      { file: dir.file('tensorzero.toml'), keyPath: 'functions."ner::extract".variants.initial.temprature', problem: 'unknown key' },
    ]);
  });

  it.each([
    ['anthropic', 'claude-haiku-4-5', 'beta_structured_outputs = true\nmax_token = 10', 'max_token'],
    ['google_ai_studio_gemini', 'gemini-2.5-flash', 'api_key_locaton = "env::X"', 'api_key_locaton'],
  ])('checks %s provider tables strictly, like the other called providers', async (type, model, extra, badKey) => {
    dir = createTempConfigDir({
      'c.toml': `[models.m]\nrouting = ["p"]\n[models.m.providers.p]\ntype = "${type}"\nmodel_name = "${model}"\n${extra}\n`,
    });
    const error = await loadError(dir, dir.file('c.toml'));
    expect(error.issues.map((i) => `${i.keyPath}: ${i.problem}`)).toEqual([`models.m.providers.p.${badKey}: unknown key`]);
  });

  it('reports every schema problem at once with its key path', async () => {
    dir = createTempConfigDir({ 'c.toml': '[metrics.m]\ntype = "int"\noptimize = "max"\n[bogus]\nx = 1\n' });
    const error = await loadError(dir, dir.file('c.toml'));
    const paths = error.issues.map((i) => i.keyPath);
    expect(paths).toEqual(expect.arrayContaining(['metrics.m.type', 'metrics.m.level', 'bogus']));
  });

  it('names the TOML file, key path and resolved path of a missing template file', async () => {
    const files = baseFiles();
    delete files['functions/agent/v1/system.minijinja'];
    dir = createTempConfigDir(files);
    const error = await loadError(dir);
    expect(error.file).toBe(dir.file('tensorzero.toml'));
    expect(error.keyPath).toBe('functions.agent.variants.v1.templates.system.path');
    expect(error.message).toContain(dir.file('functions/agent/v1/system.minijinja'));
  });

  it('reports a TOML syntax error with the file name', async () => {
    dir = createTempConfigDir({ 'tensorzero.toml': '[functions\n' });
    const error = await loadError(dir);
    expect(error.file).toBe(dir.file('tensorzero.toml'));
    expect(error.message).toContain('TOML syntax error');
  });

  it('reports a missing config file and a glob that matches nothing', async () => {
    dir = createTempConfigDir({});
    expect((await loadError(dir, dir.file('nope.toml'))).message).toContain('config file not found');
    expect((await loadError(dir, `${dir.dir}/**/*.toml`)).message).toContain('no config files match');
  });

  it.each([
    ['json_mode missing on a json function', (t: string) => t.replace('json_mode = "strict"\n', ''), 'functions."ner::extract".variants.initial.json_mode'],
    ['json_mode on a chat function', (t: string) => t.replace('model = "local_model"', 'model = "local_model"\njson_mode = "on"'), 'functions.agent.variants.v1.json_mode'],
    ['an unknown model', (t: string) => t.replace('model = "local_model"', 'model = "nope"'), 'functions.agent.variants.v1.model'],
    ['an unknown tool', (t: string) => t.replace('tools = ["lookup"]', 'tools = ["lookup", "nope"]'), 'functions.agent.tools[1]'],
    ['a reserved metric name', (t: string) => t.replace('[metrics.exact_match]', '[metrics.comment]'), 'metrics.comment'],
    ['an unknown variant type (the name TensorZero docs misspell)', (t: string) => t.replace('type = "chat_completion"\nmodel = "local_model"', 'type = "experimental_best_of_n"\nmodel = "local_model"'), 'functions.agent.variants.v1.type'],
    ['a routing entry without a provider', (t: string) => t.replace('routing = ["local"]', 'routing = ["remote"]'), 'models.local_model.routing[0]'],
    ['a best-of-n candidate that does not exist', (t: string) => `${t}\n[functions.agent.variants.best]\ntype = "experimental_best_of_n_sampling"\ncandidates = ["v1", "ghost"]\n[functions.agent.variants.best.evaluator]\nmodel = "local_model"\nsystem_template = "functions/agent/v1/system.minijinja"\n`, 'functions.agent.variants.best.candidates[1]'],
    ['a best-of-n variant without an evaluator', (t: string) => `${t}\n[functions.agent.variants.best]\ntype = "experimental_best_of_n_sampling"\ncandidates = ["v1"]\n`, 'functions.agent.variants.best.evaluator'],
    ['a DICL variant naming an unknown embedding model', (t: string) => `${t}\n[functions.agent.variants.near]\ntype = "experimental_dynamic_in_context_learning"\nembedding_model = "nope"\nk = 3\nmodel = "local_model"\n`, 'functions.agent.variants.near.embedding_model'],
    ['an embedding model routing to no provider', (t: string) => `${t}\n[embedding_models.words]\nrouting = ["missing"]\n[embedding_models.words.providers.local]\ntype = "openai"\nmodel_name = "e"\napi_key_location = "none"\n`, 'embedding_models.words.routing[0]'],
    ['a schema without a matching template', (t: string) => t.replace('user_template = "functions/ner__extract/initial/user_template.minijinja"\n', ''), 'functions."ner::extract".variants.initial'],
  ])('rejects %s', async (_label, edit, keyPath) => {
    const files = baseFiles();
    files['tensorzero.toml'] = edit(files['tensorzero.toml'] as string);
    dir = createTempConfigDir(files);
    const error = await loadError(dir);
    expect(error.issues.map((i) => i.keyPath)).toContain(keyPath);
    expect(error.file).toBe(dir.file('tensorzero.toml'));
  });

  it('names the template file when a template does not parse', async () => {
    const files = baseFiles();
    files['functions/agent/v1/system.minijinja'] = '{% if %}';
    dir = createTempConfigDir(files);
    const error = await loadError(dir);
    expect(error.keyPath).toBe('functions.agent.variants.v1.templates.system.path');
    expect(error.message).toContain('functions/agent/v1/system.minijinja does not parse');
  });

  it('names the schema file when a schema is not valid JSON', async () => {
    const files = baseFiles();
    files['tools/lookup.json'] = '{ not json';
    dir = createTempConfigDir(files);
    const error = await loadError(dir);
    expect(error.keyPath).toBe('tools.lookup.parameters');
    expect(error.message).toContain('tools/lookup.json is not valid JSON');
  });

  it('has a stable hash that changes when a template file changes', async () => {
    dir = createTempConfigDir(baseFiles());
    const first = await loadGatewayConfig(dir.file('tensorzero.toml'));
    const again = await loadGatewayConfig(dir.file('tensorzero.toml'));
    expect(first.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(again.hash).toBe(first.hash);
    dir.write('functions/agent/v1/system.minijinja', 'You are a better agent.');
    expect((await loadGatewayConfig(dir.file('tensorzero.toml'))).hash).not.toBe(first.hash);
  });
});

describe('loadGatewayConfig: experimentation', () => {
  let dir: TempConfigDir;
  afterEach(() => dir?.remove());

  const withExperimentation = async (section: string, variantExtra = '') => {
    dir = createTempConfigDir({
      'tensorzero.toml': `
[metrics.ok]
type = "boolean"
optimize = "max"
level = "inference"
[functions.f]
type = "chat"
[functions.f.variants.a]
type = "chat_completion"
model = "sim::small"
${variantExtra}
[functions.f.variants.b]
type = "chat_completion"
model = "sim::large"
[functions.f.variants.c]
type = "chat_completion"
model = "sim::medium"
${section}
`,
    });
    return loadGatewayConfig(dir.file('tensorzero.toml'));
  };
  const failure = async (section: string, variantExtra = '') =>
    ((await withExperimentation(section, variantExtra).catch((e: unknown) => e)) as GatewayConfigError).message;

  it('applies the track-and-stop defaults and converts the legacy type name', async () => {
    const config = await withExperimentation('[functions.f.experimentation]\ntype = "track_and_stop"\nmetric = "ok"\ncandidate_variants = ["a", "b"]\nfallback_variants = ["c"]\n');
    expect(config.functions.f.experimentation).toEqual({
      type: 'track_and_stop',
      metric: 'ok',
      candidates: ['a', 'b'],
      fallbacks: ['c'],
      minSamplesPerVariant: 10,
      delta: 0.05,
      epsilon: 0,
      updatePeriodMs: 300_000,
      minProb: 0,
      maxSamplesPerVariant: 10_000,
    });
  });

  it('reads static weights, static lists and per-namespace overrides', async () => {
    const config = await withExperimentation(
      '[functions.f.experimentation]\ntype = "static"\ncandidate_variants = { a = 3, b = 1 }\nfallback_variants = ["c"]\n' +
        '[functions.f.experimentation.namespaces.beta]\ntype = "static"\ncandidate_variants = ["c"]\n',
    );
    expect(config.functions.f.experimentation).toEqual({ type: 'static', candidates: [{ variant: 'a', weight: 3 }, { variant: 'b', weight: 1 }], fallbacks: ['c'] });
    expect(config.functions.f.namespaces.beta).toEqual({ type: 'static', candidates: [{ variant: 'c', weight: 1 }], fallbacks: [] });
  });

  it('derives candidates and fallbacks from deprecated variant weights', async () => {
    const config = await withExperimentation('', 'weight = 0.7');
    expect(config.functions.f.experimentation).toEqual({ type: 'static', candidates: [{ variant: 'a', weight: 0.7 }], fallbacks: ['b', 'c'] });
  });

  it('samples every variant uniformly for `uniform` without lists', async () => {
    const config = await withExperimentation('[functions.f.experimentation]\ntype = "uniform"\n');
    expect(config.functions.f.experimentation).toMatchObject({ candidates: [{ variant: 'a' }, { variant: 'b' }, { variant: 'c' }] });
  });

  it.each([
    ['an unknown variant', '[functions.f.experimentation]\ntype = "static"\ncandidate_variants = ["a", "zz"]\n', "variant 'zz' does not exist"],
    ['a duplicate', '[functions.f.experimentation]\ntype = "static"\ncandidate_variants = ["a", "a"]\n', "variant 'a' is listed more than once"],
    ['a variant in both lists', '[functions.f.experimentation]\ntype = "static"\ncandidate_variants = ["a"]\nfallback_variants = ["a"]\n', 'in both candidate_variants and fallback_variants'],
    ['an unknown metric', '[functions.f.experimentation]\ntype = "adaptive"\nmetric = "nope"\ncandidate_variants = ["a", "b"]\n', "metric 'nope' is not defined"],
    ['no positive weight and no fallback', '[functions.f.experimentation]\ntype = "static"\ncandidate_variants = { a = 0 }\n', 'needs at least one candidate'],
    ['min_prob too large', '[functions.f.experimentation]\ntype = "adaptive"\nmetric = "ok"\ncandidate_variants = ["a", "b"]\nmin_prob = 0.6\n', 'min_prob'],
    ['an empty candidate list', '[functions.f.experimentation]\ntype = "adaptive"\nmetric = "ok"\ncandidate_variants = []\n', 'functions.f.experimentation.candidate_variants: must list at least one variant'],
    ['delta outside (0, 1)', '[functions.f.experimentation]\ntype = "adaptive"\nmetric = "ok"\ncandidate_variants = ["a", "b"]\ndelta = 1.0\n', 'functions.f.experimentation.delta'],
    ['delta of zero', '[functions.f.experimentation]\ntype = "track_and_stop"\nmetric = "ok"\ncandidate_variants = ["a", "b"]\ndelta = 0.0\n', 'functions.f.experimentation.delta'],
    ['a negative epsilon', '[functions.f.experimentation]\ntype = "adaptive"\nmetric = "ok"\ncandidate_variants = ["a", "b"]\nepsilon = -0.1\n', 'functions.f.experimentation.epsilon'],
    ['min_samples_per_variant of zero', '[functions.f.experimentation]\ntype = "adaptive"\nmetric = "ok"\ncandidate_variants = ["a", "b"]\nmin_samples_per_variant = 0\n', 'functions.f.experimentation.min_samples_per_variant'],
    ['max_samples below min_samples', '[functions.f.experimentation]\ntype = "adaptive"\nmetric = "ok"\ncandidate_variants = ["a", "b"]\nmin_samples_per_variant = 20\nmax_samples_per_variant = 10\n', 'max_samples_per_variant: must be >= min_samples_per_variant (20)'],
    ['a negative min_prob', '[functions.f.experimentation]\ntype = "adaptive"\nmetric = "ok"\ncandidate_variants = ["a", "b"]\nmin_prob = -0.1\n', 'functions.f.experimentation.min_prob'],
    ['an algorithm other than track_and_stop', '[functions.f.experimentation]\ntype = "adaptive"\nalgorithm = "thompson"\nmetric = "ok"\ncandidate_variants = ["a", "b"]\n', 'functions.f.experimentation.algorithm'],
    ['a missing metric', '[functions.f.experimentation]\ntype = "adaptive"\ncandidate_variants = ["a", "b"]\n', 'functions.f.experimentation.metric'],
    ['an unknown fallback of an adaptive experiment', '[functions.f.experimentation]\ntype = "adaptive"\nmetric = "ok"\ncandidate_variants = ["a"]\nfallback_variants = ["zz"]\n', "fallback_variants: variant 'zz' does not exist"],
    ['a negative static weight', '[functions.f.experimentation]\ntype = "static"\ncandidate_variants = { a = -1 }\n', 'functions.f.experimentation.candidate_variants.a'],
    ['a list for static_weights', '[functions.f.experimentation]\ntype = "static_weights"\ncandidate_variants = ["a"]\n', 'functions.f.experimentation.candidate_variants'],
    ['an unknown experimentation type', '[functions.f.experimentation]\ntype = "bandit"\n', 'functions.f.experimentation.type'],
    ['a bad namespace override', '[functions.f.experimentation]\ntype = "static"\ncandidate_variants = ["a"]\n[functions.f.experimentation.namespaces.beta]\ntype = "static"\ncandidate_variants = ["zz"]\n', "functions.f.experimentation.namespaces.beta.candidate_variants: variant 'zz' does not exist"],
    ['an unknown experimentation key', '[functions.f.experimentation]\ntype = "static"\ncandidate_variants = ["a"]\ncandidates = ["b"]\n', 'functions.f.experimentation.candidates: unknown key'],
  ])('rejects %s', async (_label, section, expected) => {
    expect(await failure(section)).toContain(expected);
  });

  it('converts every legacy name: uniform with lists, static_weights, adaptive without algorithm', async () => {
    const uniform = await withExperimentation('[functions.f.experimentation]\ntype = "uniform"\ncandidate_variants = ["b", "c"]\nfallback_variants = ["a"]\n');
    expect(uniform.functions.f.experimentation).toEqual({ type: 'static', candidates: [{ variant: 'b', weight: 1 }, { variant: 'c', weight: 1 }], fallbacks: ['a'] });
    dir.remove();
    const onlyFallbacks = await withExperimentation('[functions.f.experimentation]\ntype = "uniform"\nfallback_variants = ["a"]\n');
    expect(onlyFallbacks.functions.f.experimentation).toEqual({ type: 'static', candidates: [{ variant: 'b', weight: 1 }, { variant: 'c', weight: 1 }], fallbacks: ['a'] });
    dir.remove();
    const weights = await withExperimentation('[functions.f.experimentation]\ntype = "static_weights"\ncandidate_variants = { a = 0.25, b = 0 }\nfallback_variants = ["c"]\n');
    expect(weights.functions.f.experimentation).toEqual({ type: 'static', candidates: [{ variant: 'a', weight: 0.25 }, { variant: 'b', weight: 0 }], fallbacks: ['c'] });
    dir.remove();
    const adaptive = await withExperimentation('[functions.f.experimentation]\ntype = "adaptive"\nmetric = "ok"\ncandidate_variants = ["a"]\nmin_samples_per_variant = 3\nupdate_period_s = 1.5\nmin_prob = 0.5\n');
    expect(adaptive.functions.f.experimentation).toMatchObject({ type: 'track_and_stop', candidates: ['a'], fallbacks: [], minSamplesPerVariant: 3, updatePeriodMs: 1500, minProb: 0.5 });
  });

  it('accepts a static section with only fallbacks', async () => {
    const config = await withExperimentation('[functions.f.experimentation]\ntype = "static"\nfallback_variants = ["b", "a"]\n');
    expect(config.functions.f.experimentation).toEqual({ type: 'static', candidates: [], fallbacks: ['b', 'a'] });
  });

  it('rejects an experimentation section combined with variant weights', async () => {
    expect(await failure('[functions.f.experimentation]\ntype = "uniform"\n', 'weight = 1.0')).toContain('cannot be combined with variant weights');
  });
});

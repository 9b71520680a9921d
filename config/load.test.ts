import { mkdtempSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { ConfigError, loadConfig, parseConfig } from './load';

const MINIMAL = `
environments:
  - name: ner_conllpp_v0
    function_name: ner_conllpp_v0::extract_entities
    metric_name: exact_match
`;

function writeTemp(name: string, text: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'config-load-'));
  const file = path.join(dir, name);
  writeFileSync(file, text);
  return file;
}

function configError(text: string, file = 'configs/test.yaml'): ConfigError {
  try {
    parseConfig(text, file);
  } catch (err) {
    if (err instanceof ConfigError) return err;
    throw err;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('fills every original default (ours for the autopilot kind and the gateway binary)', () => {
    const config = loadConfig(writeTemp('minimal.yaml', MINIMAL));
    expect(config).toEqual({
      autopilot_target: { kind: 'builtin', base_url: null, api_key_env: 'TENSORZERO_AUTOPILOT_API_KEY' },
      autopilot_budget: { max_model_calls: null, max_cost_usd: null },
      interlocutor: { config_file: 'interlocutor_config/tensorzero.toml' },
      infra: {
        gateway_binary_path: null,
        gateway_port: 3000,
        test_gateway_port: 3001,
        gateway_startup_timeout: 30,
        gateway_shutdown_timeout: 10,
        checkpoint_dir: null,
        worker_heartbeat_timeout: 10,
        worker_schedule_to_start_timeout: 10,
        failure_decision_timeout: null,
        local_model_timeout: 900,
      },
      environments: [
        {
          name: 'ner_conllpp_v0',
          llmgym_env: null,
          function_name: 'ner_conllpp_v0::extract_entities',
          metric_name: 'exact_match',
          initial_model: 'openai::gpt-4o-mini',
          num_iterations: 1,
          episodes_per_iteration: 100,
          test_episodes_per_iteration: null,
          episode_concurrency: 10,
          episode_timeout: null,
          test_episode_concurrency: null,
          test_episode_timeout: null,
          autopilot_initial_message: expect.stringMatching(/improve/i),
          autopilot_max_turns: 30,
          autopilot_session_timeout: 3600,
          task_split: 'train',
          env_config: {},
          function_description: null,
          available_models: [],
          seed: null,
          test_repeats: 1,
          test_policy: 'frozen_routing',
        },
      ],
    });
  });

  it('keeps the environment fields in the original declaration order (eval_config dumps them in that order)', () => {
    const env = parseConfig(MINIMAL).environments[0];
    expect(Object.keys(env).slice(0, 6)).toEqual(['name', 'llmgym_env', 'function_name', 'metric_name', 'initial_model', 'num_iterations']);
    // the original's fields end with `seed`; ours follow it
    expect(Object.keys(env).slice(-3)).toEqual(['seed', 'test_repeats', 'test_policy']);
  });

  it('accepts `seeds`, a list of distinct integers, and leaves it out of eval_config when absent', () => {
    const env = parseConfig(MINIMAL.replace('metric_name: exact_match', 'metric_name: exact_match\n    seeds: [1, 2, 3]')).environments[0];
    expect(env.seeds).toEqual([1, 2, 3]);
    expect('seeds' in parseConfig(MINIMAL).environments[0]).toBe(false);
  });

  it.each([
    ['seeds: []', { path: 'environments[0].seeds', message: 'must not be empty', value: [] }],
    ['seeds: [1, 2, 1]', { path: 'environments[0].seeds[2]', message: 'seed listed twice (also seeds[0])', value: 1 }],
    ['seeds: [1, 2.5]', { path: 'environments[0].seeds[1]', message: expect.stringMatching(/integer/), value: 2.5 }],
    ['seeds: 3', { path: 'environments[0].seeds', message: expect.stringMatching(/list|array/), value: 3 }],
    ['seed: 4\n    seeds: [1, 2]', { path: 'environments[0].seeds', message: 'set either `seed` (one run) or `seeds` (one run per seed), not both', value: [1, 2] }],
  ])('refuses %p naming the key path and the value', (yaml, problem) => {
    const error = configError(MINIMAL.replace('metric_name: exact_match', `metric_name: exact_match\n    ${yaml}`));
    expect(error.problems).toEqual([problem]);
  });

  it('accepts infra.max_runs_per_worker, a whole number of at least 1, and leaves it out when absent', () => {
    expect(parseConfig(`infra:\n  max_runs_per_worker: 3\n${MINIMAL}`).infra.max_runs_per_worker).toBe(3);
    expect('max_runs_per_worker' in parseConfig(MINIMAL).infra).toBe(false);
    for (const [value, message] of [['0', /^must be ≥ 1$/], ['1.5', /integer/]] as const) {
      expect(configError(`infra:\n  max_runs_per_worker: ${value}\n${MINIMAL}`).problems).toEqual([{ path: 'infra.max_runs_per_worker', message: expect.stringMatching(message), value: Number(value) }]);
    }
  });

  it('names the path of a missing file', () => {
    const missing = path.join(tmpdir(), 'does-not-exist', 'bench.yaml');
    expect(() => loadConfig(missing)).toThrow(`${missing}: config file not found`);
  });

  it('reports a directory given as the config file', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'config-dir-'));
    mkdirSync(path.join(dir, 'x.yaml'));
    expect(() => loadConfig(path.join(dir, 'x.yaml'))).toThrow(/is a directory/);
  });

  it('reports YAML syntax errors with line and column', () => {
    const error = configError('environments:\n  - name: "unterminated\n', 'configs/bad.yaml');
    expect(error.problems).toHaveLength(1);
    expect(error.message).toMatch(/^configs\/bad\.yaml: YAML syntax error at line \d+, column \d+: /);
  });

  it('reports duplicate YAML keys with their line', () => {
    const error = configError('infra:\n  gateway_port: 1\n  gateway_port: 2\n');
    expect(error.message).toContain('YAML syntax error at line 3, column 3');
  });

  it('rejects a top level that is not a mapping', () => {
    expect(configError('- a\n- b\n').message).toMatch(/top level must be a mapping/);
    expect(configError('').message).toMatch(/top level must be a mapping/);
  });

  it('rejects an unknown key with a did-you-mean suggestion, in the documented format', () => {
    const error = configError(MINIMAL + '    episodes_per_iteraton: 10\n', 'configs/ner.yaml');
    expect(error.problems).toEqual([{ path: 'environments[0].episodes_per_iteraton', message: 'unknown key (did you mean "episodes_per_iteration"?)' }]);
    expect(error.message).toBe('configs/ner.yaml: environments[0].episodes_per_iteraton: unknown key (did you mean "episodes_per_iteration"?)');
  });

  it('gives one problem per unknown key, at every level, and no suggestion for a far-off word', () => {
    const error = configError(`
autopilot_targt: {}
infra:
  gateway_prot: 1
  colour: blue
${MINIMAL.trim()}
`);
    expect(error.problems.map((p) => [p.path, p.message])).toEqual([
      ['autopilot_targt', 'unknown key (did you mean "autopilot_target"?)'],
      ['infra.gateway_prot', 'unknown key (did you mean "gateway_port"?)'],
      ['infra.colour', 'unknown key'],
    ]);
    expect(error.message.split('\n')).toHaveLength(3);
  });

  it('lists every problem at once, one line each, with the offending value', () => {
    const error = configError(`
infra:
  gateway_port: 70000
environments:
  - name: a
    metric_name: m
    episodes_per_iteration: 0
    episode_concurrency: 2.5
    available_models: sim::small
`);
    expect(error.problems).toEqual([
      { path: 'infra.gateway_port', message: 'must be ≤ 65535', value: 70000 },
      { path: 'environments[0].function_name', message: 'missing required key' },
      { path: 'environments[0].episodes_per_iteration', message: 'must be ≥ 1', value: 0 },
      { path: 'environments[0].episode_concurrency', message: 'expected an integer', value: 2.5 },
      { path: 'environments[0].available_models', message: 'expected a list', value: 'sim::small' },
    ]);
    expect(error.message.split('\n')).toEqual([
      '<config>: infra.gateway_port: must be ≤ 65535 (got 70000)',
      '<config>: environments[0].function_name: missing required key',
      '<config>: environments[0].episodes_per_iteration: must be ≥ 1 (got 0)',
      '<config>: environments[0].episode_concurrency: expected an integer (got 2.5)',
      '<config>: environments[0].available_models: expected a list (got "sim::small")',
    ].map((line) => line.replace('<config>', 'configs/test.yaml')));
  });

  it('accepts a directory or an s3:// URL as infra.checkpoint_dir and names a bad URL with its value', () => {
    for (const dir of ['/mnt/shared/checkpoints', 'relative/dir', 's3://bench-checkpoints', 's3://bench-checkpoints/team/a/']) {
      expect(parseConfig(`infra:\n  checkpoint_dir: ${dir}\n${MINIMAL}`, 'c.yaml').infra.checkpoint_dir).toBe(dir);
    }
    const lines = (dir: string) => configError(`infra:\n  checkpoint_dir: "${dir}"\n${MINIMAL}`).message.split('\n');
    expect(lines('gs://bucket/x')).toEqual(['configs/test.yaml: infra.checkpoint_dir: only s3://bucket/prefix URLs or file system paths are supported, not gs://; expected a directory or s3://bucket/prefix (got "gs://bucket/x")']);
    expect(lines('s3://My_Bucket/x')).toEqual(['configs/test.yaml: infra.checkpoint_dir: "My_Bucket" is not a valid S3 bucket name (3–63 lowercase letters, digits, dots and hyphens); expected a directory or s3://bucket/prefix (got "s3://My_Bucket/x")']);
    expect(lines('s3://key:secret@bucket/x')[0]).toMatch(/infra\.checkpoint_dir: "key:secret@bucket" is not a valid S3 bucket name/);
    expect(lines('s3://bucket/a//b')[0]).toMatch(/infra\.checkpoint_dir: the key prefix after the bucket has an empty, "\." or "\.\." segment/);
  });

  it('requires a non-empty environments list', () => {
    expect(configError('infra: {}\n').problems).toEqual([{ path: 'environments', message: 'missing required key' }]);
    expect(configError('environments: []\n').problems).toEqual([{ path: 'environments', message: 'must not be empty', value: [] }]);
  });

  it('rejects duplicate environment names, naming both entries', () => {
    const error = configError(`${MINIMAL}${MINIMAL.replace('environments:\n', '')}`);
    expect(error.problems).toEqual([
      { path: 'environments[1].name', message: 'duplicate environment name (also environments[0].name)', value: 'ner_conllpp_v0' },
    ]);
  });

  it('reports duplicate names together with other problems in the same file', () => {
    const error = configError(`${MINIMAL}    episode_concurrency: 0\n${MINIMAL.replace('environments:\n', '')}`);
    expect(error.problems.map((p) => p.path)).toEqual(['environments[0].episode_concurrency', 'environments[1].name']);
  });

  it('requires base_url for an http autopilot target, naming the key', () => {
    const error = configError(`autopilot_target:\n  kind: http\n${MINIMAL}`);
    expect(error.problems).toEqual([{ path: 'autopilot_target.base_url', message: 'required when autopilot_target.kind is "http"' }]);
    const ok = parseConfig(`autopilot_target:\n  kind: http\n  base_url: http://127.0.0.1:4000\n${MINIMAL}`);
    expect(ok.autopilot_target).toEqual({ kind: 'http', base_url: 'http://127.0.0.1:4000', api_key_env: 'TENSORZERO_AUTOPILOT_API_KEY' });
  });

  it('requires the python_optimizer block for that kind and allows it for no other, naming bad values', () => {
    const ok = parseConfig(`autopilot_target:\n  kind: python_optimizer\n  python_optimizer: {optimizer: dspy_mipro, max_metric_calls: 8}\n${MINIMAL}`);
    expect(ok.autopilot_target.python_optimizer).toEqual({ optimizer: 'dspy_mipro', max_metric_calls: 8 });
    expect(configError(`autopilot_target:\n  kind: python_optimizer\n${MINIMAL}`).problems).toEqual([
      { path: 'autopilot_target.python_optimizer', message: 'required when autopilot_target.kind is "python_optimizer" (e.g. {optimizer: gepa})' },
    ]);
    expect(configError(`autopilot_target:\n  python_optimizer: {optimizer: gepa}\n${MINIMAL}`).problems).toEqual([
      { path: 'autopilot_target.python_optimizer', message: 'only allowed when autopilot_target.kind is "python_optimizer" (it is "builtin")', value: { optimizer: 'gepa' } },
    ]);
    const bad = configError(`autopilot_target:\n  kind: python_optimizer\n  python_optimizer: {optimizer: miprov3}\n${MINIMAL}`);
    expect(bad.problems.map((p) => p.path)).toEqual(['autopilot_target.python_optimizer.optimizer']);
  });

  it('reads autopilot_budget, refusing negative limits by key path', () => {
    expect(parseConfig(`autopilot_budget: {max_model_calls: 40}\n${MINIMAL}`).autopilot_budget).toEqual({ max_model_calls: 40, max_cost_usd: null });
    expect(configError(`autopilot_budget: {max_cost_usd: -1}\n${MINIMAL}`).problems.map((p) => p.path)).toEqual(['autopilot_budget.max_cost_usd']);
  });

  it('accepts autopilot_target.builtin only for the builtin kind, naming bad keys and values', () => {
    const ok = parseConfig(`autopilot_target:\n  kind: builtin\n  builtin:\n    max_new_variants: 2\n    budget_usd: 1.5\n    strategies: {few_shot: false}\n${MINIMAL}`);
    expect(ok.autopilot_target.builtin).toEqual({ max_new_variants: 2, budget_usd: 1.5, strategies: { few_shot: false } });
    expect(parseConfig(MINIMAL).autopilot_target).not.toHaveProperty('builtin');

    const wrongKind = configError(`autopilot_target:\n  kind: http\n  base_url: http://x\n  builtin: {ask_operator: false}\n${MINIMAL}`);
    expect(wrongKind.problems).toEqual([{ path: 'autopilot_target.builtin', message: 'only allowed when autopilot_target.kind is "builtin" (it is "http")', value: { ask_operator: false } }]);
    const typo = configError(`autopilot_target:\n  builtin: {max_new_variant: 2, strategies: {fewshot: true}}\n${MINIMAL}`);
    expect(typo.problems.map((p) => [p.path, p.message])).toEqual([
      ['autopilot_target.builtin.max_new_variant', expect.stringContaining('did you mean "max_new_variants"')],
      ['autopilot_target.builtin.strategies.fewshot', expect.stringContaining('did you mean "few_shot"')],
    ]);
    const bad = configError(`autopilot_target:\n  builtin: {delta: 2}\n${MINIMAL}`);
    expect(bad.problems[0].path).toBe('autopilot_target.builtin.delta');
  });

  it('accepts the control strategies under autopilot_target.builtin.strategy and names an unknown one', () => {
    for (const strategy of ['optimiser', 'placebo', 'model_switch', 'random_edit']) {
      expect(parseConfig(`autopilot_target:\n  builtin: {strategy: ${strategy}}\n${MINIMAL}`).autopilot_target.builtin).toEqual({ strategy });
    }
    const unknown = configError(`autopilot_target:\n  builtin: {strategy: noop}\n${MINIMAL}`);
    expect(unknown.problems).toEqual([expect.objectContaining({ path: 'autopilot_target.builtin.strategy', value: 'noop' })]);
    expect(unknown.problems[0].message).toContain('"placebo"');
  });

  it('accepts every autopilot kind of the original and ours, and suggests the closest for a typo', () => {
    for (const kind of ['builtin', 'tensorzero', 'prod', 'staging', 'local']) {
      expect(parseConfig(`autopilot_target: {kind: ${kind}}\n${MINIMAL}`).autopilot_target.kind).toBe(kind);
    }
    const error = configError(`autopilot_target: {kind: biultin}\n${MINIMAL}`);
    expect(error.problems[0].path).toBe('autopilot_target.kind');
    expect(error.problems[0].message).toMatch(/^expected one of "builtin", "http", .* \(did you mean "builtin"\?\)$/);
  });

  it('never shows the value of a key ending in api_key', () => {
    const secret = 'sk-live-0123456789abcdef';
    const error = configError(`
autopilot_target:
  kind: bogus
  openai_api_key: ${secret}
environments:
  - name: a
    function_name: f
    metric_name: m
    env_config: [{ provider_api_key: ${secret} }]
`);
    expect(error.message).not.toContain(secret);
    expect(JSON.stringify(error.problems)).not.toContain(secret);
    expect(error.problems).toContainEqual({ path: 'environments[0].env_config', message: 'expected a mapping', value: [{ provider_api_key: '***' }] });
    expect(error.problems).toContainEqual({ path: 'autopilot_target.openai_api_key', message: 'unknown key' });
  });

  it('coerces timeouts to numbers and keeps 0 for test_episode_timeout', () => {
    const config = parseConfig(MINIMAL + '    episode_timeout: "900"\n    test_episode_timeout: 0\n    autopilot_session_timeout: 12.5\n');
    expect(config.environments[0]).toMatchObject({ episode_timeout: 900, test_episode_timeout: 0, autopilot_session_timeout: 12.5 });
    expect(configError(MINIMAL + '    episode_timeout: soon\n').problems).toEqual([
      { path: 'environments[0].episode_timeout', message: 'expected a number', value: 'soon' },
    ]);
    expect(configError(MINIMAL + '    episode_timeout: 0\n').problems[0]).toMatchObject({ message: 'must be > 0' });
  });

  it('accepts port 0 (pick a free port) and the 0 fallbacks of the test fields', () => {
    const config = parseConfig(`infra: {gateway_port: 0, test_gateway_port: 0}\n${MINIMAL}    test_episodes_per_iteration: 0\n    test_episode_concurrency: 0\n`);
    expect(config.infra).toMatchObject({ gateway_port: 0, test_gateway_port: 0 });
    expect(config.environments[0]).toMatchObject({ test_episodes_per_iteration: 0, test_episode_concurrency: 0 });
    expect(configError(`infra: {gateway_port: -1}\n${MINIMAL}`).problems[0]).toMatchObject({ path: 'infra.gateway_port', message: 'must be ≥ 0' });
  });

  it('keeps a custom gateway binary path and the free-form env_config mapping', () => {
    const config = parseConfig(`infra: {gateway_binary_path: /usr/local/bin/gateway}\n${MINIMAL}    env_config: {dataset: lawbench@1.0, environment_kwargs: {override_cpus: 2}}\n`);
    expect(config.infra.gateway_binary_path).toBe('/usr/local/bin/gateway');
    expect(config.environments[0].env_config).toEqual({ dataset: 'lawbench@1.0', environment_kwargs: { override_cpus: 2 } });
  });
});

import { readFileSync, readdirSync } from 'node:fs';
import * as path from 'node:path';
import { parse as parseToml } from 'smol-toml';
import { loadConfig } from '../config/load';
import type { EnvironmentConfig } from '../config/schema';

const CONFIGS_DIR = __dirname;
const REPO_ROOT = path.resolve(__dirname, '..');

const SIX_MODELS = [
  'anthropic::claude-haiku-4-5',
  'openai::gpt-5-mini',
  'google_ai_studio_gemini::gemini-3-flash-preview',
  'fireworks::fireworks/glm-5',
  'fireworks::fireworks/kimi-k2p5',
  'fireworks::fireworks/minimax-m2p5',
];

const HARBOR_DESCRIPTION =
  'Terminal-based coding agent that solves tasks in Docker containers. Uses tools: think, plan, execute_command, submit_solution. The reward metric measures verifier score (0.0-1.0).\n';
const HARBOR_MESSAGE =
  "Improve the reward score of this terminal agent. The primary metric is 'reward' which is the mean verifier score across tasks. The 'resolved' metric tracks whether all test components pass.";

const UNSET = {
  llmgym_env: null,
  test_episodes_per_iteration: null,
  episode_timeout: null,
  test_episode_concurrency: null,
  test_episode_timeout: null,
  autopilot_session_timeout: 3600,
  task_split: 'train',
  env_config: {},
  function_description: null,
  available_models: SIX_MODELS,
  seed: null,
  test_repeats: 1,
  test_policy: 'frozen_routing' as const,
};

function tauBench(domain: 'airline' | 'retail', systems: string): EnvironmentConfig {
  return {
    ...UNSET,
    name: `tau_bench_${domain}_v0`,
    function_name: `tau_bench_${domain}_v0::act`,
    metric_name: 'success',
    initial_model: 'openai::gpt-5-mini',
    num_iterations: 1,
    episodes_per_iteration: 100,
    test_episodes_per_iteration: 100,
    episode_concurrency: 50,
    episode_timeout: 600,
    test_episode_concurrency: 50,
    test_episode_timeout: 900,
    function_description: `Multi-turn conversational ${domain} customer service agent. Uses tools to interact with backend systems (${systems}) to resolve customer requests. The reward metric measures task completion quality (0.0-1.0).\n`,
    autopilot_initial_message: `Improve the success rate of this ${domain} customer service agent. The primary metric is 'success' which tracks whether the task was fully completed. The 'reward' metric measures task completion quality (0.0-1.0).`,
    autopilot_max_turns: 70,
  };
}

function harbor(dataset: string, episodeConcurrency: number, extraKwargs: Record<string, number> = {}): EnvironmentConfig {
  return {
    ...UNSET,
    name: dataset,
    llmgym_env: 'harbor_v0',
    function_name: 'harbor_v0::harbor_agent',
    metric_name: 'reward',
    initial_model: 'openai::gpt-5-mini',
    num_iterations: 1,
    episodes_per_iteration: 100,
    test_episodes_per_iteration: 100,
    episode_concurrency: episodeConcurrency,
    episode_timeout: 900,
    test_episode_concurrency: 20,
    test_episode_timeout: 1200,
    env_config: {
      dataset,
      split_ratio: 0.5,
      environment_type: 'daytona',
      environment_kwargs: { auto_stop_interval_mins: 15, auto_delete_interval_mins: 5, ...extraKwargs },
    },
    function_description: HARBOR_DESCRIPTION,
    autopilot_initial_message: HARBOR_MESSAGE,
    autopilot_max_turns: 70,
  };
}

// The original benchmark values (reference/original-harness.md §10).
const ORIGINAL: Record<string, EnvironmentConfig> = {
  'ner.yaml': {
    ...UNSET,
    name: 'ner_conllpp_v0',
    function_name: 'ner_conllpp_v0::extract_entities',
    metric_name: 'exact_match',
    initial_model: 'openai::gpt-5-mini',
    num_iterations: 3,
    episodes_per_iteration: 100,
    episode_concurrency: 10,
    autopilot_initial_message:
      'Improve the exact match accuracy of this NER entity extraction function. Do not ask the user any questions \u2014 just analyze the data and make improvements autonomously.',
    autopilot_max_turns: 70,
  },
  '21_questions.yaml': {
    ...UNSET,
    name: '21_questions_v0',
    function_name: '21_questions_v0::ask_question',
    metric_name: 'solved',
    initial_model: 'openai::gpt-4o-mini',
    num_iterations: 3,
    episodes_per_iteration: 100,
    episode_concurrency: 10,
    autopilot_initial_message: 'Improve the win rate of this 21 questions game agent.',
    autopilot_max_turns: 70,
  },
  'babyai.yaml': {
    ...UNSET,
    name: 'babyai_pickup_v0',
    function_name: 'babyai_pickup_v0::act',
    metric_name: 'success',
    initial_model: 'openai::gpt-5-mini',
    num_iterations: 1,
    episodes_per_iteration: 100,
    episode_concurrency: 50,
    autopilot_initial_message: 'Improve the success rate of this BabyAI pickup agent. Do not change the temperature parameter on any variant.',
    autopilot_max_turns: 70,
  },
  'tau_bench_airline.yaml': tauBench('airline', 'reservations, flights, users'),
  'tau_bench_retail.yaml': tauBench('retail', 'orders, products, users'),
  'lawbench.yaml': harbor('lawbench@1.0', 10),
  'medagentbench.yaml': harbor('medagentbench@1.0', 20),
  'replicationbench.yaml': harbor('replicationbench@1.0', 20, { override_cpus: 2, override_memory_mb: 4096 }),
  'terminal_bench.yaml': harbor('terminal-bench@2.0', 20),
};

describe('shipped benchmark configs', () => {
  it('ships exactly the nine original configs plus the quickstarts, the offline variants and the local-model configs', () => {
    const yamls = readdirSync(CONFIGS_DIR).filter((f) => f.endsWith('.yaml')).sort();
    const offline = ['tau-airline-offline.yaml', 'tau-retail-offline.yaml', 'harbor-fixtures-offline.yaml'];
    const local = ['local-smoke.yaml', 'local-ner.yaml', 'local-21q.yaml', 'arena-local-ner.yaml', 'arena-local-21q.yaml'];
    expect(yamls).toEqual([...Object.keys(ORIGINAL), 'quickstart.yaml', 'quickstart-21q.yaml', 'quickstart-babyai.yaml', ...offline, ...local].sort());
  });

  describe.each(Object.entries(ORIGINAL))('%s', (file, expected) => {
    const fullPath = path.join(CONFIGS_DIR, file);

    it('loads and carries the original benchmark values', () => {
      const config = loadConfig(fullPath);
      expect(config.environments).toEqual([expected]);
    });

    it('defaults to the built-in autopilot and gateway with the original common block', () => {
      const config = loadConfig(fullPath);
      expect(config.autopilot_target).toEqual({ kind: 'builtin', base_url: null, api_key_env: 'TENSORZERO_AUTOPILOT_API_KEY' });
      expect(config.interlocutor).toEqual({ config_file: 'interlocutor_config/tensorzero.toml' });
      expect(config.infra).toEqual({
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
      });
    });

    it('documents the TensorZero hosted settings and that the service is discontinued', () => {
      const comments = readFileSync(fullPath, 'utf8').split('\n').filter((line) => line.startsWith('#')).join('\n');
      expect(comments).toMatch(/#\s+kind: prod/);
      expect(comments).toMatch(/#\s+api_key_env: "TENSORZERO_AUTOPILOT_API_KEY"/);
      expect(comments).toMatch(/#\s+gateway_binary_path: "\/usr\/local\/bin\/gateway"/);
      expect(comments).toMatch(/discontinued/);
    });
  });

  it('the quickstart runs NER offline on simulated models with free ports', () => {
    const config = loadConfig(path.join(CONFIGS_DIR, 'quickstart.yaml'));
    expect(config.autopilot_target.kind).toBe('builtin');
    expect(config.interlocutor.config_file).toBe('interlocutor_config/sim/tensorzero.toml');
    expect(config.infra).toMatchObject({ gateway_binary_path: null, gateway_port: 0, test_gateway_port: 0 });
    expect(config.environments).toHaveLength(1);
    expect(config.environments[0]).toMatchObject({
      name: 'ner_conllpp_v0',
      function_name: 'ner_conllpp_v0::extract_entities',
      metric_name: 'exact_match',
      initial_model: 'sim::small',
      available_models: ['sim::small', 'sim::medium', 'sim::large'],
      num_iterations: 2,
      episode_concurrency: 8,
      autopilot_max_turns: 20,
    });
    const env = config.environments[0];
    expect(env.episodes_per_iteration).toBeGreaterThanOrEqual(30);
    expect(env.episodes_per_iteration).toBeLessThanOrEqual(50);
    expect(env.test_episodes_per_iteration).toBeGreaterThanOrEqual(30);
    expect(env.test_episodes_per_iteration).toBeLessThanOrEqual(50);
    expect(env.available_models.every((m) => m.startsWith('sim::'))).toBe(true);
  });

  it('the 21 Questions quickstart runs offline with the helpers on sim::large', () => {
    const config = loadConfig(path.join(CONFIGS_DIR, 'quickstart-21q.yaml'));
    expect(config.autopilot_target.kind).toBe('builtin');
    expect(config.interlocutor.config_file).toBe('interlocutor_config/sim/tensorzero.toml');
    expect(config.infra).toMatchObject({ gateway_binary_path: null, gateway_port: 0, test_gateway_port: 0 });
    expect(config.environments).toHaveLength(1);
    expect(config.environments[0]).toMatchObject({
      name: '21_questions_v0',
      function_name: '21_questions_v0::ask_question',
      metric_name: 'solved',
      initial_model: 'sim::small',
      available_models: ['sim::small', 'sim::medium', 'sim::large'],
      num_iterations: 2,
      episodes_per_iteration: 30,
      test_episodes_per_iteration: 30,
      env_config: { answerer_model: 'sim::large' },
    });
    // the autopilot picks its target from the message when inference counts tie
    expect(config.environments[0].autopilot_initial_message).toContain('21_questions_v0::ask_question');
  });

  it('the BabyAI quickstart runs offline on simulated models with free ports', () => {
    const config = loadConfig(path.join(CONFIGS_DIR, 'quickstart-babyai.yaml'));
    expect(config.autopilot_target.kind).toBe('builtin');
    expect(config.interlocutor.config_file).toBe('interlocutor_config/sim/tensorzero.toml');
    expect(config.infra).toMatchObject({ gateway_binary_path: null, gateway_port: 0, test_gateway_port: 0 });
    expect(config.environments).toHaveLength(1);
    expect(config.environments[0]).toMatchObject({
      name: 'babyai_pickup_v0',
      function_name: 'babyai_pickup_v0::act',
      metric_name: 'success',
      initial_model: 'sim::small',
      available_models: ['sim::small', 'sim::medium', 'sim::large'],
      num_iterations: 2,
      episodes_per_iteration: 30,
      test_episodes_per_iteration: 30,
    });
  });
});

describe('offline τ-bench configs', () => {
  it.each(['airline', 'retail'])('%s: simulated agent and customer (through the gateway), repeats for pass^k, baseline + 2 iterations', (domain) => {
    const config = loadConfig(path.join(CONFIGS_DIR, `tau-${domain}-offline.yaml`));
    expect(config.autopilot_target.kind).toBe('builtin');
    expect(config.interlocutor.config_file).toBe('interlocutor_config/sim/tensorzero.toml');
    expect(config.infra).toMatchObject({ gateway_binary_path: null, gateway_port: 0, test_gateway_port: 0 });
    expect(config.environments).toHaveLength(1);
    expect(config.environments[0]).toMatchObject({
      name: `tau_bench_${domain}_v0`,
      function_name: `tau_bench_${domain}_v0::act`,
      metric_name: 'success',
      initial_model: 'sim::small',
      available_models: ['sim::small', 'sim::medium', 'sim::large'],
      num_iterations: 2,
      test_repeats: 2,
      // no base_url: the customer's model is reached through the run's gateway
      env_config: { user_model: { model: 'sim::large' } },
    });
  });
});

describe('interlocutor configs', () => {
  const referenced = new Set(readdirSync(CONFIGS_DIR).filter((f) => f.endsWith('.yaml')).map((f) => loadConfig(path.join(CONFIGS_DIR, f)).interlocutor.config_file));

  it.each([...referenced])('%s exists and defines the interlocutor function with its system template', (relative) => {
    const file = path.join(REPO_ROOT, relative);
    const toml = parseToml(readFileSync(file, 'utf8')) as any;
    expect(toml.gateway.observability.enabled).toBe(false);
    expect(Object.keys(toml.functions)).toEqual(['interlocutor']);
    expect(toml.functions.interlocutor.type).toBe('chat');
    const variants = toml.functions.interlocutor.variants;
    expect(Object.keys(variants)).toEqual(['default']);
    expect(variants.default).toMatchObject({ type: 'chat_completion', max_tokens: 4096, system_template: 'system.minijinja' });
    const template = readFileSync(path.join(path.dirname(file), variants.default.system_template), 'utf8');
    expect(template).not.toMatch(/\{\{|\{%/); // a static prompt
    expect(template).toContain('candidate_variants');
    expect(template).toContain('fallback_variants');
    expect(template).toContain('upsert_variant');
    expect(template).toContain('upsert_experimentation');
    expect(template).toContain('weight');
    expect(template).toMatch(/topK/);
  });

  it('the hosted interlocutor uses Claude Sonnet 4.6 and lists exactly the six benchmark models', () => {
    const dir = path.join(REPO_ROOT, 'interlocutor_config');
    const toml = parseToml(readFileSync(path.join(dir, 'tensorzero.toml'), 'utf8')) as any;
    expect(toml.functions.interlocutor.variants.default.model).toBe('anthropic::claude-sonnet-4-6');
    const listed = readFileSync(path.join(dir, 'system.minijinja'), 'utf8').match(/^- (\S+::\S+)$/gm)?.map((l) => l.slice(2));
    expect(listed).toEqual(SIX_MODELS);
  });

  it('the offline interlocutor uses the large simulated model and lists the simulated models', () => {
    const dir = path.join(REPO_ROOT, 'interlocutor_config', 'sim');
    const toml = parseToml(readFileSync(path.join(dir, 'tensorzero.toml'), 'utf8')) as any;
    expect(toml.functions.interlocutor.variants.default.model).toBe('sim::large');
    const listed = readFileSync(path.join(dir, 'system.minijinja'), 'utf8').match(/^- (\S+::\S+)$/gm)?.map((l) => l.slice(2));
    expect(listed).toEqual(['sim::small', 'sim::medium', 'sim::large']);
  });

  it.each(['local-ner.yaml', 'local-21q.yaml', 'arena-local-ner.yaml', 'arena-local-21q.yaml'])('%s starts on the 0.5B, offers the 1.5B, and optimises and answers with the 1.5B', (file) => {
    const config = loadConfig(path.join(CONFIGS_DIR, file));
    const env = config.environments[0];
    expect(env.initial_model).toBe('local::qwen2.5-coder-0.5b');
    expect(env.available_models).toEqual(['local::qwen2.5-coder-0.5b', 'local::qwen2.5-coder-1.5b']);
    expect(config.autopilot_target.builtin?.optimizer_model).toBe('local::qwen2.5-coder-1.5b');
    const toml = parseToml(readFileSync(path.join(REPO_ROOT, config.interlocutor.config_file), 'utf8')) as any;
    expect(toml.functions.interlocutor.variants.default.model).toBe('local::qwen2.5-coder-1.5b');
  });

  it('the local arena config gives every autopilot a budget and scores NER with partial credit', () => {
    const config = loadConfig(path.join(CONFIGS_DIR, 'arena-local-ner.yaml'));
    expect(config.autopilot_budget.max_model_calls).toBeGreaterThan(0);
    expect(config.environments[0]).toMatchObject({ name: 'ner_conllpp_v0', metric_name: 'jaccard_similarity' });
  });

  it('the local 21 Questions arena config budgets every autopilot, answers with the 1.5B and runs its three seeds at once', () => {
    const config = loadConfig(path.join(CONFIGS_DIR, 'arena-local-21q.yaml'));
    expect(config.autopilot_budget.max_model_calls).toBe(16);
    expect(config.infra.max_runs_per_worker).toBe(3);
    expect(config.environments[0]).toMatchObject({ name: '21_questions_v0', metric_name: 'solved', env_config: { answerer_model: 'local::qwen2.5-coder-1.5b' } });
  });

  it('the local smoke config is SmolLM2 for one short iteration', () => {
    const env = loadConfig(path.join(CONFIGS_DIR, 'local-smoke.yaml')).environments[0];
    expect(env.initial_model).toBe('local::smollm2-135m');
    expect(env.num_iterations).toBe(1);
    expect(env.episodes_per_iteration).toBeLessThanOrEqual(4);
  });
});

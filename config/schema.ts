import { z } from 'zod';
import { isUrlLike, s3UrlProblem } from '../common/s3-location';

/**
 * The benchmark config YAML: every field of the original harness with its original default
 * (reference/original-harness.md §1.1–1.5), plus our additions (autopilot kinds `builtin` and
 * `http`, a null `gateway_binary_path` meaning the built-in gateway, port 0 meaning "pick a free
 * port"). Unlike the original, unknown keys are errors at every level, so a typo never silently
 * falls back to a default. Fields are declared in the original's order because `run.json`'s
 * `eval_config` dumps them in declaration order.
 */

/** Seconds (zod 4 numbers are finite); numeric strings are coerced, like pydantic's float fields. */
function seconds(min: { value: number; inclusive: boolean }) {
  const bounded = min.inclusive ? z.number().min(min.value) : z.number().gt(min.value);
  return z.preprocess((v) => (typeof v === 'string' && v.trim() !== '' && !Number.isNaN(Number(v)) ? Number(v) : v), bounded);
}
const positiveSeconds = () => seconds({ value: 0, inclusive: false });
const nonNegativeSeconds = () => seconds({ value: 0, inclusive: true });

const int = (min: number) => z.number().int().min(min);

/** TCP port; 0 asks the OS for a free port at start-up (so parallel runs never collide). */
const port = () => z.number().int().min(0).max(65535);

export const AUTOPILOT_TARGET_KINDS = ['builtin', 'http', 'tensorzero', 'prod', 'staging', 'local', 'python_optimizer'] as const;
/**
 * `builtin`: our own autopilot server, started by the worker. `http`: any service that speaks the
 * session protocol at `base_url`. `tensorzero` / `prod` / `staging` / `local`: TensorZero's
 * service through the gateway's autopilot proxy (the original's kinds; the hosted service is
 * discontinued). `local` is accepted so original configs keep loading. `python_optimizer`: a
 * third-party optimiser (GEPA, DSPy MIPROv2, DSPy GEPA) run by the worker behind the same session
 * protocol (autopilot/optimizers/); one kind with a name, because all three share the server,
 * the venv, the metered model endpoint and the grading, and differ only in the Python call.
 */
export type AutopilotTargetKind = (typeof AUTOPILOT_TARGET_KINDS)[number];

/**
 * Tunables of the built-in autopilot (`autopilot_target.builtin`; autopilot/builtin/strategy/
 * strategy-options.ts has the defaults). Every key is optional; unset keys keep the default.
 */
/** `autopilot_target.builtin.strategy`: the real optimiser and the control autopilots (issue 14). */
export const AUTOPILOT_STRATEGIES = ['optimiser', 'placebo', 'model_switch', 'random_edit'] as const;

export const BuiltinAutopilotSchema = z.strictObject({
  /**
   * `optimiser` (default) is the real strategy; `placebo`, `model_switch` and `random_edit` are the
   * benchmark's control autopilots (autopilot/builtin/README.md, "Control strategies")
   */
  strategy: z.enum(AUTOPILOT_STRATEGIES).optional(),
  /** candidate generators, each on by default */
  strategies: z
    .strictObject({
      model_sweep: z.boolean().optional(),
      format_instructions: z.boolean().optional(),
      few_shot: z.boolean().optional(),
      chain_of_thought: z.boolean().optional(),
      optimizer_rewrite: z.boolean().optional(),
    })
    .optional(),
  few_shot_k: z.number().int().min(0).max(32).optional(),
  /** new variants kept after selection, besides the current best */
  max_new_variants: z.number().int().min(1).max(8).optional(),
  /** candidates generated before selection */
  candidate_pool_size: z.number().int().min(1).max(32).optional(),
  example_char_budget: z.number().int().min(0).optional(),
  /** `provider::model` that rewrites prompts; null = none */
  optimizer_model: z.string().min(1).nullable().optional(),
  /** stored train examples each candidate is scored on before deployment (0 = off) */
  selection_examples: z.number().int().min(0).max(1000).optional(),
  /** USD the autopilot may spend per session on its own dry-run inferences; null = no limit */
  budget_usd: z.number().min(0).nullable().optional(),
  /** ask the operator (through the interlocutor) about allowed models and budget when they are unknown */
  ask_operator: z.boolean().optional(),
  min_samples_per_variant: z.number().int().min(1).optional(),
  delta: z.number().gt(0).lt(1).optional(),
  epsilon: z.number().min(0).optional(),
  update_period_s: z.number().int().min(1).optional(),
});

/** `autopilot_target.python_optimizer` (autopilot/optimizers/README.md). */
export const PythonOptimizerSchema = z.strictObject({
  optimizer: z.enum(['gepa', 'dspy_mipro', 'dspy_gepa']),
  /** candidate evaluations the optimiser may make (GEPA's max_metric_calls; DSPy GEPA too) */
  max_metric_calls: z.number().int().min(1).optional(),
  /** `provider::model` that proposes instructions; null = the optimised variant's own model */
  reflection_model: z.string().min(1).nullable().optional(),
  /** successful train inferences given to the optimiser (half train, half validation) */
  examples: z.number().int().min(2).max(200).optional(),
  /** few-shot demonstrations DSPy may attach (GEPA writes none) */
  max_demos: z.number().int().min(0).max(16).optional(),
});

/**
 * Ours: the equal budget of every autopilot, per iteration (autopilot/budget/README.md): model
 * calls and USD the autopilot may spend through the harness. A call beyond it is refused and the
 * autopilot is scored with what it wrote. null = no limit on that measure.
 */
export const AutopilotBudgetSchema = z.strictObject({
  max_model_calls: z.number().int().min(0).nullable().default(null),
  max_cost_usd: z.number().min(0).nullable().default(null),
});

export const AutopilotTargetSchema = z
  .strictObject({
    kind: z.enum(AUTOPILOT_TARGET_KINDS).default('builtin'),
    base_url: z.string().min(1).nullable().default(null),
    api_key_env: z.string().min(1).default('TENSORZERO_AUTOPILOT_API_KEY'),
    /** ours: settings of the built-in autopilot; only with kind `builtin` */
    builtin: BuiltinAutopilotSchema.optional(),
    /** ours: which optimiser and its settings; required with kind `python_optimizer` */
    python_optimizer: PythonOptimizerSchema.optional(),
  })
  .superRefine(
    (target, ctx) => {
      // An `http` target has no default location, so the URL is the one thing it cannot do without.
      if (target?.kind === 'http' && (target.base_url === null || target.base_url === undefined)) {
        ctx.addIssue({ code: 'custom', path: ['base_url'], message: 'required when autopilot_target.kind is "http"' });
      }
      if (target?.kind === 'python_optimizer' && target.python_optimizer === undefined) {
        ctx.addIssue({ code: 'custom', path: ['python_optimizer'], message: 'required when autopilot_target.kind is "python_optimizer" (e.g. {optimizer: gepa})' });
      }
      if (target?.python_optimizer !== undefined && target.kind !== 'python_optimizer') {
        ctx.addIssue({ code: 'custom', path: ['python_optimizer'], message: `only allowed when autopilot_target.kind is "python_optimizer" (it is "${target.kind ?? 'builtin'}")` });
      }
      if (target?.builtin !== undefined && (target.kind ?? 'builtin') !== 'builtin') {
        ctx.addIssue({ code: 'custom', path: ['builtin'], message: `only allowed when autopilot_target.kind is "builtin" (it is "${target.kind}")` });
      }
    },
    { when: () => true },
  );

export const InterlocutorSchema = z.strictObject({
  config_file: z.string().min(1).default('interlocutor_config/tensorzero.toml'),
});

export const InfraSchema = z.strictObject({
  /** null = our built-in gateway; a path = TensorZero's gateway binary (needs Postgres). */
  gateway_binary_path: z.string().min(1).nullable().default(null),
  gateway_port: port().default(3000),
  test_gateway_port: port().default(3001),
  gateway_startup_timeout: positiveSeconds().default(30.0),
  gateway_shutdown_timeout: positiveSeconds().default(10.0),
  // ---- ours: durability ----
  /**
   * where checkpoints live; null = `<run work dir>/checkpoints`. Set a shared path, or an
   * `s3://bucket/prefix` URL (credentials from the AWS variables), when several workers may take over a run.
   */
  checkpoint_dir: z
    .string()
    .min(1)
    .nullable()
    .default(null)
    .superRefine((value, ctx) => {
      const problem = value !== null && isUrlLike(value) ? s3UrlProblem(value) : null;
      if (problem) ctx.addIssue({ code: 'custom', message: `${problem}; expected a directory or s3://bucket/prefix` });
    }),
  /** seconds without a heartbeat before a run's worker counts as lost */
  worker_heartbeat_timeout: positiveSeconds().default(10.0),
  /** seconds a step may wait unclaimed on a worker's own queue before that worker counts as lost */
  worker_schedule_to_start_timeout: positiveSeconds().default(10.0),
  /**
   * seconds a failed iteration waits for an operator's retry / skip / abort before the run fails;
   * null = 1 hour when `run` is attended (stdin and stderr are a terminal), 2 minutes otherwise
   */
  failure_decision_timeout: positiveSeconds().nullable().default(null),
  // ---- ours: capacity ----
  /**
   * runs one worker holds at once (each owns its gateway processes); absent = 2. Read by the
   * worker `run` starts in its own process and by `worker --config`; `worker --max-runs` wins.
   * Left out of the parsed config when absent, so `eval_config` stays as the original writes it.
   */
  max_runs_per_worker: int(1).optional(),
  /**
   * seconds one HTTP call that waits on a `local::` model (CPU llama.cpp) may take: episodes'
   * gateway calls, the built-in autopilot's dry runs and rewrites, the interlocutor, and the
   * gateways' calls to the local server. Replaces fetch's 300 s header limit for those calls.
   */
  local_model_timeout: positiveSeconds().default(900.0),
});

export const DEFAULT_INITIAL_MODEL = 'openai::gpt-4o-mini';
export const DEFAULT_AUTOPILOT_INITIAL_MESSAGE =
  'Analyze how this function performs and improve it: propose better variants and test them against the current one.';

export const EnvironmentSchema = z.strictObject({
  name: z.string().min(1),
  llmgym_env: z.string().min(1).nullable().default(null),
  function_name: z.string().min(1),
  metric_name: z.string().min(1),
  initial_model: z.string().min(1).default(DEFAULT_INITIAL_MODEL),
  num_iterations: int(0).default(1),
  episodes_per_iteration: int(1).default(100),
  /** null or 0 → `episodes_per_iteration` (the original's truthiness fallback) */
  test_episodes_per_iteration: int(0).nullable().default(null),
  episode_concurrency: int(1).default(10),
  episode_timeout: positiveSeconds().nullable().default(null),
  /** null or 0 → `episode_concurrency` */
  test_episode_concurrency: int(0).nullable().default(null),
  /** only null → `episode_timeout`; 0 is used as-is (original behaviour) */
  test_episode_timeout: nonNegativeSeconds().nullable().default(null),
  autopilot_initial_message: z.string().min(1).default(DEFAULT_AUTOPILOT_INITIAL_MESSAGE),
  autopilot_max_turns: int(1).default(30),
  autopilot_session_timeout: positiveSeconds().default(3600.0),
  task_split: z.string().min(1).default('train'),
  env_config: z.record(z.string(), z.unknown()).default({}),
  function_description: z.string().nullable().default(null),
  available_models: z.array(z.string().min(1)).default([]),
  /** seeds task selection and the paired test evaluation; the CLI `--seed` overrides it (the original ignored it) */
  seed: z.number().int().nullable().default(null),
  /** ours: one run per seed (`--seeds` on the command line overrides it); absent = one run */
  seeds: z.array(z.number().int()).min(1).optional(),
  // ---- ours: the paired test evaluation (docs/evaluation.md) ----
  /** times each test task is run (k); pass^k and pass@k are reported when k > 1 */
  test_repeats: int(1).default(1),
  /** which policy the test rollout after each iteration evaluates */
  test_policy: z.enum(['frozen_routing', 'best_train_mean']).default('frozen_routing'),
}).superRefine(
  (env, ctx) => {
    const seeds = Array.isArray(env?.seeds) ? env.seeds : [];
    // A seed listed twice would start two identical runs and count them as two replicates.
    seeds.forEach((seed, index) => {
      const first = seeds.indexOf(seed);
      if (first < index) ctx.addIssue({ code: 'custom', path: ['seeds', index], message: `seed listed twice (also seeds[${first}])`, input: seed });
    });
    if (env?.seeds !== undefined && env.seed !== null && env.seed !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['seeds'], message: 'set either `seed` (one run) or `seeds` (one run per seed), not both', input: env.seeds });
    }
  },
  { when: () => true },
);

export const BenchmarkConfigSchema = z.strictObject({
  autopilot_target: AutopilotTargetSchema.prefault({}),
  /** ours: the per-iteration budget every autopilot must respect */
  autopilot_budget: AutopilotBudgetSchema.prefault({}),
  interlocutor: InterlocutorSchema.prefault({}),
  infra: InfraSchema.prefault({}),
  environments: z
    .array(EnvironmentSchema)
    .min(1)
    .superRefine(
      (environments, ctx) => {
        // Names become directory names and the `--env` filter, so two envs with one name would collide.
        const firstIndex = new Map<string, number>();
        (Array.isArray(environments) ? environments : []).forEach((env: unknown, index) => {
          const name = env && typeof env === 'object' ? (env as { name?: unknown }).name : undefined;
          if (typeof name !== 'string') return;
          const first = firstIndex.get(name);
          if (first === undefined) firstIndex.set(name, index);
          else ctx.addIssue({ code: 'custom', path: [index, 'name'], message: `duplicate environment name (also environments[${first}].name)`, input: name });
        });
      },
      { when: () => true },
    ),
});

export type AutopilotTargetConfig = z.output<typeof AutopilotTargetSchema>;
export type AutopilotBudgetConfig = z.output<typeof AutopilotBudgetSchema>;
export type PythonOptimizerConfig = z.output<typeof PythonOptimizerSchema>;
export type BuiltinAutopilotConfig = z.output<typeof BuiltinAutopilotSchema>;
export type InterlocutorConfig = z.output<typeof InterlocutorSchema>;
export type InfraConfig = z.output<typeof InfraSchema>;
export type EnvironmentConfig = z.output<typeof EnvironmentSchema>;
export type BenchmarkConfig = z.output<typeof BenchmarkConfigSchema>;

/** Keys each config object accepts, for did-you-mean suggestions. */
export const KNOWN_KEYS = {
  top: Object.keys(BenchmarkConfigSchema.shape),
  autopilot_target: Object.keys(AutopilotTargetSchema.shape),
  autopilot_builtin: Object.keys(BuiltinAutopilotSchema.shape),
  autopilot_python_optimizer: Object.keys(PythonOptimizerSchema.shape),
  autopilot_budget: Object.keys(AutopilotBudgetSchema.shape),
  autopilot_builtin_strategies: Object.keys((BuiltinAutopilotSchema.shape.strategies.unwrap() as z.ZodObject).shape),
  interlocutor: Object.keys(InterlocutorSchema.shape),
  infra: Object.keys(InfraSchema.shape),
  environment: Object.keys(EnvironmentSchema.shape),
} as const;

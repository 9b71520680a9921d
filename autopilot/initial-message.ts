import { getLogger } from '../common/logger';
import { describeLocalModel, isLocalModelName } from '../local-models/catalog';

/**
 * The first message of every autopilot session (reference/original-harness.md §3.4 item 2):
 * the configured message, the models the autopilot may use, and strategy guidance with an
 * example experimentation config. Identical in every iteration.
 */

/** Environment variables, any one of which makes a provider's models usable. Providers not listed (e.g. `sim`) need no key. */
export const PROVIDER_API_KEYS: Readonly<Record<string, readonly string[]>> = {
  openai: ['OPENAI_API_KEY'],
  anthropic: ['ANTHROPIC_API_KEY'],
  google_ai_studio_gemini: ['GEMINI_API_KEY', 'GOOGLE_AI_STUDIO_API_KEY'],
  fireworks: ['FIREWORKS_API_KEY'],
};

export type EnvironmentVariables = Readonly<Record<string, string | undefined>>;

/** The provider of a `provider::model` name: the text before the first `::`, or '' without one. */
export function providerOf(model: string): string {
  const at = model.indexOf('::');
  return at === -1 ? '' : model.slice(0, at);
}

/** The key variables a model lacks: none when its provider needs no key or one of its keys is set (non-empty). */
export function missingProviderKeys(model: string, env: EnvironmentVariables): readonly string[] {
  const keys = PROVIDER_API_KEYS[providerOf(model)];
  if (!keys || keys.some((key) => (env[key] ?? '') !== '')) return [];
  return keys;
}

/** Keeps the models whose provider needs no key or has one of its keys set (non-empty); warns about the rest. */
export function filterAvailableModels(models: readonly string[], env: EnvironmentVariables): string[] {
  return models.filter((model) => {
    const keys = missingProviderKeys(model, env);
    if (keys.length === 0) return true;
    // Only the variable names are logged, never their values.
    getLogger('autopilot.initial-message').warn({ model, requiredEnv: keys }, `dropping model ${model}: none of ${keys.join(', ')} is set`);
    return false;
  });
}

export interface InitialMessageOptions {
  /** the config's `autopilot_initial_message` */
  initialMessage: string;
  /** the config's `available_models`, before the API-key filter */
  availableModels: readonly string[];
  /** where API keys are looked up; pass `process.env` in production */
  env: EnvironmentVariables;
}

export function buildInitialMessage(options: InitialMessageOptions): string {
  const parts = [options.initialMessage];
  if (options.availableModels.length > 0) parts.push(modelsPart(filterAvailableModels(options.availableModels, options.env)));
  parts.push(STRATEGY_PART);
  return parts.join('\n');
}

/** Starts with an empty line; the constraints header is kept even when every model was filtered out. */
function modelsPart(models: readonly string[]): string {
  return [
    '',
    'The following models are available for new variants:',
    ...models.map((model) => `- ${model}${modelDetails(model)}`),
    '',
    'Model-specific constraints:',
    '- Do not set `temperature` on any variant: some models reject non-default temperatures, and evaluations would fail.',
  ].join('\n');
}

/** Local models carry their context size, speed, price and memory, so the autopilot can weigh them. */
function modelDetails(model: string): string {
  const name = model.slice('local::'.length);
  return providerOf(model) === 'local' && isLocalModelName(name) ? ` (${describeLocalModel(name)})` : '';
}

/** The example experimentation config shown to the autopilot (values from the original). */
export const EXAMPLE_EXPERIMENTATION = {
  function_name: 'my_function',
  experimentation: {
    type: 'track_and_stop',
    metric: 'success',
    candidate_variants: ['candidate_a', 'candidate_b', 'candidate_c', 'candidate_d'],
    fallback_variants: ['baseline_variant'],
    min_samples_per_variant: 5,
    update_period_s: 5,
    delta: 0.1,
  },
} as const;

const STRATEGY_PART = [
  '',
  'Suggested strategy:',
  '1. Create many candidate variants that try different models and prompting strategies.',
  '2. Compare them in parallel with a topK evaluation.',
  '3. Narrow the field down to the 4 or so most promising candidates.',
  '4. Deploy only those through an experimentation config such as `track_and_stop`; do not put every variant into it.',
  '5. Set `update_period_s` to 5 so that the feedback loop stays fast.',
  '',
  'Example experimentation config:',
  JSON.stringify(EXAMPLE_EXPERIMENTATION, null, 2),
  'Keep `min_samples_per_variant` low; `delta` can be fairly high.',
].join('\n');

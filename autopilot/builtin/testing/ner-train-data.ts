/**
 * Realistic train-gateway data for tests: the NER json function with its output schema and
 * system template, episode-level metrics, and stored inferences with feedback (some exact
 * matches, some wrong, some unparseable). Sentences are written for these tests.
 */
import type { StoredInferenceWithFeedback, VariantPerformanceRow } from '../../../gateway/wire';
import type { ConfigSnapshot, GatewayConfig } from '../strategy/config-types';
import { NER_OUTPUT_SCHEMA } from '../../../environments/ner/spec';

export const NER_FUNCTION = 'ner_conllpp_v0::extract_entities';

/** The environment's own output schema, so these fixtures cannot drift from what the harness generates. */
export { NER_OUTPUT_SCHEMA };

export const NER_SYSTEM_TEMPLATE =
  'You are an assistant that extracts named entities from a sentence.\n' +
  'Find people, organizations, locations and miscellaneous other entities.\n' +
  'Return JSON with the lists "person", "organization", "location" and "miscellaneous".';

export function nerConfig(extraVariants: GatewayConfig['functions'][string]['variants'] = {}): GatewayConfig {
  return {
    functions: {
      [NER_FUNCTION]: {
        type: 'json',
        output_schema: {
          __tensorzero_remapped_path: 'functions/ner_conllpp_v0__extract_entities/output_schema.json',
          __data: JSON.stringify(NER_OUTPUT_SCHEMA),
        },
        variants: {
          initial: {
            type: 'chat_completion',
            model: 'sim::small',
            system_template: {
              __tensorzero_remapped_path: 'functions/ner_conllpp_v0__extract_entities/initial/system_template.minijinja',
              __data: NER_SYSTEM_TEMPLATE,
            },
            json_mode: 'strict',
          },
          ...extraVariants,
        },
      },
    },
    metrics: {
      exact_match: { type: 'boolean', optimize: 'max', level: 'episode' },
      jaccard_similarity: { type: 'float', optimize: 'max', level: 'episode' },
    },
  };
}

export function nerSnapshot(config: GatewayConfig = nerConfig()): ConfigSnapshot {
  return { config, hash: 'cfg-hash-0001' };
}

interface Entities {
  person?: string[];
  organization?: string[];
  location?: string[];
  miscellaneous?: string[];
}

const SENTENCES: Array<{ text: string; predicted: Entities | null; exact: boolean; jaccard: number }> = [
  { text: 'Maria Lopez joined Siemens in Munich last spring .', predicted: { person: ['Maria Lopez'], organization: ['Siemens'], location: ['Munich'] }, exact: true, jaccard: 1 },
  { text: 'The European Commission fined Google over its Android practices .', predicted: { organization: ['European Commission', 'Google'], miscellaneous: ['Android'] }, exact: true, jaccard: 1 },
  { text: 'Brazil beat Argentina 2-1 in the Copa America final in Rio .', predicted: { location: ['Brazil', 'Argentina', 'Rio'], miscellaneous: ['Copa America'] }, exact: true, jaccard: 1 },
  { text: 'Shares of Toyota rose 3 percent in Tokyo trading on Monday .', predicted: { organization: ['Toyota'], location: ['Tokyo'] }, exact: true, jaccard: 1 },
  { text: 'Rafael Nadal won the French Open for a record 14th time .', predicted: { person: ['Rafael Nadal'], miscellaneous: ['French Open'] }, exact: true, jaccard: 1 },
  { text: 'Microsoft and OpenAI announced a new partnership in Seattle .', predicted: { organization: ['Microsoft', 'OpenAI'], location: ['Seattle'] }, exact: true, jaccard: 1 },
  { text: 'Oil prices fell after OPEC cut its demand forecast .', predicted: { organization: ['OPEC'] }, exact: true, jaccard: 1 },
  { text: 'Nairobi police arrested three men on Tuesday .', predicted: { location: ['Nairobi'] }, exact: true, jaccard: 1 },
  { text: 'Prime Minister Jacinda Ardern visited hospital staff in Auckland .', predicted: { person: ['Jacinda Ardern'] }, exact: false, jaccard: 0.5 },
  { text: 'The Kenyan runner set a new world record in Berlin .', predicted: { location: ['Kenyan', 'Berlin'] }, exact: false, jaccard: 0.33 },
  { text: 'Angela Merkel met Emmanuel Macron at the G7 summit in Biarritz .', predicted: null, exact: false, jaccard: 0 },
  { text: 'The Dutch central bank raised its growth estimate for 2024 .', predicted: null, exact: false, jaccard: 0 },
];

function fullEntities(e: Entities): Required<Entities> {
  return { person: e.person ?? [], organization: e.organization ?? [], location: e.location ?? [], miscellaneous: e.miscellaneous ?? [] };
}

/** A stored NER inference; `feedback` overrides the metric values. */
export function nerInference(
  index: number,
  text: string,
  predicted: Entities | null,
  feedback: Record<string, boolean | number | string>,
  variantName = 'initial',
): StoredInferenceWithFeedback {
  const id = index.toString(16).padStart(12, '0');
  const parsed = predicted ? fullEntities(predicted) : null;
  return {
    inference_id: `0190f0a0-0000-7000-8000-${id}`,
    episode_id: `0190f0a0-0000-7000-9000-${id}`,
    function_name: NER_FUNCTION,
    variant_name: variantName,
    input: { messages: [{ role: 'user', content: [{ type: 'text', text }] }] },
    output: { raw: parsed ? JSON.stringify(parsed) : '{"person": ["Angela', parsed },
    created_at: new Date(Date.UTC(2026, 0, 1, 0, 0, index)).toISOString(),
    processing_time_ms: 120,
    usage: { input_tokens: 180, output_tokens: 40 },
    feedback,
  };
}

/** Twelve inferences of `initial`: eight exact matches, two wrong, two unparseable. */
export function nerInferences(options: { withFeedback?: boolean } = {}): StoredInferenceWithFeedback[] {
  const withFeedback = options.withFeedback ?? true;
  return SENTENCES.map((s, i) =>
    nerInference(i + 1, s.text, s.predicted, withFeedback ? { exact_match: s.exact, jaccard_similarity: s.jaccard } : {}),
  );
}

export function nerPerformances(metricName: string): VariantPerformanceRow[] {
  if (metricName === 'exact_match') {
    return [{ period_start: '1970-01-01T00:00:00Z', variant_name: 'initial', count: 12, avg_metric: 8 / 12, stdev: 0.492, ci_error: 0.278 }];
  }
  return [{ period_start: '1970-01-01T00:00:00Z', variant_name: 'initial', count: 12, avg_metric: 0.736, stdev: 0.4, ci_error: 0.226 }];
}

/** The first part of the harness's initial message, then its model bullets and guidance. */
export function nerInitialMessage(models: string[] = ['sim::small', 'sim::medium', 'sim::large']): string {
  return [
    'Improve the exact match accuracy of this NER entity extraction function. Do not ask the user any questions — just analyze the data and make improvements autonomously.',
    '',
    'You can use the following models:',
    ...models.map((m) => `- ${m}`),
    '',
    'Model-specific constraints:',
    '- Do not set temperature on any variant.',
    '',
    'Create many candidates, narrow them to about 4, and deploy them with track_and_stop (update_period_s = 5, min_samples_per_variant = 5).',
  ].join('\n');
}

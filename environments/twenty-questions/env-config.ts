import { z } from 'zod';
import { parseEnvConfig } from '../env-config';
import { DEFAULT_ANSWERER_MODEL, TWENTY_QUESTIONS_ENV_NAME } from './spec';

/**
 * `env_config` of 21_questions_v0. Strict: a typo must fail before a run, not silently fall
 * back to the default answerer (which needs an OpenAI key).
 */
const envConfigSchema = z.strictObject({
  /** the model of the helper functions (secret generator and answerer), `provider::model` */
  answerer_model: z
    .string()
    .regex(/^[A-Za-z0-9_]+::\S+$/, { error: 'expected a `provider::model` name, e.g. openai::gpt-4o-mini or sim::large' })
    .optional(),
});

export interface TwentyQuestionsEnvConfig {
  answerer_model: string;
}

export function parseTwentyQuestionsEnvConfig(config: Record<string, unknown> | undefined): TwentyQuestionsEnvConfig {
  const parsed = parseEnvConfig(TWENTY_QUESTIONS_ENV_NAME, envConfigSchema, config, 'only answerer_model');
  return { answerer_model: parsed.answerer_model ?? DEFAULT_ANSWERER_MODEL };
}

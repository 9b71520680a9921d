import { z } from 'zod';
import { InvalidEnvironmentConfigError } from '../errors';
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
  const parsed = envConfigSchema.safeParse(config ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    if (issue.code === 'unrecognized_keys') {
      const keys = issue.keys.map((k) => `env_config.${k}`).join(', ');
      throw new InvalidEnvironmentConfigError(TWENTY_QUESTIONS_ENV_NAME, keys, `unknown key; ${TWENTY_QUESTIONS_ENV_NAME} accepts only answerer_model`);
    }
    const key = ['env_config', ...issue.path.map(String)].join('.');
    const value = issue.path.reduce<unknown>((v, k) => (v && typeof v === 'object' ? (v as Record<PropertyKey, unknown>)[k] : undefined), config);
    throw new InvalidEnvironmentConfigError(TWENTY_QUESTIONS_ENV_NAME, key, `${issue.message} (got ${JSON.stringify(value)})`);
  }
  return { answerer_model: parsed.data.answerer_model ?? DEFAULT_ANSWERER_MODEL };
}

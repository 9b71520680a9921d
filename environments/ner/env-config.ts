import { z } from 'zod';
import { InvalidEnvironmentConfigError } from '../errors';
import { NER_ENV_NAME } from './spec';

/**
 * `env_config` of ner_conllpp_v0. Without a data source the shipped synthetic dataset is used;
 * `data_path` / `data_url` point at the real CoNLL++ CSV (columns input, output, split).
 */
const nerEnvConfigSchema = z.strictObject({
  /** a local CSV file; relative paths resolve against the working directory */
  data_path: z.string().min(1).optional(),
  /** downloaded once into the data cache directory */
  data_url: z.url({ protocol: /^https?$/ }).optional(),
  /** keep only the first N rows of the selected split */
  max_rows: z.number().int().positive().optional(),
});

export type NerEnvConfig = z.infer<typeof nerEnvConfigSchema>;

export function parseNerEnvConfig(config: Record<string, unknown> | undefined): NerEnvConfig {
  const parsed = nerEnvConfigSchema.safeParse(config ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    if (issue.code === 'unrecognized_keys') {
      const keys = issue.keys.map((k) => `env_config.${k}`).join(', ');
      throw new InvalidEnvironmentConfigError(NER_ENV_NAME, keys, `unknown key; ${NER_ENV_NAME} accepts data_path, data_url and max_rows`);
    }
    const key = ['env_config', ...issue.path.map(String)].join('.');
    const value = issue.path.reduce<unknown>((v, k) => (v && typeof v === 'object' ? (v as Record<PropertyKey, unknown>)[k] : undefined), config);
    throw new InvalidEnvironmentConfigError(NER_ENV_NAME, key, `${issue.message} (got ${JSON.stringify(value)})`);
  }
  if (parsed.data.data_path && parsed.data.data_url) {
    throw new InvalidEnvironmentConfigError(NER_ENV_NAME, 'env_config.data_url', 'set either data_path or data_url, not both');
  }
  return parsed.data;
}

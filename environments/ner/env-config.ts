import { z } from 'zod';
import { InvalidEnvironmentConfigError } from '../errors';
import { parseEnvConfig } from '../env-config';
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
  const parsed = parseEnvConfig(NER_ENV_NAME, nerEnvConfigSchema, config, 'data_path, data_url and max_rows');
  if (parsed.data_path && parsed.data_url) {
    throw new InvalidEnvironmentConfigError(NER_ENV_NAME, 'env_config.data_url', 'set either data_path or data_url, not both');
  }
  return parsed;
}

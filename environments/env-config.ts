import type { z } from 'zod';
import { InvalidEnvironmentConfigError } from './errors';

/**
 * Parses an environment's `env_config` against a strict zod schema; the first problem becomes an
 * InvalidEnvironmentConfigError naming the key path (`env_config.<key>`) and the value, or, for
 * unknown keys, the keys the environment accepts.
 */
export function parseEnvConfig<S extends z.ZodType>(
  envName: string,
  schema: S,
  config: Record<string, unknown> | undefined,
  acceptedKeys: string,
): z.output<S> {
  const parsed = schema.safeParse(config ?? {});
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  if (issue.code === 'unrecognized_keys') {
    const keys = issue.keys.map((k) => `env_config.${k}`).join(', ');
    throw new InvalidEnvironmentConfigError(envName, keys, `unknown key; ${envName} accepts ${acceptedKeys}`);
  }
  const key = ['env_config', ...issue.path.map(String)].join('.');
  const value = issue.path.reduce<unknown>((v, k) => (v && typeof v === 'object' ? (v as Record<PropertyKey, unknown>)[k] : undefined), config);
  throw new InvalidEnvironmentConfigError(envName, key, `${issue.message} (got ${JSON.stringify(value)})`);
}

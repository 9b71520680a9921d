/** Provider credentials: default key variables per provider type and `api_key_location` resolution. */
import { ProviderError } from '../../providers/types';
import type { ApiKeyLocation } from '../config/types';

/** A provider's credential is not available (variable unset, dynamic credential not sent). */
export class MissingCredentialError extends ProviderError {
  override name = 'MissingCredentialError';
  constructor(
    readonly source: string,
    providerName: string,
  ) {
    super(`missing credential: ${source}`, providerName, undefined, false, { kind: 'config' });
  }
}

/** Default key location per provider type (`none` for self-hosted servers). */
export function defaultKeyVariable(providerType: string): string | undefined {
  switch (providerType) {
    case 'openai':
      return 'OPENAI_API_KEY';
    case 'fireworks':
      return 'FIREWORKS_API_KEY';
    case 'anthropic':
      return 'ANTHROPIC_API_KEY';
    case 'google_ai_studio_gemini':
      return 'GOOGLE_AI_STUDIO_API_KEY';
    default:
      return undefined;
  }
}

/**
 * The API key for a provider: locations are tried in order (a `{default, fallback}` pair gives
 * two). Returns undefined for `none`; throws `MissingCredentialError` naming what was missing.
 */
export function resolveApiKey(
  locations: ApiKeyLocation[],
  providerType: string,
  providerName: string,
  env: NodeJS.ProcessEnv,
  credentials: Record<string, string> = {},
): string | undefined {
  const missing: string[] = [];
  for (const location of locations) {
    switch (location.kind) {
      case 'none':
        return undefined;
      case 'default': {
        const variable = defaultKeyVariable(providerType);
        if (!variable) return undefined;
        if (env[variable]) return env[variable];
        missing.push(`environment variable ${variable} is not set`);
        break;
      }
      case 'env':
        if (env[location.variable]) return env[location.variable];
        missing.push(`environment variable ${location.variable} is not set`);
        break;
      case 'dynamic':
        if (credentials[location.name]) return credentials[location.name];
        missing.push(`dynamic credential '${location.name}' was not sent in the request's credentials`);
        break;
    }
  }
  throw new MissingCredentialError(missing.join('; '), providerName);
}

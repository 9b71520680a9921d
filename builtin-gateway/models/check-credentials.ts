import { GatewayConfigError, type ConfigIssue } from '../config/config-error';
import { formatKeyPath } from '../config/key-path';
import type { GatewayConfig } from '../config/types';
import { MissingCredentialError, resolveApiKey } from './credentials';

const CHECKED_TYPES = ['openai', 'fireworks', 'vllm', 'sglang', 'anthropic', 'google_ai_studio_gemini'];

/**
 * Start-up check (as TensorZero does for explicitly configured providers): every
 * environment-variable credential of a `[models]` provider must be set. Short-hand models
 * are checked lazily, at inference time. Dynamic credentials arrive per request.
 */
export function checkProviderCredentials(config: GatewayConfig, env: NodeJS.ProcessEnv): void {
  const issues: ConfigIssue[] = [];
  for (const model of Object.values(config.models)) {
    for (const provider of Object.values(model.providers)) {
      if (!CHECKED_TYPES.includes(provider.type) || provider.apiKeyLocations.some((l) => l.kind === 'dynamic')) continue;
      try {
        resolveApiKey(provider.apiKeyLocations, provider.type, provider.name, env);
      } catch (err) {
        if (!(err instanceof MissingCredentialError)) throw err;
        issues.push({
          keyPath: formatKeyPath(['models', model.name, 'providers', provider.name, 'api_key_location']),
          problem: err.source,
        });
      }
    }
  }
  if (issues.length > 0) throw new GatewayConfigError(issues);
}

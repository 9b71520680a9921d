/**
 * Where τ-bench's simulated customer gets its answers (`env_config.user_model`):
 *
 * * `{model, base_url, api_key_env?}` — straight to that OpenAI-compatible endpoint (a provider's
 *   API), as the Python side has always done;
 * * `{model}` without `base_url` — through the run's gateway, as the helper function
 *   `<env>::simulate_user` on `model` (any model name the gateway knows: `sim::large` offline,
 *   `openai::gpt-4.1` with a key). The spec declares that function (auxiliaryFunctions) so the
 *   generated config gives it its own `initial` variant; each episode gets a loopback relay
 *   (user-relay.ts) whose URL is passed to the bridge as `base_url`.
 */
import type { Environment, EnvironmentDefinition, EnvironmentSpec, FunctionSpec } from '../types';
import { t0FunctionName } from '../../gateway/t0-names';
import { startUserRelay } from './user-relay';

export const SIMULATE_USER_FUNCTION = 'simulate_user';

/** A URL no episode ever calls: describing and probing need a valid config, never a customer. */
const UNUSED_BASE_URL = 'http://127.0.0.1:9/v1';

/** The gateway model of the simulated customer, or null when the config sends it elsewhere. */
export function gatewayUserModel(config: Record<string, unknown> | undefined): string | null {
  const userModel = config?.user_model;
  if (!userModel || typeof userModel !== 'object') return null;
  const { model, base_url: baseUrl } = userModel as Record<string, unknown>;
  return baseUrl === undefined && typeof model === 'string' && model.trim() !== '' ? model.trim() : null;
}

/** The user simulator's function: chat, no schemas, no templates (the system prompt is tau2's). */
const SIMULATE_USER_SPEC: FunctionSpec = {
  type: 'chat',
  systemSchema: null,
  userSchema: null,
  assistantSchema: null,
  exampleSystemTemplate: null,
  exampleUserTemplate: null,
  exampleAssistantTemplate: null,
};

function withBaseUrl(config: Record<string, unknown>, baseUrl: string): Record<string, unknown> {
  return { ...config, user_model: { ...(config.user_model as Record<string, unknown>), base_url: baseUrl } };
}

/** `inner` (the bridged τ environment) with the gateway route for a `user_model` without `base_url`. */
export function withGatewayUserModel(inner: EnvironmentDefinition): EnvironmentDefinition {
  return {
    ...inner,
    async describe(config) {
      const model = gatewayUserModel(config);
      if (model === null) return inner.describe(config);
      const spec: EnvironmentSpec = await inner.describe(withBaseUrl(config!, UNUSED_BASE_URL));
      return { ...spec, auxiliaryFunctions: { ...spec.auxiliaryFunctions, [SIMULATE_USER_FUNCTION]: { ...SIMULATE_USER_SPEC, model } } };
    },
    async make(options) {
      const config = options.config ?? {};
      if (gatewayUserModel(config) === null) return inner.make(options);
      if (!options.gateway) return inner.make({ ...options, config: withBaseUrl(config, UNUSED_BASE_URL) });
      const relay = await startUserRelay({ gateway: options.gateway, functionName: t0FunctionName(inner.name, SIMULATE_USER_FUNCTION), episodeId: options.episodeId });
      let env: Environment;
      try {
        env = await inner.make({ ...options, config: withBaseUrl(config, relay.baseUrl) });
      } catch (err) {
        await relay.close();
        throw err;
      }
      return {
        ...env,
        reset: env.reset.bind(env),
        step: env.step.bind(env),
        async close() {
          try {
            await env.close();
          } finally {
            await relay.close();
          }
        },
      };
    },
  };
}

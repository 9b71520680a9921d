import { PROVIDER_API_KEYS, providerOf } from '../../autopilot/initial-message';
import type { EnvironmentDefinition, EnvironmentOptions } from '../types';
import { parseTwentyQuestionsEnvConfig } from './env-config';
import { MissingAnswererCredentialError, MissingGatewayError } from './errors';
import { TWENTY_QUESTIONS_ENV_NAME, twentyQuestionsSpec } from './spec';
import { TwentyQuestionsEnvironment } from './twenty-questions-environment';

/**
 * `21_questions_v0`: the agent finds a secret with yes/no questions; a helper model (the
 * answerer, `env_config.answerer_model`) thinks of the secret and answers, through the gateway.
 */
export const twentyQuestionsEnvironment: EnvironmentDefinition = {
  name: TWENTY_QUESTIONS_ENV_NAME,
  async preflight(config, env) {
    const { answerer_model } = parseTwentyQuestionsEnvConfig(config);
    const variables = PROVIDER_API_KEYS[providerOf(answerer_model)];
    if (variables && !variables.some((v) => (env[v] ?? '') !== '')) {
      throw new MissingAnswererCredentialError(TWENTY_QUESTIONS_ENV_NAME, answerer_model, variables);
    }
  },
  async describe(config) {
    return twentyQuestionsSpec(parseTwentyQuestionsEnvConfig(config).answerer_model);
  },
  // Games are generated, there is no list to split: the split only keeps train and test games apart.
  async make(options: EnvironmentOptions) {
    const config = parseTwentyQuestionsEnvConfig(options.config);
    if (!options.gateway) throw new MissingGatewayError(TWENTY_QUESTIONS_ENV_NAME);
    return new TwentyQuestionsEnvironment({
      spec: twentyQuestionsSpec(config.answerer_model),
      helpers: { gateway: options.gateway, episodeId: options.episodeId },
      split: options.taskSplit,
    });
  },
};

export { TwentyQuestionsEnvironment } from './twenty-questions-environment';
export * from './spec';
export { parseTwentyQuestionsEnvConfig, type TwentyQuestionsEnvConfig } from './env-config';
export { MissingGatewayError, HelperOutputError, MissingAnswererCredentialError } from './errors';

export { createSimProviderServer } from './server';
export { simulateCompletion, countTokens, type SimulatedCompletion, type SimulationTrace, type SimulateOptions } from './simulate';
export { registerOracle, unregisterOracle, listOracles, findOracleAnswer } from './oracles';
export { extractPromptFeatures, type PromptFeatures } from './prompt-features';
export { errorProfile, type ErrorProfile } from './skill';
export { SIM_TIERS, SIM_TIER_NAMES, resolveTier, costUsd, UnknownSimTierError, type SimTier, type SimTierName } from './tiers';
export { createRng } from './prng';
export type { ChatCompletionRequest, ChatCompletionResponse, ChatCompletionUsage } from './openai-wire';
export type * from './types';

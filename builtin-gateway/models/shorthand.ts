/**
 * Short-hand model names `provider::model` that need no `[models]` entry. `sim` (the simulated
 * provider) and `local` (the worker's llama.cpp server) are ours; the rest are TensorZero's.
 */
export const SHORTHAND_PROVIDER_TYPES = [
  'sim',
  'local',
  'openai',
  'fireworks',
  'anthropic',
  'google_ai_studio_gemini',
  'gcp_vertex_gemini',
  'gcp_vertex_anthropic',
  'deepseek',
  'groq',
  'hyperbolic',
  'mistral',
  'openrouter',
  'together',
  'xai',
] as const;

export interface ParsedShorthand {
  providerType: string;
  modelName: string;
}

/** Splits `provider::model` (the model part may itself contain `::`); undefined for bare names. */
export function parseShorthand(model: string): ParsedShorthand | undefined {
  const index = model.indexOf('::');
  if (index <= 0) return undefined;
  return { providerType: model.slice(0, index), modelName: model.slice(index + 2) };
}

/** True when `model` is a `[models]` key or a short-hand with a provider type we know. */
export function isKnownModelName(model: string, configuredModels: Record<string, unknown>): boolean {
  if (Object.prototype.hasOwnProperty.call(configuredModels, model)) return true;
  const shorthand = parseShorthand(model);
  return !!shorthand && shorthand.modelName.length > 0 && (SHORTHAND_PROVIDER_TYPES as readonly string[]).includes(shorthand.providerType);
}

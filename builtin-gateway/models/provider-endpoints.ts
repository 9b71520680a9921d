/**
 * Where each provider type is reached: the default API base per type, and our own (not
 * TensorZero's) override variables `AUTOPILOT_BENCH_<TYPE>_API_BASE`, which replace the default
 * for short-hands and `[models]` providers without `api_base` (tests point them at local
 * wire-format servers). An explicit `api_base` in the config always wins.
 */
const DEFAULT_API_BASES: Record<string, string> = {
  openai: 'https://api.openai.com/v1/',
  anthropic: 'https://api.anthropic.com/v1/',
  google_ai_studio_gemini: 'https://generativelanguage.googleapis.com/v1beta/',
  fireworks: 'https://api.fireworks.ai/inference/v1/',
};

/** e.g. `AUTOPILOT_BENCH_GOOGLE_AI_STUDIO_GEMINI_API_BASE` */
function apiBaseVariable(providerType: string): string {
  return `AUTOPILOT_BENCH_${providerType.toUpperCase()}_API_BASE`;
}

/** The API base for a provider: config, then our override variable, then the type's default. */
export function resolveApiBase(providerType: string, configured: string | undefined, env: NodeJS.ProcessEnv): string | undefined {
  return configured ?? (env[apiBaseVariable(providerType)] || undefined) ?? DEFAULT_API_BASES[providerType];
}

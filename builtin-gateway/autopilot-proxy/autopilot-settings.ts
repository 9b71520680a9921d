export const DEFAULT_AUTOPILOT_BASE_URL = 'https://api.autopilot.tensorzero.com';

export interface AutopilotSettings {
  apiKey?: string;
  /** origin only: upstream paths are absolute (`/v1/...`), so a path in the base URL is dropped */
  origin: string;
}

/** Invalid `TENSORZERO_AUTOPILOT_BASE_URL` (a start-up error, as in TensorZero). */
export class AutopilotSettingsError extends Error {
  override name = 'AutopilotSettingsError';
  constructor(readonly value: string) {
    super(`TENSORZERO_AUTOPILOT_BASE_URL is not a valid URL: '${value}'`);
  }
}

export function readAutopilotSettings(env: NodeJS.ProcessEnv): AutopilotSettings {
  const raw = env.TENSORZERO_AUTOPILOT_BASE_URL || DEFAULT_AUTOPILOT_BASE_URL;
  let origin: string;
  try {
    origin = new URL(raw).origin;
  } catch {
    throw new AutopilotSettingsError(raw);
  }
  return { apiKey: env.TENSORZERO_AUTOPILOT_API_KEY || undefined, origin };
}

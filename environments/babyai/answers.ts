import { BABYAI_ACTIONS, type BabyAiAction } from './observation-text';

/**
 * A model's answer → one of the six actions, or null. Mirrors the env's rule
 * (environments/bridge/python/envs/_babyai/actions.py): case-insensitive and trimmed; tolerates
 * surrounding quotes/backticks, trailing punctuation and {"action": "..."}; anything else
 * (e.g. an explanation around the action) is not understood.
 */
const STRIP_RE = /^[\s"'`.!,;:]+|[\s"'`.!,;:]+$/g;

export function parseAnswer(text: string | null | undefined): BabyAiAction | null {
  if (text === null || text === undefined) return null;
  let candidate = text.trim();
  if (candidate.startsWith('{')) {
    let decoded: unknown;
    try {
      decoded = JSON.parse(candidate);
    } catch {
      return null;
    }
    const action = decoded !== null && typeof decoded === 'object' && !Array.isArray(decoded) ? (decoded as Record<string, unknown>).action : undefined;
    if (typeof action !== 'string') return null;
    candidate = action;
  }
  const normalised = candidate.replace(STRIP_RE, '').toLowerCase().split(/\s+/).filter(Boolean).join(' ');
  return (BABYAI_ACTIONS as readonly string[]).includes(normalised) ? (normalised as BabyAiAction) : null;
}

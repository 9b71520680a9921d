/**
 * The models the harness offers, read from the `- provider::model` bullet lines of the initial
 * message, and a rough strength ranking so a small budget goes to the strongest-looking ones.
 */

const MODEL_BULLET_RE = /^\s*[-*•]\s+`?([A-Za-z0-9_.-]+::[A-Za-z0-9_.\-/:]+)`?\s*$/;

/** Bullet lines naming `provider::model`, in message order, without duplicates. */
export function parseAvailableModels(message: string): string[] {
  const models: string[] = [];
  for (const line of message.split(/\r?\n/)) {
    const match = MODEL_BULLET_RE.exec(line);
    if (match && !models.includes(match[1])) models.push(match[1]);
  }
  return models;
}

const STRONG_HINTS = ['large', 'xl', 'xxl', 'pro', 'opus', 'ultra'];
const MEDIUM_HINTS = ['medium', 'sonnet'];
const WEAK_HINTS = ['small', 'mini', 'nano', 'tiny', 'lite', 'haiku'];

/** 3 for names hinting at a large model, 1 for small ones, 2 when the name says nothing. */
export function modelTierScore(model: string): number {
  const name = model.includes('::') ? model.slice(model.indexOf('::') + 2) : model;
  const words = name.toLowerCase().split(/[^a-z0-9]+/).filter(Boolean);
  if (words.some((w) => STRONG_HINTS.includes(w))) return 3;
  if (words.some((w) => WEAK_HINTS.includes(w))) return 1;
  if (words.some((w) => MEDIUM_HINTS.includes(w))) return 2;
  return 2;
}

/** Strongest-looking first; equal hints keep the message order (the harness lists models by preference). */
export function rankModelsByStrength(models: string[]): string[] {
  return models
    .map((model, index) => ({ model, index, score: modelTierScore(model) }))
    .sort((a, b) => b.score - a.score || a.index - b.index)
    .map((entry) => entry.model);
}

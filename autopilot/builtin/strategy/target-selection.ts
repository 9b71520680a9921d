/**
 * Which function to optimise and against which metric, decided from the data and the words of
 * the request. `null` means "cannot tell" — the session then asks the user.
 */
import type { StoredInferenceWithFeedback } from '../../../gateway/wire';

export type FunctionChoiceReason = 'most_inferences' | 'mentioned' | 'only_function';
export type MetricChoiceReason = 'mentioned' | 'most_feedback';

export interface FunctionChoice { name: string; reason: FunctionChoiceReason }
export interface MetricChoice { name: string; reason: MetricChoiceReason }

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Whole-word, case-insensitive occurrence of `phrase` in `text`. */
function mentions(text: string, phrase: string): boolean {
  if (!phrase) return false;
  return new RegExp(`(^|[^A-Za-z0-9_])${escapeRegExp(phrase)}($|[^A-Za-z0-9_])`, 'i').test(text);
}

/** A function is mentioned by its full name or by the part after the environment prefix. */
export function mentionsFunction(text: string, functionName: string): boolean {
  const short = functionName.includes('::') ? functionName.slice(functionName.lastIndexOf('::') + 2) : functionName;
  return mentions(text, functionName) || mentions(text, short) || mentions(text, short.replace(/_/g, ' '));
}

/**
 * A function the text names in full (`env::fn`) wins; otherwise the one with the most stored
 * inferences, a tie going to the one the text mentions. With no data anywhere, a mentioned
 * function or the only function is taken.
 */
export function pickTargetFunction(inferenceCounts: Record<string, number>, text: string): FunctionChoice | null {
  const names = Object.keys(inferenceCounts).sort();
  if (names.length === 0) return null;
  const namedInFull = names.filter((n) => mentions(text, n));
  if (namedInFull.length === 1) return { name: namedInFull[0], reason: 'mentioned' };
  const most = Math.max(...names.map((n) => inferenceCounts[n]));
  if (most > 0) {
    const leaders = names.filter((n) => inferenceCounts[n] === most);
    if (leaders.length === 1) return { name: leaders[0], reason: 'most_inferences' };
    const mentioned = leaders.filter((n) => mentionsFunction(text, n));
    return mentioned.length === 1 ? { name: mentioned[0], reason: 'mentioned' } : null;
  }
  const mentioned = names.filter((n) => mentionsFunction(text, n));
  if (mentioned.length === 1) return { name: mentioned[0], reason: 'mentioned' };
  return names.length === 1 ? { name: names[0], reason: 'only_function' } : null;
}

/** A metric named in the text (as `exact_match` or `exact match`); the longest name wins. */
export function metricMentionedIn(text: string, metricNames: string[]): string | null {
  const mentioned = metricNames.filter((m) => mentions(text, m) || mentions(text, m.replace(/_/g, ' ')));
  if (mentioned.length === 0) return null;
  return mentioned.sort((a, b) => b.length - a.length || a.localeCompare(b))[0];
}

/** The configured metric with the most feedback attached to the given inferences. */
export function metricWithMostFeedback(inferences: StoredInferenceWithFeedback[], metricNames: string[]): string | null {
  const counts = new Map<string, number>();
  for (const inference of inferences) {
    for (const name of Object.keys(inference.feedback ?? {})) {
      if (metricNames.includes(name)) counts.set(name, (counts.get(name) ?? 0) + 1);
    }
  }
  const ranked = [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  return ranked[0]?.[0] ?? null;
}

export function pickMetric(text: string, inferences: StoredInferenceWithFeedback[], metricNames: string[]): MetricChoice | null {
  const mentioned = metricMentionedIn(text, metricNames);
  if (mentioned) return { name: mentioned, reason: 'mentioned' };
  const most = metricWithMostFeedback(inferences, metricNames);
  return most ? { name: most, reason: 'most_feedback' } : null;
}

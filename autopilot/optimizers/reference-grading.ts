/**
 * How a candidate's answer is scored for the optimisers: against the output of a stored train
 * inference whose metric was at its best value (exact match was true, the reward was top), with
 * answers compared the way exact-match metrics compare them — JSON with key order, list order
 * and repeated list items ignored; text with case and white space ignored. For exact-match
 * metrics (NER) this is the environment's own metric; for others it is agreement with a known
 * good answer. The feedback text tells a reflective optimiser what was expected.
 */
import { normaliseText } from '../builtin/strategy/few-shot-selection';

export interface Grade {
  score: number;
  feedback: string;
}

function canonical(value: unknown): unknown {
  if (Array.isArray(value)) {
    const items = value.map(canonical).map((v) => JSON.stringify(v));
    return [...new Set(items)].sort();
  }
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((key) => [key, canonical((value as Record<string, unknown>)[key])]),
    );
  }
  return typeof value === 'string' ? normaliseText(value) : value;
}

function parseJson(text: string): { ok: true; value: unknown } | { ok: false } {
  const trimmed = text.trim().replace(/^```[a-z]*\n?|```$/g, '').trim();
  try {
    return { ok: true, value: JSON.parse(trimmed) };
  } catch {
    return { ok: false };
  }
}

export function gradeAgainstReference(reference: string, output: string): Grade {
  const expected = parseJson(reference);
  if (expected.ok) {
    const got = parseJson(output);
    if (!got.ok) return { score: 0, feedback: `The answer is not valid JSON. Expected exactly: ${reference}` };
    const same = JSON.stringify(canonical(got.value)) === JSON.stringify(canonical(expected.value));
    return same
      ? { score: 1, feedback: 'Correct: the answer matches the expected output.' }
      : { score: 0, feedback: `Wrong. Expected: ${reference}\nGot: ${JSON.stringify(got.value)}` };
  }
  const same = normaliseText(output) === normaliseText(reference);
  return same ? { score: 1, feedback: 'Correct.' } : { score: 0, feedback: `Wrong. Expected: ${reference}\nGot: ${output.slice(0, 500)}` };
}

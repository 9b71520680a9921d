/**
 * Worked examples for a prompt, taken only from train inferences that scored well: distinct,
 * covering different output shapes first (e.g. which entity kinds appear, which action is taken),
 * then spread across different inputs, within a character budget.
 */
import { metricValue } from './metric-value';
import type { StoredInferenceWithFeedback } from '../../../gateway/wire';
import type { MetricConfig } from './config-types';
import { renderInputText, renderOutputText } from './example-rendering';

export interface WorkedExample {
  inferenceId: string;
  inputText: string;
  outputText: string;
}

export interface FewShotSelectionOptions {
  /** how many examples to pick at most */
  k: number;
  /** total characters of input + output text across the picked examples */
  charBudget: number;
  /** shifts the first pick, so later iterations show the model other examples */
  rotation?: number;
}

/** Linear-interpolation quantile of sorted values (q in [0, 1]). */
export function quantile(sortedValues: number[], q: number): number {
  if (sortedValues.length === 0) return NaN;
  const position = (sortedValues.length - 1) * q;
  const lower = Math.floor(position);
  const upper = Math.ceil(position);
  return sortedValues[lower] + (sortedValues[upper] - sortedValues[lower]) * (position - lower);
}

/**
 * Inferences whose metric value counts as a success: for boolean metrics the good value
 * (true when maximising); for float metrics at or beyond the 75th percentile in the good direction
 * (strictly better than the worst value when that percentile is the worst value).
 */
export function successfulInferences(
  inferences: StoredInferenceWithFeedback[],
  metricName: string,
  metric: MetricConfig,
): StoredInferenceWithFeedback[] {
  const scored = inferences
    .map((inference) => ({ inference, value: metricValue(inference.feedback?.[metricName]) }))
    .filter((s): s is { inference: StoredInferenceWithFeedback; value: number } => s.value !== null);
  if (scored.length === 0) return [];
  if (metric.type === 'boolean') {
    const good = metric.optimize === 'max' ? 1 : 0;
    return scored.filter((s) => s.value === good).map((s) => s.inference);
  }
  const sorted = scored.map((s) => s.value).sort((a, b) => a - b);
  const threshold = quantile(sorted, metric.optimize === 'max' ? 0.75 : 0.25);
  // A sparse reward (mostly the worst value, e.g. 0 until the last step) puts the quartile on the
  // worst value; then only values strictly better than it count.
  const worst = metric.optimize === 'max' ? sorted[0] : sorted[sorted.length - 1];
  const strict = threshold === worst;
  return scored
    .filter((s) =>
      metric.optimize === 'max' ? (strict ? s.value > threshold : s.value >= threshold) : strict ? s.value < threshold : s.value <= threshold,
    )
    .map((s) => s.inference);
}

// An example containing this would break out of the raw block that protects it in the template.
const TEMPLATE_BREAKER = /\{%-?\s*endraw/i;

/** Lower case with white space collapsed: the form answers and inputs are compared in. */
export function normaliseText(text: string): string {
  return text.toLowerCase().replace(/\s+/g, ' ').trim();
}

/** Renderable examples from inferences, one per distinct input. */
export function toWorkedExamples(inferences: StoredInferenceWithFeedback[]): WorkedExample[] {
  const seen = new Set<string>();
  const examples: WorkedExample[] = [];
  for (const inference of inferences) {
    const outputText = renderOutputText(inference.output);
    const inputText = renderInputText(inference.input);
    if (!outputText || !inputText) continue;
    if (TEMPLATE_BREAKER.test(inputText) || TEMPLATE_BREAKER.test(outputText)) continue;
    const key = normaliseText(inputText);
    if (seen.has(key)) continue;
    seen.add(key);
    examples.push({ inferenceId: inference.inference_id, inputText, outputText });
  }
  return examples;
}

function tokens(text: string): Set<string> {
  return new Set(text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []);
}

function jaccardDistance(a: Set<string>, b: Set<string>): number {
  if (a.size === 0 && b.size === 0) return 0;
  let shared = 0;
  for (const token of a) if (b.has(token)) shared++;
  return 1 - shared / (a.size + b.size - shared);
}

/** How much an output shows: the number of distinct non-empty values (a richer example teaches more). */
function outputRichness(outputText: string): number {
  try {
    const parsed: unknown = JSON.parse(outputText);
    if (parsed && typeof parsed === 'object') {
      return Object.values(parsed).filter((v) => (Array.isArray(v) ? v.length > 0 : v !== null && v !== '')).length;
    }
  } catch {
    // not JSON: plain text output
  }
  return outputText.length > 0 ? 1 : 0;
}

/**
 * What kind of answer an example shows: for a JSON object the keys with non-empty values, for a
 * tool call its name, for a short one-line answer the answer itself, otherwise just "text".
 */
export function outputShape(outputText: string): string {
  const text = outputText.trim();
  if (text.startsWith('[tool call ')) return `tool:${text.slice('[tool call '.length).split(/\s/)[0]}`;
  try {
    const parsed: unknown = JSON.parse(text);
    if (Array.isArray(parsed)) return `array:${parsed.length > 0 ? 'items' : 'empty'}`;
    if (parsed && typeof parsed === 'object') {
      const filled = Object.entries(parsed)
        .filter(([, v]) => (Array.isArray(v) ? v.length > 0 : v !== null && v !== ''))
        .map(([k]) => k)
        .sort();
      return `object:${filled.join('+')}`;
    }
  } catch {
    // not JSON
  }
  if (!text.includes('\n') && text.split(/\s+/).length <= 6) return `answer:${normaliseText(text)}`;
  return 'text';
}

function exampleSize(example: WorkedExample): number {
  return example.inputText.length + example.outputText.length;
}

/**
 * Greedy max-min diversity: start from a rich example (rotated by `rotation`), then repeatedly
 * add the example that shows an output shape not yet covered and whose input differs most from
 * everything already picked, skipping any that would overrun the character budget.
 */
export function selectFewShotExamples(pool: WorkedExample[], options: FewShotSelectionOptions): WorkedExample[] {
  const ordered = [...pool].sort(
    (a, b) =>
      outputRichness(b.outputText) - outputRichness(a.outputText) ||
      exampleSize(a) - exampleSize(b) ||
      a.inferenceId.localeCompare(b.inferenceId),
  );
  const fitting = ordered.filter((e) => exampleSize(e) <= options.charBudget);
  if (options.k <= 0 || fitting.length === 0) return [];

  const start = (options.rotation ?? 0) % fitting.length;
  const picked: WorkedExample[] = [fitting[start]];
  const pickedTokens = [tokens(fitting[start].inputText)];
  const coveredShapes = new Set([outputShape(fitting[start].outputText)]);
  let used = exampleSize(fitting[start]);
  const remaining = fitting
    .filter((_, i) => i !== start)
    .map((example) => ({ example, tokens: tokens(example.inputText), shape: outputShape(example.outputText) }));

  while (picked.length < options.k) {
    let best: { index: number; distance: number } | null = null;
    remaining.forEach((candidate, index) => {
      if (used + exampleSize(candidate.example) > options.charBudget) return;
      // a new output shape outweighs any input distance (which is at most 1)
      const newShape = coveredShapes.has(candidate.shape) ? 0 : 1;
      const distance = newShape + Math.min(...pickedTokens.map((t) => jaccardDistance(t, candidate.tokens)));
      if (!best || distance > best.distance) best = { index, distance };
    });
    if (!best) break;
    const [chosen] = remaining.splice((best as { index: number }).index, 1);
    picked.push(chosen.example);
    pickedTokens.push(chosen.tokens);
    coveredShapes.add(chosen.shape);
    used += exampleSize(chosen.example);
  }
  return picked;
}

/**
 * Selection before deployment: every candidate (and the current best, as a yardstick) is replayed
 * with dry-run inferences on stored train inputs and scored, and only the best few go into the
 * experiment.
 *
 * * Reference mode: when the data holds references — inferences with a demonstration, or whose
 *   metric is at its best value (boolean true for `max`, the best value seen for float metrics;
 *   an episode-level value counts only for an episode with a single inference) — a candidate scores its agreement with the reference output (json: the share of
 *   top-level keys equal to the reference, lists compared as sets; chat: normalised text equality).
 *   An invalid output scores 0.
 * * Validity mode: multi-step chat environments (21 Questions, BabyAI) judge whole episodes, so a
 *   single step has no reference answer. Candidates are then replayed on recent inputs and scored
 *   on valid output only; the real comparison is the short track-and-stop trial that follows.
 *
 * Examples are interleaved (every candidate on example 1, then on example 2, …) so scores stay
 * comparable when the budget runs out part way.
 */
import { metricValue } from './metric-value';
import type { InferenceInput, StoredInferenceWithFeedback } from '../../../gateway/wire';
import type { CandidateVariant } from './candidate-planning';
import type { MetricConfig } from './config-types';
import { isInvalidOutput } from './example-rendering';
import { normaliseText } from './few-shot-selection';
import { variantFingerprint } from './variant-fingerprint';

export type SelectionMode = 'reference' | 'validity' | 'none';

export interface SelectionExample {
  inferenceId: string;
  input: InferenceInput;
  /** null in validity mode */
  reference: StoredInferenceWithFeedback['output'] | null;
}

/** One replayed answer, or why there is none (`invalid`: the gateway refused the variant or the output did not parse). */
export type ReplayOutcome = { kind: 'answer'; output: unknown; costUsd: number | null } | { kind: 'invalid'; reason: string };

export interface SelectionOptions {
  functionType: 'chat' | 'json';
  metricName: string;
  metric: MetricConfig;
  inferences: StoredInferenceWithFeedback[];
  candidates: CandidateVariant[];
  /** the current best, scored as a yardstick (never dropped) */
  baseline: { name: string; variant: Record<string, unknown> };
  /** new variants kept */
  keep: number;
  /** examples each variant is scored on (0: no scoring) */
  examples: number;
  /** USD the session may still spend; null = no limit */
  budgetUsd: number | null;
  /** runs one variant on one input; resolves null when the session stopped */
  replay(variant: Record<string, unknown>, input: InferenceInput): Promise<ReplayOutcome | null>;
}

export interface VariantScore {
  name: string;
  fingerprint: string;
  /** examples answered */
  scored: number;
  valid: number;
  /** mean per-example score in [0, 1]; null when not scored */
  score: number | null;
}

export interface SelectionResult {
  mode: SelectionMode;
  examples: number;
  kept: CandidateVariant[];
  /** scored and not kept: these are remembered and never proposed again */
  rejected: Array<{ candidate: CandidateVariant; score: VariantScore }>;
  scores: VariantScore[];
  baselineScore: VariantScore | null;
  spentUsd: number;
  budgetExhausted: boolean;
  /** true when the session stopped during selection */
  stopped: boolean;
}

const DEMONSTRATION = 'demonstration';

function parseDemonstration(value: string, functionType: 'chat' | 'json'): StoredInferenceWithFeedback['output'] {
  if (functionType === 'chat') return [{ type: 'text', text: value }];
  try {
    const parsed: unknown = JSON.parse(value);
    return { raw: value, parsed: parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : null };
  } catch {
    return { raw: value, parsed: null };
  }
}

/** Spreads `count` picks evenly over `items` (deterministic). */
function spread<T>(items: T[], count: number): T[] {
  if (items.length <= count) return items;
  const step = items.length / count;
  return Array.from({ length: count }, (_, i) => items[Math.floor(i * step)]);
}

function distinctByInput(inferences: StoredInferenceWithFeedback[]): StoredInferenceWithFeedback[] {
  const seen = new Set<string>();
  return inferences.filter((i) => {
    const key = JSON.stringify(i.input);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * The examples to score on: references when the data has them (preferring ones no candidate
 * uses as a worked example, so a candidate is not graded on answers it was shown), else recent
 * valid inputs for validity mode.
 */
export function pickSelectionExamples(
  options: Pick<SelectionOptions, 'functionType' | 'metricName' | 'metric' | 'inferences' | 'candidates' | 'examples'>,
): { mode: SelectionMode; examples: SelectionExample[] } {
  const { inferences, metric, metricName, examples: limit } = options;
  if (limit === 0 || inferences.length === 0) return { mode: 'none', examples: [] };

  const references: SelectionExample[] = [];
  const referenceIds = new Set<string>();
  for (const i of inferences) {
    const demo = i.feedback?.[DEMONSTRATION];
    if (typeof demo === 'string') {
      references.push({ inferenceId: i.inference_id, input: i.input, reference: parseDemonstration(demo, options.functionType) });
      referenceIds.add(i.inference_id);
    }
  }
  // An episode-level value judges one step only when the episode has one stored inference (NER: yes; 21 Questions: no).
  const perEpisode = new Map<string, number>();
  for (const i of inferences) perEpisode.set(i.episode_id, (perEpisode.get(i.episode_id) ?? 0) + 1);
  const judged = inferences.filter((i) => metric.level === 'inference' || perEpisode.get(i.episode_id) === 1);
  if (judged.length > 0) {
    const values = judged.map((i) => metricValue(i.feedback?.[metricName])).filter((v): v is number => v !== null);
    if (values.length > 0) {
      const best = metric.type === 'boolean' ? (metric.optimize === 'max' ? 1 : 0) : metric.optimize === 'max' ? Math.max(...values) : Math.min(...values);
      for (const i of judged) {
        if (referenceIds.has(i.inference_id) || isInvalidOutput(i.output)) continue;
        if (metricValue(i.feedback?.[metricName]) === best) references.push({ inferenceId: i.inference_id, input: i.input, reference: i.output });
      }
    }
  }
  if (references.length > 0) {
    const shown = new Set(options.candidates.flatMap((c) => c.exampleIds));
    const unseen = references.filter((r) => !shown.has(r.inferenceId));
    const pool = unseen.length >= Math.min(limit, references.length) ? unseen : [...unseen, ...references.filter((r) => shown.has(r.inferenceId))];
    const byInput = new Map<string, SelectionExample>();
    for (const r of pool) if (!byInput.has(JSON.stringify(r.input))) byInput.set(JSON.stringify(r.input), r);
    return { mode: 'reference', examples: spread([...byInput.values()], limit) };
  }
  const recent = distinctByInput([...inferences].reverse());
  return { mode: 'validity', examples: spread(recent, limit).map((i) => ({ inferenceId: i.inference_id, input: i.input, reference: null })) };
}

// ---- scoring one answer ---------------------------------------------------------------------

function canonicalValue(value: unknown): string {
  if (Array.isArray(value)) return JSON.stringify(value.map((v) => canonicalValue(v)).sort());
  if (typeof value === 'string') return JSON.stringify(normaliseText(value));
  if (value && typeof value === 'object') {
    return JSON.stringify(Object.fromEntries(Object.keys(value).sort().map((k) => [k, canonicalValue((value as Record<string, unknown>)[k])])));
  }
  return JSON.stringify(value ?? null);
}

function chatText(output: unknown): string | null {
  if (!Array.isArray(output)) return null;
  const blocks = output as Array<{ type?: string; text?: unknown; name?: unknown; arguments?: unknown }>;
  if (blocks.length === 0) return null;
  return blocks
    .map((b) => (b.type === 'text' && typeof b.text === 'string' ? b.text : b.type === 'tool_call' ? `${String(b.name)}(${JSON.stringify(b.arguments)})` : ''))
    .join('\n');
}

function jsonParsed(output: unknown): Record<string, unknown> | null {
  const parsed = (output as { parsed?: unknown } | null)?.parsed;
  return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : null;
}

/** Whether an answer is usable at all: json parses (the gateway validated it), chat says something. */
export function isValidAnswer(functionType: 'chat' | 'json', output: unknown): boolean {
  if (functionType === 'json') return jsonParsed(output) !== null;
  const text = chatText(output);
  return text !== null && text.trim().length > 0;
}

/** Agreement with the reference in [0, 1] (1 = identical); 0 for an invalid answer. */
export function agreementScore(functionType: 'chat' | 'json', output: unknown, reference: unknown): number {
  if (!isValidAnswer(functionType, output)) return 0;
  if (functionType === 'json') {
    const got = jsonParsed(output) as Record<string, unknown>;
    const want = jsonParsed(reference);
    if (!want) return 0;
    const keys = new Set([...Object.keys(got), ...Object.keys(want)]);
    if (keys.size === 0) return 1;
    let equal = 0;
    for (const key of keys) if (canonicalValue(got[key]) === canonicalValue(want[key])) equal++;
    return equal / keys.size;
  }
  const want = chatText(reference);
  return want !== null && normaliseText(chatText(output) as string) === normaliseText(want) ? 1 : 0;
}

// ---- selection ------------------------------------------------------------------------------

interface Tally {
  name: string;
  fingerprint: string;
  variant: Record<string, unknown>;
  scored: number;
  valid: number;
  total: number;
}

const toScore = (t: Tally): VariantScore => ({
  name: t.name,
  fingerprint: t.fingerprint,
  scored: t.scored,
  valid: t.valid,
  score: t.scored > 0 ? t.total / t.scored : null,
});


export async function selectCandidates(options: SelectionOptions): Promise<SelectionResult> {
  const { mode, examples } = pickSelectionExamples(options);
  const tallies: Tally[] = [
    { name: options.baseline.name, fingerprint: variantFingerprint(options.baseline.variant), variant: options.baseline.variant, scored: 0, valid: 0, total: 0 },
    ...options.candidates.map((c) => ({ name: c.name, fingerprint: c.fingerprint, variant: c.variant, scored: 0, valid: 0, total: 0 })),
  ];
  let spentUsd = 0;
  let budgetExhausted = false;
  let stopped = false;

  for (const example of mode === 'none' || options.candidates.length === 0 ? [] : examples) {
    if (options.budgetUsd !== null && spentUsd >= options.budgetUsd) {
      budgetExhausted = true;
      break;
    }
    const outcomes = await Promise.all(tallies.map((t) => options.replay(t.variant, example.input)));
    if (outcomes.some((o) => o === null)) {
      stopped = true;
      break;
    }
    outcomes.forEach((outcome, index) => {
      const tally = tallies[index];
      tally.scored++;
      if (!outcome || outcome.kind === 'invalid') return;
      spentUsd += outcome.costUsd ?? 0;
      const valid = isValidAnswer(options.functionType, outcome.output);
      if (valid) tally.valid++;
      tally.total += mode === 'reference' ? agreementScore(options.functionType, outcome.output, example.reference) : valid ? 1 : 0;
    });
  }

  const [baselineTally, ...candidateTallies] = tallies;
  const ranked = options.candidates
    .map((candidate, index) => ({ candidate, tally: candidateTallies[index], index }))
    .sort((a, b) => {
      const sa = a.tally.scored > 0 ? a.tally.total / a.tally.scored : -1;
      const sb = b.tally.scored > 0 ? b.tally.total / b.tally.scored : -1;
      return sb - sa || a.index - b.index; // unscored keep the planner's order of preference
    });
  // A candidate that never produced a valid answer is not worth a trial slot.
  const eligible = ranked.filter((r) => r.tally.scored === 0 || r.tally.valid > 0);
  const keptSet = new Set(eligible.slice(0, options.keep).map((r) => r.candidate.name));
  const rejected = ranked.filter((r) => !keptSet.has(r.candidate.name) && r.tally.scored > 0).map((r) => ({ candidate: r.candidate, score: toScore(r.tally) }));

  return {
    mode,
    examples: examples.length,
    kept: ranked.filter((r) => keptSet.has(r.candidate.name)).map((r) => r.candidate),
    rejected,
    scores: candidateTallies.map(toScore),
    baselineScore: baselineTally.scored > 0 ? toScore(baselineTally) : null,
    spentUsd,
    budgetExhausted,
    stopped,
  };
}

/** The selection in plain words, for a message event. */
export function describeSelection(result: SelectionResult, baselineName: string): string {
  if (result.mode === 'none' || result.examples === 0) {
    return 'I did not score the candidates before deployment (no stored examples to replay, or scoring is switched off); the experiment will compare them.';
  }
  const what =
    result.mode === 'reference'
      ? `on ${result.examples} stored train examples with a known good answer (score = agreement with that answer)`
      : `on ${result.examples} stored train inputs; this function is judged per episode, so a single step has no reference answer and the score is the share of valid outputs — the experiment is the real trial`;
  const fmt = (s: VariantScore) => (s.score === null ? 'not scored' : `${s.score.toFixed(2)} (${s.valid}/${s.scored} valid)`);
  const lines = [`I scored the candidates ${what}:`];
  if (result.baselineScore) lines.push(`- ${baselineName} (current best): ${fmt(result.baselineScore)}`);
  const keptNames = new Set(result.kept.map((c) => c.name));
  for (const s of result.scores) lines.push(`- ${s.name}: ${fmt(s)}${keptNames.has(s.name) ? ' — kept' : ''}`);
  lines.push(`Scoring cost $${result.spentUsd.toFixed(4)}.${result.budgetExhausted ? ' The budget ran out before every example was scored.' : ''}`);
  if (result.rejected.length > 0) lines.push(`Not kept (and not proposed again): ${result.rejected.map((r) => r.candidate.name).join(', ')}.`);
  return lines.join('\n');
}

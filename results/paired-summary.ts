/**
 * The lines that open the end-of-run summary: per iteration the frozen policy's test metric,
 * its difference from the baseline on the same tasks with the 95% interval and p-value, the
 * verdict, and the cost per episode (docs/evaluation.md). Empty when no iteration has a paired
 * evaluation (a run restored from a snapshot made elsewhere).
 */
import type { PairedEvaluation, RecordedInterval } from '../evaluation/paired-record';
import { aggregateSeeds } from '../statistics/across-seeds';
import type { IterationRecord } from './iteration-record';

type Evaluated = Pick<IterationRecord, 'iteration_number' | 'paired_evaluation'>;

const TEST_LABELS: Record<NonNullable<PairedEvaluation['test']>, string> = {
  mcnemar_exact: 'McNemar exact',
  wilcoxon_signed_rank: 'Wilcoxon signed-rank',
};

function num(value: number | null, signed = false): string {
  if (value === null) return '?';
  const text = value.toFixed(3);
  return signed && value >= 0 ? `+${text}` : text;
}

function withInterval(interval: RecordedInterval, signed = false): string {
  return `${num(interval.mean, signed)} [${num(interval.ci[0], signed)}, ${num(interval.ci[1], signed)}]`;
}

function costText(paired: PairedEvaluation): string {
  const { tokens_per_episode: tokens, cost_per_episode_usd: usd } = paired.cost;
  const tokenText = tokens === null ? '? tokens' : `${Math.round(tokens)} tokens`;
  return `${usd === null ? 'cost unknown' : `$${usd.toFixed(6)}`}, ${tokenText}`;
}

function ms(value: number | null): string {
  return value === null ? '?' : `${Math.round(value)}`;
}

/** Latency of the policy, then cost and latency of each variant that served test episodes. */
function costLines(p: PairedEvaluation): string[] {
  const c = p.cost;
  const lines = [`       latency p50/p90 ${ms(c.latency_ms_p50)}/${ms(c.latency_ms_p90)} ms per inference, ${ms(c.episode_latency_ms_p50)}/${ms(c.episode_latency_ms_p90)} ms per episode`];
  for (const [variant, v] of Object.entries(p.cost_by_variant)) {
    const usd = v.cost_per_episode_usd === null ? 'cost unknown' : `$${v.cost_per_episode_usd.toFixed(6)}`;
    const tokens = v.tokens_per_episode === null ? '?' : Math.round(v.tokens_per_episode);
    lines.push(`         ${variant}: ${v.episodes} episodes, ${usd}, ${tokens} tokens/episode, p50/p90 ${ms(v.latency_ms_p50)}/${ms(v.latency_ms_p90)} ms per inference`);
  }
  return lines;
}

function verdict(paired: PairedEvaluation): string {
  if (paired.delta?.mean === null || paired.delta?.mean === undefined || paired.p_value === null) return '';
  const { verdict: v } = aggregateSeeds([{ seed: paired.seed, difference: paired.delta.mean, pValue: paired.p_value }], { optimize: paired.optimize });
  return v === 'no-significant-difference' ? 'no significant difference' : v;
}

function iterationLine(it: Evaluated & { paired_evaluation: PairedEvaluation }): string {
  const p = it.paired_evaluation;
  const head = `  ${String(it.iteration_number).padEnd(4)} ${withInterval(p.policy_metric).padEnd(24)}`;
  if (p.delta === null) return `${head} baseline (${p.policy.kind === 'frozen_routing' ? Object.keys(p.policy.routing).join(', ') : p.policy.kind}); ${costText(p)}/episode`;
  const test = p.test ? TEST_LABELS[p.test] : '';
  return `${head} Δ ${withInterval(p.delta, true)}, p = ${num(p.p_value)} (${test}) ${verdict(p)}; ${costText(p)}/episode`;
}

/** `perVariant: false` leaves out the cost and latency of each variant (the console's brief summary). */
export function pairedSummaryLines(iterations: readonly Evaluated[], options: { perVariant?: boolean } = {}): string[] {
  const evaluated = iterations.filter((it): it is Evaluated & { paired_evaluation: PairedEvaluation } => Boolean(it.paired_evaluation));
  if (evaluated.length === 0) return [];
  const first = evaluated[0].paired_evaluation;
  const repeats = first.repeats > 1 ? `, each run ${first.repeats} times` : '';
  const lines = [
    '',
    `The answer: frozen policy vs baseline on the same ${first.n_tasks} test tasks${repeats} (seed ${first.seed}), 95% intervals`,
    `  iter ${'policy metric'.padEnd(24)} difference from the baseline`,
  ];
  for (const it of evaluated) {
    lines.push(iterationLine(it), ...costLines(it.paired_evaluation).slice(0, options.perVariant === false ? 1 : undefined));
    const passK = it.paired_evaluation.pass_k;
    if (passK) lines.push(`       pass^${passK.k} ${passK.pass_hat_k.toFixed(3)}, pass@${passK.k} ${passK.pass_at_k.toFixed(3)}`);
  }
  return lines;
}

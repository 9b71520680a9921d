import type { IterationRecord } from './iteration-record';
import type { VariantMetrics } from './stats';
import { pairedSummaryLines } from './paired-summary';

/**
 * The end-of-run summary (reference/original-harness.md §9): a 72-column `=` frame that opens
 * with the paired evaluation's answer per iteration, then the original's per-variant blocks
 * with TEST, cumulative TRAIN and this iteration's TRAIN rollout rows for the configured metric.
 */

const HEAVY_RULE = '='.repeat(72);
const LIGHT_RULE = '-'.repeat(68);
const NAME_COLUMNS = 30;

export interface SummaryInput {
  /** the effective llmgym env (e.g. `harbor_v0`), not the dataset name */
  envName: string;
  runId: string;
  metricName: string;
  iterations: readonly IterationRecord[];
}

type SummaryIteration = Pick<
  IterationRecord,
  'iteration_number' | 'phase' | 'active_variants' | 'metrics' | 'autopilot_turns' | 'autopilot_config_writes' | 'autopilot_final_status'
> &
  Partial<Pick<IterationRecord, 'train_rollout_metrics' | 'paired_evaluation' | 'autopilot_fault' | 'autopilot_edits'>>;

function metricRows(metrics: VariantMetrics | null, metricName: string, missing: string): string[] {
  if (metrics === null || metrics === undefined) return [`    ${missing}`];
  const variants = metrics[metricName]?.variants ?? {};
  const names = Object.keys(variants).sort();
  if (names.length === 0) return ['    (no variant data)'];
  return names.map((name) => {
    const stat = variants[name];
    const ci = stat.ci_error === null || stat.ci_error === undefined ? '' : ` +/-${stat.ci_error.toFixed(3)}`;
    const episodes = stat.n_episodes ?? stat.n ?? '?';
    return `    ${name.padEnd(NAME_COLUMNS)} ${stat.mean.toFixed(3)}${ci} (${episodes} episodes)`;
  });
}

function iterationHeader(it: SummaryIteration): string {
  const header = `Iteration ${it.iteration_number} (${it.phase})`;
  if (it.phase !== 'post_autopilot') return header;
  const refused = it.autopilot_edits?.rejected.length ? `, ${it.autopilot_edits.rejected.length} refused` : '';
  const fault = it.autopilot_fault ? `, fault: ${it.autopilot_fault.kind}` : '';
  return `${header} [autopilot: ${it.autopilot_turns} turns, ${it.autopilot_config_writes} writes${refused}, ${it.autopilot_final_status}${fault}]`;
}

/**
 * The console's version of the summary: the frame, the paired answer without the per-variant
 * cost lines, and per iteration its header and TEST rows. The full one is results/summary.txt.
 */
export function renderBriefSummary(input: SummaryInput): string {
  const lines = [HEAVY_RULE, `Run Summary: ${input.envName} (run_id=${input.runId})`, `Metric: ${input.metricName}`, HEAVY_RULE];
  const iterations = input.iterations as readonly SummaryIteration[];
  lines.push(...pairedSummaryLines(iterations.map((it) => ({ iteration_number: it.iteration_number, paired_evaluation: it.paired_evaluation ?? null })), { perVariant: false }));
  for (const it of iterations) lines.push('', iterationHeader(it), ...metricRows(it.metrics.test, input.metricName, '(no test metrics)'));
  lines.push('', HEAVY_RULE);
  return lines.join('\n');
}

export function renderSummary(input: SummaryInput): string {
  const lines = [HEAVY_RULE, `Run Summary: ${input.envName} (run_id=${input.runId})`, `Metric: ${input.metricName}`, HEAVY_RULE];
  const iterations = input.iterations as readonly SummaryIteration[];
  lines.push(...pairedSummaryLines(iterations.map((it) => ({ iteration_number: it.iteration_number, paired_evaluation: it.paired_evaluation ?? null }))));
  for (const it of iterations) {
    lines.push(
      '',
      iterationHeader(it),
      `  Variants: ${it.active_variants.length > 0 ? it.active_variants.join(', ') : '(none)'}`,
      `  ${LIGHT_RULE}`,
      '  TEST:',
      ...metricRows(it.metrics.test, input.metricName, '(no test metrics)'),
      '  TRAIN (cumulative over the run, gateway store):',
      ...metricRows(it.metrics.train, input.metricName, '(no train metrics)'),
    );
    if (it.train_rollout_metrics) lines.push("  TRAIN (this iteration's rollout):", ...metricRows(it.train_rollout_metrics, input.metricName, ''));
  }
  lines.push('', HEAVY_RULE);
  return lines.join('\n');
}

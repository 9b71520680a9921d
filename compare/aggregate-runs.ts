/**
 * The across-runs answer: runs of one environment (one per seed) aggregated iteration by
 * iteration from their paired evaluation records. Pure: the runs come in loaded, the report
 * goes out as data (it is also the `compare --json` output, documented in compare/README.md).
 */
import { aggregateSeeds, type Optimize, type Verdict } from '../statistics/across-seeds';
import { DEFAULT_LEVEL } from '../statistics/types';
import { CompareError } from './compare-error';
import type { LoadedRun } from './load-run';
import type { PairedEvaluation } from './run-records';

export type MetricType = PairedEvaluation['metric_type'];

/** `[lower, upper]`; a bound is null when the data cannot give it. */
export type Bounds = [number | null, number | null];

export interface CompareRunEntry {
  dir: string;
  run_id: string;
  seed: number | null;
  status: string;
  /** iterations with a paired evaluation record */
  paired_iterations: number[];
  /** iterations recorded without one (runs from before the paired evaluation, or a test rollout that did not run) */
  unpaired_iterations: number[];
}

/** One seed's paired comparison at one iteration, as its run recorded it. */
export interface SeedResult {
  seed: number | null;
  dir: string;
  n_tasks: number;
  baseline: number | null;
  policy: number | null;
  /** policy − baseline on the same tasks; null at the baseline iteration */
  delta: number | null;
  delta_ci: Bounds | null;
  p_value: number | null;
  test: string | null;
  /** the seed's own paired test: p < alpha with the better sign, the worse sign, or neither */
  significant: 'improved' | 'worse' | null;
}

export interface IterationAggregate {
  iteration: number;
  /** runs with a comparison at this iteration (at the baseline: with a baseline measurement) */
  seeds: number;
  /** mean over seeds of each seed's baseline mean */
  baseline_mean: number | null;
  /** mean over seeds of each seed's policy mean */
  policy_mean: number | null;
  /** mean over seeds of Δ with a Student-t interval over seeds; null at the baseline */
  mean_delta: { estimate: number | null; ci: Bounds; method: string; n: number } | null;
  improved_significantly: number;
  worsened_significantly: number;
  /** null at the baseline iteration, which has nothing to compare */
  verdict: Verdict | null;
  verdict_line: string;
  per_seed: SeedResult[];
  /** runs that recorded this iteration without a usable comparison (listed, never silently dropped) */
  without_record: string[];
}

export interface CompareReport {
  environment: string;
  metric: { name: string; type: MetricType; optimize: Optimize };
  level: number;
  alpha: number;
  runs: CompareRunEntry[];
  iterations: IterationAggregate[];
  /** the verdict line of the last iteration that has a comparison: the answer after all iterations */
  final_verdict: string | null;
}

const mean = (values: number[]): number | null => (values.length === 0 ? null : values.reduce((sum, v) => sum + v, 0) / values.length);

export const signed = (value: number | null, digits = 3): string => (value === null ? 'n/a' : `${value >= 0 ? '+' : '−'}${Math.abs(value).toFixed(digits)}`);

/**
 * A mean Δ with its interval over seeds, e.g. "+0.120 (−0.254 to +0.494)". When every seed gave
 * the same Δ the interval is not a measured spread but the bound of statistics' no-spread rule
 * (mean-interval.ts noSpreadInterval) — or, for a metric without a known range, no interval at
 * all — and the text says so.
 */
export function deltaWithInterval(delta: { estimate: number | null; ci: Bounds; method: string } | null): string {
  if (!delta) return '—';
  const [lower, upper] = delta.ci;
  if (lower === null || upper === null) return signed(delta.estimate);
  const bounds = `${signed(lower)} to ${signed(upper)}`;
  if (delta.method === 'all-equal-bounded') return `${signed(delta.estimate)} (every seed equal; bound ${bounds})`;
  // a metric without a known range (float metrics): nothing bounds an unseen seed's Δ
  if (delta.method === 'degenerate') return `${signed(delta.estimate)} (every seed equal; no interval)`;
  return `${signed(delta.estimate)} (${bounds})`;
}
export const plain = (value: number | null, digits = 3): string => (value === null ? 'n/a' : value.toFixed(digits));
export const seedLabel = (seed: number | null): string => (seed === null ? 'no seed' : `seed ${seed}`);

function requireOne<T>(values: Map<T, string[]>, problem: 'mixed-environments' | 'mixed-metrics', what: string): T {
  if (values.size === 1) return [...values.keys()][0];
  const listing = [...values].map(([value, dirs]) => `  ${JSON.stringify(value)}: ${dirs.join(', ')}`).join('\n');
  throw new CompareError(problem, `runs of different ${what} cannot be aggregated; compare one at a time:\n${listing}`, {
    values: Object.fromEntries([...values].map(([value, dirs]) => [String(value), dirs])),
  });
}

/** Directories by value (each directory listed once per value), for the "do not mix" checks. */
function groupDirs<T>(pairs: Iterable<readonly [T, string]>): Map<T, string[]> {
  const groups = new Map<T, string[]>();
  for (const [value, dir] of pairs) {
    const dirs = groups.get(value) ?? [];
    if (!dirs.includes(dir)) dirs.push(dir);
    groups.set(value, dirs);
  }
  return groups;
}

function checkDistinctSeeds(runs: readonly LoadedRun[]): void {
  const seeded = runs.flatMap((run) => (run.seed === null ? [] : [[run.seed, run.dir] as const]));
  for (const [seed, dirs] of groupDirs(seeded)) {
    // The same seed draws the same tasks: two such runs are not independent replicates.
    if (dirs.length > 1) throw new CompareError('duplicate-seed', `seed ${seed} appears in ${dirs.length} runs; keep one of them:\n  ${dirs.join('\n  ')}`, { seed, dirs });
  }
}

function better(delta: number, optimize: Optimize): boolean {
  return optimize === 'max' ? delta > 0 : delta < 0;
}

function seedResult(run: LoadedRun, paired: PairedEvaluation, alpha: number): SeedResult {
  const delta = paired.delta?.mean ?? null;
  const p = paired.p_value;
  const significant = delta !== null && delta !== 0 && p !== null && p < alpha ? (better(delta, paired.optimize) ? 'improved' : 'worse') : null;
  return {
    seed: run.seed,
    dir: run.dir,
    n_tasks: paired.n_tasks,
    baseline: paired.baseline.mean,
    policy: paired.policy_metric.mean,
    delta,
    delta_ci: paired.delta?.ci ?? null,
    p_value: p,
    test: paired.test,
    significant,
  };
}

const VERDICT_WORDS: Record<Verdict, string> = { improved: 'improved', worse: 'worse', 'no-significant-difference': 'no significant difference' };

function verdictLine(iteration: number, metric: string, aggregate: Omit<IterationAggregate, 'verdict_line'>, level: number, alpha: number): string {
  const percent = `${Math.round(level * 100)}%`;
  if (aggregate.verdict === null) return `baseline: ${metric} ${plain(aggregate.baseline_mean)} (mean over ${aggregate.seeds} seed${aggregate.seeds === 1 ? '' : 's'})`;
  const words = VERDICT_WORDS[aggregate.verdict];
  if (aggregate.seeds === 1) {
    const only = aggregate.per_seed[0];
    const ci = only.delta_ci ? `, ${percent} CI ${signed(only.delta_ci[0])} to ${signed(only.delta_ci[1])}` : '';
    return `iteration ${iteration}: ${words} — Δ ${metric} ${signed(only.delta)}${ci}, p = ${plain(only.p_value, 4)} (${only.test ?? 'no test'}); one run (${seedLabel(only.seed)}), so its own paired test decides`;
  }
  const [lower, upper] = aggregate.mean_delta!.ci;
  const method = aggregate.mean_delta!.method;
  const spread =
    method === 'degenerate' ? 'every seed equal, no interval' : `${method === 'all-equal-bounded' ? `every seed equal, ${percent} bound` : `${percent} CI`} ${signed(lower)} to ${signed(upper)}`;
  return (
    `iteration ${iteration}: ${words} — mean Δ ${metric} ${signed(aggregate.mean_delta!.estimate)} (${spread}, t over ${aggregate.seeds} seeds); ` +
    `${aggregate.improved_significantly} of ${aggregate.seeds} seeds improved significantly (p < ${alpha}), ${aggregate.worsened_significantly} worsened`
  );
}

function aggregateIteration(iteration: number, runs: readonly LoadedRun[], metric: CompareReport['metric'], level: number, alpha: number): IterationAggregate {
  const withRecord: SeedResult[] = [];
  const withoutRecord: string[] = [];
  const isBaseline = iteration === 0;
  for (const run of runs) {
    const entry = run.iterations.find((it) => it.iteration === iteration);
    if (!entry) continue; // the run never got here (stopped early or fewer iterations)
    const usable = entry.paired !== null && (isBaseline ? entry.paired.baseline.mean !== null : entry.paired.delta?.mean != null && entry.paired.p_value !== null);
    if (usable) withRecord.push(seedResult(run, entry.paired!, alpha));
    else withoutRecord.push(run.dir);
  }
  const base = {
    iteration,
    seeds: withRecord.length,
    baseline_mean: mean(withRecord.flatMap((s) => (s.baseline === null ? [] : [s.baseline]))),
    policy_mean: isBaseline ? null : mean(withRecord.flatMap((s) => (s.policy === null ? [] : [s.policy]))),
    per_seed: withRecord,
    without_record: withoutRecord,
  };
  if (isBaseline || withRecord.length === 0) {
    const aggregate = { ...base, mean_delta: null, improved_significantly: 0, worsened_significantly: 0, verdict: null };
    const line = withRecord.length === 0 ? `iteration ${iteration}: no run recorded a paired evaluation` : verdictLine(iteration, metric.name, aggregate, level, alpha);
    return { ...aggregate, verdict_line: line };
  }
  const seeds = aggregateSeeds(
    withRecord.map((s, index) => ({ seed: s.seed ?? index, difference: s.delta!, pValue: s.p_value! })),
    { optimize: metric.optimize, level, alpha, differenceRange: metric.type === 'boolean' ? { min: -1, max: 1 } : undefined },
  );
  const aggregate = {
    ...base,
    mean_delta: { estimate: seeds.meanDifference.estimate, ci: [seeds.meanDifference.lower, seeds.meanDifference.upper] as Bounds, method: seeds.meanDifference.method, n: seeds.meanDifference.n },
    improved_significantly: seeds.improvedSignificantly,
    worsened_significantly: seeds.worsenedSignificantly,
    verdict: seeds.verdict,
  };
  return { ...aggregate, verdict_line: verdictLine(iteration, metric.name, aggregate, level, alpha) };
}

/**
 * Aggregates runs of one environment and one metric. Refuses mixed environments or metrics and
 * two runs with the same seed; runs without paired records are listed in the report, and at
 * least one run must have one.
 */
export function aggregateRuns(runs: readonly LoadedRun[], options: { level?: number } = {}): CompareReport {
  const level = options.level ?? DEFAULT_LEVEL;
  const alpha = Math.round((1 - level) * 1e9) / 1e9;
  if (runs.length === 0) throw new CompareError('no-run-dirs', 'no runs to compare');
  const environment = requireOne(groupDirs(runs.map((run) => [run.environment, run.dir] as const)), 'mixed-environments', 'environments');
  const metricName = requireOne(groupDirs(runs.map((run) => [run.metricName, run.dir] as const)), 'mixed-metrics', 'metrics');
  const records = runs.flatMap((run) => run.iterations.flatMap((it) => (it.paired ? [{ run, paired: it.paired }] : [])));
  if (records.length === 0) {
    throw new CompareError(
      'no-paired-records',
      `none of the ${runs.length} run(s) has a paired evaluation record in results/iterations.json (runs from before the paired evaluation cannot be compared):\n  ${runs.map((run) => run.dir).join('\n  ')}`,
      { dirs: runs.map((run) => run.dir) },
    );
  }
  const type = requireOne(groupDirs(records.map(({ run, paired }) => [paired.metric_type, run.dir] as const)), 'mixed-metrics', 'metric types');
  const optimize = requireOne(groupDirs(records.map(({ run, paired }) => [paired.optimize, run.dir] as const)), 'mixed-metrics', 'optimisation directions');
  checkDistinctSeeds(runs);

  const metric = { name: metricName, type, optimize };
  const numbers = [...new Set(runs.flatMap((run) => run.iterations.map((it) => it.iteration)))].sort((a, b) => a - b);
  const iterations = numbers.map((n) => aggregateIteration(n, runs, metric, level, alpha));
  const last = [...iterations].reverse().find((it) => it.verdict !== null);
  return {
    environment,
    metric,
    level,
    alpha,
    runs: runs.map((run) => ({
      dir: run.dir,
      run_id: run.runId,
      seed: run.seed,
      status: run.status,
      paired_iterations: run.iterations.filter((it) => it.paired !== null).map((it) => it.iteration),
      unpaired_iterations: run.iterations.filter((it) => it.paired === null).map((it) => it.iteration),
    })),
    iterations,
    final_verdict: last?.verdict_line ?? null,
  };
}

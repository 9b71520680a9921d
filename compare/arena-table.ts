/**
 * The arena's ranked table: per autopilot the final Δ vs baseline (mean over seeds with its
 * t-interval, from compare/), wins and losses against every other autopilot on the same test
 * tasks (same seed → same tasks; per task the final policies' values are compared), model calls
 * and cost spent through the harness (`autopilot_budget` in iterations.json), and wall time.
 */
import { readFileSync, existsSync } from 'node:fs';
import * as path from 'node:path';
import { compareRunDirs } from './compare-runs';
import { findRunDirs } from './find-run-dirs';
import { deltaWithInterval, plain, signed, type Bounds, type CompareReport, type IterationAggregate } from './aggregate-runs';
import { outcomesFilePath, type OutcomesFile } from '../evaluation/outcomes-file';

export interface ArenaEntry {
  name: string;
  /** the directory holding this autopilot's runs (one per seed) */
  dir: string;
  wall_seconds: number;
}

export interface ArenaRow {
  rank: number;
  autopilot: string;
  seeds: number;
  final_iteration: number;
  baseline_mean: number | null;
  policy_mean: number | null;
  mean_delta: number | null;
  delta_ci: Bounds | null;
  /** how the interval was made: 't' over seeds, or 'all-equal-bounded' when every seed gave the same Δ */
  delta_method: string | null;
  seeds_improved: number;
  /** per other autopilot: tasks where this one's final policy did better / worse (summed over shared seeds) */
  versus: Record<string, { wins: number; losses: number; ties: number }>;
  /** summed over iterations and seeds; null when no session was metered (external autopilots) */
  model_calls: number | null;
  cost_usd: number | null;
  budget_stops: number;
  wall_seconds: number;
}

export interface ArenaReport {
  environment: string;
  metric: { name: string; optimize: 'max' | 'min' };
  rows: ArenaRow[];
}

interface RunFacts {
  seed: number | null;
  /** task id → mean value at the final iteration */
  outcomes: Map<string, number>;
  calls: number | null;
  cost: number | null;
  stops: number;
}

function readRunFacts(runDir: string, finalIteration: number): RunFacts {
  const run = JSON.parse(readFileSync(path.join(runDir, 'results', 'run.json'), 'utf8')) as { seed: number | null };
  const iterations = JSON.parse(readFileSync(path.join(runDir, 'results', 'iterations.json'), 'utf8')) as Array<{
    autopilot_budget?: { model_calls: number; cost_usd: number; stopped: boolean } | null;
  }>;
  const metered = iterations.map((i) => i.autopilot_budget).filter((b): b is NonNullable<typeof b> => !!b);
  const file = outcomesFilePath(runDir, finalIteration);
  const outcomes = new Map<string, number>();
  if (existsSync(file)) {
    for (const o of (JSON.parse(readFileSync(file, 'utf8')) as OutcomesFile).outcomes) {
      const values = o.values.filter((v): v is number => v !== null);
      if (values.length > 0) outcomes.set(o.taskId, values.reduce((a, b) => a + b, 0) / values.length);
    }
  }
  return {
    seed: run.seed,
    outcomes,
    calls: metered.length ? metered.reduce((s, b) => s + b.model_calls, 0) : null,
    cost: metered.length ? metered.reduce((s, b) => s + b.cost_usd, 0) : null,
    stops: metered.filter((b) => b.stopped).length,
  };
}

export async function buildArenaReport(entries: readonly ArenaEntry[]): Promise<ArenaReport> {
  const loaded: { entry: ArenaEntry; report: CompareReport; last: IterationAggregate; runs: RunFacts[] }[] = [];
  for (const entry of entries) {
    const report = await compareRunDirs([entry.dir]);
    const last = report.iterations[report.iterations.length - 1];
    const runs = (await findRunDirs([entry.dir])).map((dir) => readRunFacts(dir, last.iteration));
    loaded.push({ entry, report, last, runs });
  }
  const optimize = loaded[0]?.report.metric.optimize ?? 'max';
  const better = (a: number, b: number) => (optimize === 'max' ? a > b : a < b);
  const rows: ArenaRow[] = loaded.map(({ entry, last, runs }) => {
    const versus: ArenaRow['versus'] = {};
    for (const other of loaded) {
      if (other.entry.name === entry.name) continue;
      const tally = { wins: 0, losses: 0, ties: 0 };
      for (const mine of runs) {
        const theirs = other.runs.find((r) => r.seed === mine.seed && mine.seed !== null);
        if (!theirs) continue;
        for (const [task, value] of mine.outcomes) {
          const their = theirs.outcomes.get(task);
          if (their === undefined) continue;
          if (better(value, their)) tally.wins++;
          else if (better(their, value)) tally.losses++;
          else tally.ties++;
        }
      }
      versus[other.entry.name] = tally;
    }
    const sum = (pick: (r: RunFacts) => number | null) => {
      const values = runs.map(pick).filter((v): v is number => v !== null);
      return values.length ? values.reduce((a, b) => a + b, 0) : null;
    };
    return {
      rank: 0,
      autopilot: entry.name,
      seeds: last.seeds,
      final_iteration: last.iteration,
      baseline_mean: last.baseline_mean,
      policy_mean: last.policy_mean,
      mean_delta: last.mean_delta?.estimate ?? null,
      delta_ci: last.mean_delta?.ci ?? null,
      delta_method: last.mean_delta?.method ?? null,
      seeds_improved: last.improved_significantly,
      versus,
      model_calls: sum((r) => r.calls),
      cost_usd: sum((r) => r.cost),
      budget_stops: runs.reduce((s, r) => s + r.stops, 0),
      wall_seconds: entry.wall_seconds,
    };
  });
  // best Δ first (in the metric's good direction); autopilots without a Δ last
  const key = (r: ArenaRow) => (r.mean_delta === null ? -Infinity : optimize === 'max' ? r.mean_delta : -r.mean_delta);
  rows.sort((a, b) => key(b) - key(a) || a.autopilot.localeCompare(b.autopilot));
  rows.forEach((r, i) => (r.rank = i + 1));
  return { environment: loaded[0]?.report.environment ?? '', metric: { name: loaded[0]?.report.metric.name ?? '', optimize }, rows };
}

export function renderArenaMarkdown(report: ArenaReport): string {
  const names = report.rows.map((r) => r.autopilot);
  const head = `| rank | autopilot | ${report.metric.name} baseline → policy | mean Δ (95% CI over seeds) | seeds improved | ${names.map((n) => `vs ${n} (W/L)`).join(' | ')} | model calls | cost USD | budget stops | wall s |`;
  const rule = `|${'---|'.repeat(9 + names.length)}`;
  const lines = report.rows.map((r) => {
    const vs = names.map((n) => (n === r.autopilot ? '—' : `${r.versus[n]?.wins ?? 0}/${r.versus[n]?.losses ?? 0}`));
    return `| ${r.rank} | ${r.autopilot} | ${plain(r.baseline_mean)} → ${plain(r.policy_mean)} | ${r.delta_ci ? deltaWithInterval({ estimate: r.mean_delta, ci: r.delta_ci, method: r.delta_method ?? 't' }) : signed(r.mean_delta)} | ${r.seeds_improved} of ${r.seeds} | ${vs.join(' | ')} | ${r.model_calls ?? 'n/a'} | ${r.cost_usd === null ? 'n/a' : r.cost_usd.toFixed(4)} | ${r.budget_stops} | ${r.wall_seconds.toFixed(0)} |`;
  });
  return [`${report.environment}, metric ${report.metric.name} (${report.metric.optimize === 'max' ? 'higher' : 'lower'} is better); W/L = test tasks where the row's final policy beat / lost to the column's, paired by seed`, '', head, rule, ...lines].join('\n');
}

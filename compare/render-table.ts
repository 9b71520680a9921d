import { plain, seedLabel, signed, type CompareReport, type IterationAggregate } from './aggregate-runs';

/** The `compare` output for people: one row per iteration, each seed's comparison, then the verdict lines. */

const VERDICT_CELL = { improved: 'improved', worse: 'worse', 'no-significant-difference': 'no sig. difference' } as const;

function pad(cells: string[][]): string[] {
  const widths = cells[0].map((_, column) => Math.max(...cells.map((row) => row[column].length)));
  return cells.map((row) => row.map((cell, column) => cell.padEnd(widths[column])).join('  ').trimEnd());
}


const interval = (bounds: [number | null, number | null] | null | undefined) => (bounds && bounds[0] !== null && bounds[1] !== null ? `[${signed(bounds[0])}, ${signed(bounds[1])}]` : 'n/a');

/** Every seed equal: the no-spread rule's bound, or — without a known metric range — no interval at all. */
function intervalCell(delta: NonNullable<IterationAggregate['mean_delta']>): string {
  if (delta.method === 'degenerate') return 'none (every seed equal)';
  return delta.method === 'all-equal-bounded' ? `${interval(delta.ci)} (bound: every seed equal)` : interval(delta.ci);
}

function iterationRow(it: IterationAggregate): string[] {
  const isBaseline = it.iteration === 0;
  return [
    String(it.iteration),
    String(it.seeds),
    plain(it.baseline_mean),
    isBaseline ? '—' : plain(it.policy_mean),
    it.mean_delta ? signed(it.mean_delta.estimate) : '—',
    it.mean_delta ? intervalCell(it.mean_delta) : '—',
    isBaseline || it.seeds === 0 ? '—' : `${it.improved_significantly}/${it.seeds}`,
    it.verdict ? VERDICT_CELL[it.verdict] : isBaseline ? 'baseline' : 'no record',
  ];
}

export function renderCompareTable(report: CompareReport): string {
  const direction = report.metric.optimize === 'max' ? 'higher is better' : 'lower is better';
  const seeds = report.runs.map((run) => seedLabel(run.seed)).join(', ');
  const percent = `${Math.round(report.level * 100)}%`;
  const lines = [
    `Compare: ${report.environment} — ${report.metric.name} (${report.metric.type}, ${direction}); ${report.runs.length} run${report.runs.length === 1 ? '' : 's'} (${seeds})`,
    '',
    ...pad([
      ['iteration', 'seeds', 'baseline', 'policy', 'mean Δ', `${percent} CI (t over seeds)`, `improved (p < ${report.alpha})`, 'verdict'],
      ...report.iterations.map(iterationRow),
    ]),
    '',
    'Per seed (Δ = policy − baseline on the same test tasks, paired CI, p-value of the paired test):',
  ];
  for (const it of report.iterations.filter((i) => i.iteration > 0)) {
    for (const s of it.per_seed) {
      lines.push(
        `  iteration ${it.iteration}, ${seedLabel(s.seed)}: ${plain(s.baseline)} → ${plain(s.policy)}, Δ ${signed(s.delta)} ${interval(s.delta_ci)}, p = ${plain(s.p_value, 4)} (${s.test ?? 'no test'}, ${s.n_tasks} tasks)${s.significant ? ` — ${s.significant} significantly` : ''}`,
      );
    }
  }
  const missing = report.iterations.flatMap((it) => it.without_record.map((dir) => `  iteration ${it.iteration}: ${dir}`));
  if (missing.length > 0) lines.push('', 'Without a paired evaluation record (older runs, or no test rollout), left out of the aggregate:', ...missing);
  lines.push('', ...report.iterations.map((it) => it.verdict_line));
  if (report.final_verdict) lines.push('', `Verdict: ${report.final_verdict}`);
  return lines.join('\n');
}

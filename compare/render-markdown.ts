import { deltaWithInterval, plain, seedLabel, signed, type CompareReport } from './aggregate-runs';

/**
 * The `compare` aggregate as a Markdown table ready to paste into a README: per iteration the
 * mean over seeds, the mean Δ with its t-interval, each seed's Δ and p, and the verdict.
 */
export function renderCompareMarkdown(report: CompareReport): string {
  const seeds = [...new Set(report.runs.map((run) => run.seed))];
  const percent = `${Math.round(report.level * 100)}%`;
  const header = [
    'iteration',
    `${report.metric.name} baseline → policy (mean over seeds)`,
    `mean Δ (${percent} CI, t over seeds)`,
    ...seeds.map((seed) => (seed === null ? 'no seed: Δ (p)' : `seed ${seed}: Δ (p)`)),
    `seeds improved (p < ${report.alpha})`,
    'verdict',
  ];
  const rows = report.iterations.map((it) => {
    const perSeed = seeds.map((seed) => {
      const s = it.per_seed.find((r) => r.seed === seed);
      if (!s) return '—';
      return it.iteration === 0 ? plain(s.baseline) : `${signed(s.delta)} (${plain(s.p_value, 3)})`;
    });
    if (it.iteration === 0) return [String(it.iteration), plain(it.baseline_mean), '—', ...perSeed, '—', 'baseline'];
    return [
      String(it.iteration),
      `${plain(it.baseline_mean)} → ${plain(it.policy_mean)}`,
      deltaWithInterval(it.mean_delta),
      ...perSeed,
      `${it.improved_significantly} of ${it.seeds}`,
      it.verdict ? it.verdict.replace(/-/g, ' ') : 'no record',
    ];
  });
  const table = [header, header.map(() => '---'), ...rows].map((row) => `| ${row.join(' | ')} |`);
  const unpaired = report.runs.filter((run) => run.unpaired_iterations.length > 0);
  const notes = [
    ...(unpaired.length > 0 ? ['', ...unpaired.map((run) => `Without a paired evaluation record at iteration ${run.unpaired_iterations.join(', ')}: ${seedLabel(run.seed)} (${run.dir}).`)] : []),
    ...(report.final_verdict ? ['', `Verdict: ${report.final_verdict}`] : []),
  ];
  return [...table, ...notes].join('\n');
}

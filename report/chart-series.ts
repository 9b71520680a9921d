import type { ReportData } from './report-data';

/** One plotted line: its label, its values aligned with the chart's x values, and how to draw it. */
export interface ChartSeries {
  label: string;
  values: (number | null)[];
  color: string;
  dash: boolean;
  /** a thin line for an interval bound */
  bound: boolean;
}

export interface ChartSpec {
  id: string;
  title: string;
  yLabel: string;
  x: number[];
  series: ChartSeries[];
}

const PALETTE = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#ff7f0e', '#17becf', '#8c564b', '#e377c2'];

/**
 * The two charts as data for uPlot: the learning curve (test and train per run, with interval
 * bounds, and the pooled mean over seeds) and the paired Δ vs baseline with its CI. Computed
 * here so the page only draws, and so a test can read exactly what was plotted.
 */
export function chartSpecs(data: ReportData): ChartSpec[] {
  const x = [...new Set(data.runs.flatMap((r) => r.iterations.map((i) => i.iteration)))].sort((a, b) => a - b);
  const metric = data.runs[0]?.metricName ?? 'metric';
  const align = (pick: (iteration: number) => number | null | undefined) => x.map((k) => pick(k) ?? null);
  const learning: ChartSeries[] = [];
  const delta: ChartSeries[] = [];
  data.runs.forEach((run, index) => {
    const color = PALETTE[index % PALETTE.length];
    const at = (k: number) => run.iterations.find((i) => i.iteration === k);
    learning.push({ label: `${run.label} test`, values: align((k) => at(k)?.test?.mean), color, dash: false, bound: false });
    learning.push({ label: `${run.label} test lower`, values: align((k) => at(k)?.test?.lower), color, dash: true, bound: true });
    learning.push({ label: `${run.label} test upper`, values: align((k) => at(k)?.test?.upper), color, dash: true, bound: true });
    if (run.iterations.some((i) => i.train)) learning.push({ label: `${run.label} train`, values: align((k) => at(k)?.train?.mean), color, dash: true, bound: false });
    if (run.iterations.some((i) => i.paired?.delta)) {
      delta.push({ label: `${run.label} Δ`, values: align((k) => at(k)?.paired?.delta?.mean), color, dash: false, bound: false });
      delta.push({ label: `${run.label} Δ lower`, values: align((k) => at(k)?.paired?.delta?.ci?.[0]), color, dash: true, bound: true });
      delta.push({ label: `${run.label} Δ upper`, values: align((k) => at(k)?.paired?.delta?.ci?.[1]), color, dash: true, bound: true });
    }
  });
  if (data.pooled) {
    const at = (k: number) => data.pooled?.find((p) => p.iteration === k);
    learning.push({ label: 'pooled mean test', values: align((k) => (k === 0 ? at(k)?.baselineMean : at(k)?.policyMean)), color: '#000000', dash: false, bound: false });
    delta.push({ label: 'mean Δ over seeds', values: align((k) => at(k)?.meanDelta?.estimate), color: '#000000', dash: false, bound: false });
    delta.push({ label: 'mean Δ lower', values: align((k) => at(k)?.meanDelta?.lower), color: '#000000', dash: true, bound: true });
    delta.push({ label: 'mean Δ upper', values: align((k) => at(k)?.meanDelta?.upper), color: '#000000', dash: true, bound: true });
  }
  const specs: ChartSpec[] = [{ id: 'learning-curve', title: `Learning curve: ${metric} per iteration`, yLabel: metric, x, series: learning }];
  if (delta.length > 0) specs.push({ id: 'paired-delta', title: `Paired Δ ${metric} vs baseline (policy − baseline, same test tasks)`, yLabel: `Δ ${metric}`, x, series: delta });
  return specs;
}

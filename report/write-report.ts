import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { writeFileAtomic } from '../common/atomic-write';
import { CompareError } from '../compare/compare-error';
import { compareRunDirs } from '../compare/compare-runs';
import { findRunDirs } from '../compare/find-run-dirs';
import { chartSpecs } from './chart-series';
import { loadReportRun } from './load-report-run';
import type { PooledIteration, ReportData } from './report-data';
import { renderReportHtml, type InlineAssets } from './render-html';

/** The report's file name inside a run's work dir. */
export const REPORT_FILE = 'report.html';
/** Where the Temporal Web UI is unless told otherwise (the dev server's default). */
export const DEFAULT_UI_URL = process.env.TEMPORAL_UI_URL ?? 'http://localhost:8233';

async function readAssets(): Promise<InlineAssets> {
  const dist = path.dirname(require.resolve('uplot/dist/uPlot.iife.min.js'));
  const [uplotJs, uplotCss] = await Promise.all([fs.readFile(path.join(dist, 'uPlot.iife.min.js'), 'utf8'), fs.readFile(path.join(dist, 'uPlot.min.css'), 'utf8')]);
  return { uplotJs, uplotCss };
}

/** The across-seeds view from compare/, or why there is none (a single run, or runs compare refuses). */
async function pooledView(dirs: string[]): Promise<{ pooled: PooledIteration[] | null; note: string | null }> {
  if (dirs.length < 2) return { pooled: null, note: null };
  try {
    const report = await compareRunDirs(dirs);
    const pooled = report.iterations.map((it) => ({
      iteration: it.iteration,
      seeds: it.seeds,
      policyMean: it.policy_mean,
      baselineMean: it.baseline_mean,
      meanDelta: it.mean_delta ? { estimate: it.mean_delta.estimate, lower: it.mean_delta.ci[0], upper: it.mean_delta.ci[1] } : null,
      verdict: it.verdict,
    }));
    return { pooled, note: null };
  } catch (err) {
    if (err instanceof CompareError) return { pooled: null, note: `No pooled view across runs: ${err.message}` };
    throw err;
  }
}

export interface ReportOptions {
  uiUrl?: string;
  now?: Date;
}

/** Finds the run directories under `paths`, reads them and returns the report page. */
export async function buildReport(paths: readonly string[], options: ReportOptions = {}): Promise<string> {
  const dirs = await findRunDirs(paths);
  const runs = [];
  for (const dir of dirs) runs.push(await loadReportRun(dir, options.uiUrl ?? DEFAULT_UI_URL));
  const { pooled, note } = await pooledView(dirs);
  const environments = [...new Set(runs.map((r) => r.environment))].join(', ');
  const data: ReportData = {
    title: `Autopilot benchmark: ${environments}${runs.length > 1 ? ` (${runs.length} runs)` : ` (${runs[0]?.label ?? ''})`}`,
    generatedAt: (options.now ?? new Date()).toISOString(),
    runs,
    pooled,
    pooledNote: note,
  };
  return renderReportHtml(data, chartSpecs(data), await readAssets());
}

/** Writes the report for `paths` to `outFile` atomically (a reader never sees half a page) and returns its path. */
export async function writeReport(paths: readonly string[], outFile: string, options: ReportOptions = {}): Promise<string> {
  const html = await buildReport(paths, options);
  const target = path.resolve(outFile);
  await writeFileAtomic(target, html);
  return target;
}

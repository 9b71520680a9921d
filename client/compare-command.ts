import { compareRunDirs } from '../compare/compare-runs';
import { renderCompareMarkdown } from '../compare/render-markdown';
import { renderCompareTable } from '../compare/render-table';
import type { Output } from './run-command';

export interface CompareCommandOptions {
  dirs: string[];
  /** print the report as JSON (compare/README.md documents it) */
  json?: boolean;
  /** print a Markdown table instead of the text table */
  markdown?: boolean;
}

/** `autopilot-benchmark compare <dir>…`: aggregates the runs found under `dirs` and prints the result. */
export async function compareCommand(options: CompareCommandOptions, out: Output): Promise<void> {
  const report = await compareRunDirs(options.dirs);
  if (options.json) out(JSON.stringify(report, null, 2));
  else if (options.markdown) out(renderCompareMarkdown(report));
  else out(renderCompareTable(report));
}

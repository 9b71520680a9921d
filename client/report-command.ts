import * as path from 'node:path';
import { REPORT_FILE, writeReport } from '../report/write-report';
import type { Output } from './run-command';

export interface ReportCommandOptions {
  dirs: string[];
  /** the HTML file to write; default `report.html` in the current directory */
  out?: string;
  /** base URL of the Temporal Web UI the workflow links point at */
  uiUrl?: string;
}

/** `autopilot-benchmark report <dir>…`: one self-contained HTML page for the runs under `dirs`. */
export async function reportCommand(options: ReportCommandOptions, out: Output): Promise<void> {
  const written = await writeReport(options.dirs, options.out ?? path.resolve(REPORT_FILE), { uiUrl: options.uiUrl });
  out(`Report written: ${written} (open it in a browser: file://${written})`);
}

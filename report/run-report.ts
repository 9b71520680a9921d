import { Context } from '@temporalio/activity';
import * as path from 'node:path';
import { writeJsonAtomic } from '../common/atomic-write';
import { getLogger } from '../common/logger';
import { workflowJsonPath } from './load-report-run';
import { REPORT_FILE, writeReport } from './write-report';

const log = getLogger('report');

/** Inside an activity: which workflow owns this run, so the report can link to its Web UI page. */
async function recordWorkflow(workDir: string): Promise<void> {
  let info;
  try {
    info = Context.current().info;
  } catch {
    return; // not inside an activity (a test calling the step directly)
  }
  if (!info.workflowExecution) return; // a standalone activity has no workflow to link to
  await writeJsonAtomic(workflowJsonPath(workDir), { workflow_id: info.workflowExecution.workflowId, namespace: info.namespace });
}

/**
 * Writes `<workDir>/report.html` after a step and logs its path. A report is a view of the
 * artifacts, never part of the result: if it cannot be written the run goes on and says why.
 */
export async function writeRunReport(workDir: string): Promise<string | null> {
  const file = path.join(path.resolve(workDir), REPORT_FILE);
  try {
    await recordWorkflow(workDir);
    await writeReport([workDir], file);
    log.info(`Report: ${file}`);
    return file;
  } catch (err) {
    log.warn(`report not written (${file}): ${(err as Error).message}`);
    return null;
  }
}

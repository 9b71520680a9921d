import { createRunRecorder } from '../../results/recorder';
import { renderSummary } from '../../results/summary';
import { effectiveLlmgymEnv } from '../../config/derived';
import { getLogger } from '../../common/logger';
import { writeRunReport } from '../../report/run-report';
import { writeFileAtomic } from '../../common/atomic-write';
import { summaryTxtPath } from '../../results/paths';
import type { BenchmarkRunInput } from '../../workflows/shared';

const log = getLogger('run');

/** Marks the run completed or failed, writes report.html, and returns the end-of-run summary table (original-harness.md §9). */
export async function finishRun(input: BenchmarkRunInput, status: 'completed' | 'failed' | 'cancelled'): Promise<string> {
  const recorder = createRunRecorder(input.workDir);
  const summary = renderSummary({
    envName: effectiveLlmgymEnv(input.env),
    runId: input.runId,
    metricName: input.env.metric_name,
    iterations: await recorder.readIterations(),
  });
  if (status === 'completed') log.info('\n' + summary);
  await writeFileAtomic(summaryTxtPath(input.workDir), summary + '\n');
  await recorder.finishRun(status);
  await writeRunReport(input.workDir);
  return summary;
}

import type { Client } from '@temporalio/client';
import { BenchEnvironment, BenchStatus, decideUpdate, progressQuery, type OperatorDecision, type RunProgress } from '../workflows/shared';
import type { benchmarkRun } from '../workflows';
import { currentStepProgress } from './follow-run';
import type { Output } from './run-command';
import { withTemporal } from './temporal-session';
import { DecisionRejectedError } from './decision-rejected-error';

/** `autopilot-benchmark status [workflow-id]`: one run in detail, or the recent runs. */
export async function statusCommand(workflowId: string | undefined, out: Output): Promise<void> {
  await withTemporal({ localWorker: false, startServer: false }, async ({ client }) => {
    if (workflowId) out(await describeRun(client, workflowId));
    else out(await listRuns(client));
  });
}

/** `autopilot-benchmark retry|skip|abort <workflow-id>`: decides on a failed iteration. */
export async function decideCommand(workflowId: string, decision: OperatorDecision, out: Output): Promise<void> {
  await withTemporal({ localWorker: false, startServer: false }, async ({ client }) => {
    const handle = client.workflow.getHandle<typeof benchmarkRun>(workflowId);
    try {
      out(await handle.executeUpdate(decideUpdate, { args: [decision] }));
    } catch (err) {
      const cause = (err as { cause?: { message?: string } }).cause?.message;
      throw new DecisionRejectedError(workflowId, decision, cause ?? (err as Error).message);
    }
  });
}

async function listRuns(client: Client): Promise<string> {
  const lines = ['WORKFLOW ID'.padEnd(56) + 'STATUS'.padEnd(20) + 'ENVIRONMENT'.padEnd(24) + 'STARTED'];
  let count = 0;
  for await (const wf of client.workflow.list({ query: 'WorkflowType="benchmarkRun"' })) {
    const status = wf.typedSearchAttributes.get(BenchStatus) ?? wf.status.name.toLowerCase();
    const env = wf.typedSearchAttributes.get(BenchEnvironment) ?? '';
    lines.push(wf.workflowId.padEnd(56) + String(status).padEnd(20) + String(env).padEnd(24) + wf.startTime.toISOString());
    if (++count >= 20) break;
  }
  return count === 0 ? 'no benchmark runs yet' : lines.join('\n');
}

function formatProgress(p: RunProgress): string[] {
  const where = p.iteration > 0 ? `iteration ${p.iteration}/${p.totalIterations} (${p.phase})` : p.phase;
  const lines = [`phase:       ${where}`, `worker:      ${p.workerQueue ?? '-'}`];
  if (p.latestMetrics) {
    const fmt = (v: number | null) => (v === null ? 'n/a' : v.toFixed(3));
    lines.push(`latest:      iteration ${p.latestMetrics.iteration} — train ${fmt(p.latestMetrics.train)}, test ${fmt(p.latestMetrics.test)}`);
  }
  lines.push(`checkpoint:  ${p.checkpoint ? `${p.checkpoint.dir} (iteration ${p.checkpoint.iteration})` : '-'}`);
  lines.push(`recoveries:  ${p.recoveries}`);
  if (p.skippedIterations.length) lines.push(`skipped:     ${p.skippedIterations.join(', ')}`);
  if (p.lastError) lines.push(`last error:  ${p.lastError}`);
  if (p.awaitingDecision) {
    lines.push(`WAITING FOR A DECISION on iteration ${p.awaitingDecision.iteration} until ${p.awaitingDecision.deadline}:`);
    lines.push(`  autopilot-benchmark retry|skip|abort <workflow-id>`);
  }
  return lines;
}

async function describeRun(client: Client, workflowId: string): Promise<string> {
  const handle = client.workflow.getHandle<typeof benchmarkRun>(workflowId);
  const description = await handle.describe();
  const memo = (description.memo ?? {}) as Record<string, unknown>;
  const lines = [
    `workflow:    ${workflowId}`,
    `status:      ${description.status.name}${description.typedSearchAttributes.get(BenchStatus) ? ` (${description.typedSearchAttributes.get(BenchStatus)})` : ''}`,
    `environment: ${memo.environment ?? '-'}`,
    `config:      ${memo.config ?? '-'}`,
    `work dir:    ${memo.workDir ?? '-'}`,
  ];
  if (description.status.name === 'RUNNING') {
    try {
      lines.push(...formatProgress(await handle.query(progressQuery)));
      const step = await currentStepProgress(handle);
      if (step?.total) lines.push(`episodes:    ${step.done ?? 0}/${step.total} (${step.step})`);
      else if (step?.step) lines.push(`step:        ${step.step}`);
    } catch (err) {
      lines.push(`progress:    unavailable (${(err as Error).message}); is a worker running?`);
    }
  }
  return lines.join('\n');
}

import { WorkflowUpdateRPCTimeoutOrCancelledError, type Client, type WorkflowHandle } from '@temporalio/client';
import { Environment, BenchStatus, decideSignal, decideUpdate, phaseLabel, type OperatorDecision, type RunProgress } from '../workflows/shared';
import type { benchmarkRun } from '../workflows';
import { currentStepProgress, queryProgress } from './follow-run';
import type { Output } from './run-command';
import { withTemporal } from './temporal-session';
import { DecisionRejectedError } from './decision-rejected-error';
import { awaitingDecisionOf, decisionNotice } from './decision-notice';
import { settleRunRecord } from './settle-closed-runs';

/** How long `retry|skip|abort` waits for a worker to answer the update before recording a signal. */
export const UPDATE_ANSWER_MS = 5000;

/** `autopilot-benchmark status [workflow-id]`: one run in detail, or the recent runs. */
export async function statusCommand(workflowId: string | undefined, out: Output): Promise<void> {
  await withTemporal({ localWorker: false, startServer: false }, async ({ client }) => {
    if (workflowId) out(await describeRun(client, workflowId));
    else out(await listRuns(client));
  });
}

/**
 * `autopilot-benchmark retry|skip|abort <workflow-id>`: decides on a failed iteration. A worker
 * answers the update at once; when none answers within UPDATE_ANSWER_MS the decision is sent as
 * a signal, stored in the run's history and taken when a worker holds the run again, and `abort`
 * then also terminates the run so it ends now.
 */
export async function decideCommand(workflowId: string, decision: OperatorDecision, out: Output): Promise<void> {
  await withTemporal({ localWorker: false, startServer: false }, async ({ client }) => {
    const handle = client.workflow.getHandle<typeof benchmarkRun>(workflowId);
    const refuse = (reason: string) => new DecisionRejectedError(workflowId, decision, reason);
    const description = await handle.describe().catch((err: Error) => {
      throw refuse(err.message);
    });
    if (description.status.name !== 'RUNNING') throw refuse(`the run is ${description.status.name.toLowerCase()}`);
    const awaiting = awaitingDecisionOf(description.memo);
    if (!awaiting) throw refuse(`no failed iteration is waiting for a decision (status: ${description.typedSearchAttributes.get(BenchStatus) ?? 'running'})`);
    try {
      out(await client.withDeadline(Date.now() + UPDATE_ANSWER_MS, () => handle.executeUpdate(decideUpdate, { args: [decision] })));
      return;
    } catch (err) {
      if (!(err instanceof WorkflowUpdateRPCTimeoutOrCancelledError)) {
        const cause = (err as { cause?: { message?: string } }).cause?.message;
        throw refuse(cause ?? (err as Error).message);
      }
    }
    await handle.signal(decideSignal, decision);
    if (decision !== 'abort') {
      out(`${decision} recorded for iteration ${awaiting.iteration}: no worker answered within ${UPDATE_ANSWER_MS / 1000} s, so the run takes it when a worker holds it again`);
      return;
    }
    // Nobody may bring a worker back: end the run now; the reason stays in its history.
    await handle.terminate(`aborted by an operator while no worker answered; iteration ${awaiting.iteration} had failed in ${awaiting.step}: ${awaiting.error}`);
    await settleRunRecord(description.memo?.workDir, 'TERMINATED', new Date());
    out(`abort: no worker answered within ${UPDATE_ANSWER_MS / 1000} s, so the run was terminated (run.json status: terminated)`);
  });
}

async function listRuns(client: Client): Promise<string> {
  const lines = ['WORKFLOW ID'.padEnd(56) + 'STATUS'.padEnd(20) + 'ENVIRONMENT'.padEnd(24) + 'STARTED'];
  let count = 0;
  for await (const wf of client.workflow.list({ query: 'WorkflowType="benchmarkRun"' })) {
    await settleRunRecord(wf.memo?.workDir, wf.status.name, wf.closeTime);
    const status = wf.typedSearchAttributes.get(BenchStatus) ?? wf.status.name.toLowerCase();
    const env = wf.typedSearchAttributes.get(Environment) ?? wf.memo?.environment ?? '';
    lines.push(wf.workflowId.padEnd(56) + String(status).padEnd(20) + String(env).padEnd(24) + wf.startTime.toISOString());
    if (++count >= 20) break;
  }
  return count === 0 ? 'no benchmark runs yet' : lines.join('\n');
}

function formatProgress(p: RunProgress): string[] {
  const where = p.iteration > 0 ? `iteration ${p.iteration}/${p.totalIterations} (${phaseLabel(p)})` : phaseLabel(p);
  const lines = [`phase:       ${where}`, `worker:      ${p.workerQueue ?? '-'}`];
  if (p.latestMetrics) {
    const fmt = (v: number | null) => (v === null ? 'n/a' : v.toFixed(3));
    lines.push(`latest:      iteration ${p.latestMetrics.iteration} — train ${fmt(p.latestMetrics.train)}, test ${fmt(p.latestMetrics.test)}`);
  }
  lines.push(`checkpoint:  ${p.checkpoint ? `${p.checkpoint.dir} (iteration ${p.checkpoint.iteration})` : '-'}`);
  lines.push(`recoveries:  ${p.recoveries}`);
  if (p.skippedIterations.length) lines.push(`skipped:     ${p.skippedIterations.join(', ')}`);
  if (p.lastError) lines.push(`last error:  ${p.lastError}`);
  return lines;
}

/** What only a worker can tell (the progress query), or why it is missing. */
async function liveProgress(handle: WorkflowHandle<typeof benchmarkRun>): Promise<string[]> {
  try {
    return formatProgress(await queryProgress(handle));
  } catch (err) {
    return [`progress:    unavailable, no worker answered (${(err as Error).message}); start one with \`autopilot-benchmark worker\``];
  }
}

async function describeRun(client: Client, workflowId: string): Promise<string> {
  const handle = client.workflow.getHandle<typeof benchmarkRun>(workflowId);
  const description = await handle.describe();
  const memo = (description.memo ?? {}) as Record<string, unknown>;
  const benchStatus = description.typedSearchAttributes.get(BenchStatus);
  const lines = [
    `workflow:    ${workflowId}`,
    `status:      ${description.status.name}${benchStatus ? ` (${benchStatus})` : ''}`,
    `environment: ${memo.environment ?? '-'}`,
    `config:      ${memo.config ?? '-'}`,
    `work dir:    ${memo.workDir ?? '-'}`,
  ];
  if (description.status.name !== 'RUNNING') {
    await settleRunRecord(memo.workDir, description.status.name, description.closeTime);
    return lines.join('\n');
  }
  lines.push(...(await liveProgress(handle)));
  const step = currentStepProgress(description);
  if (step?.total) lines.push(`episodes:    ${step.done ?? 0}/${step.total} (${step.step})`);
  else if (step?.step) lines.push(`step:        ${step.step}`);
  // From the memo: shown whether or not a worker is alive.
  const awaiting = awaitingDecisionOf(memo);
  if (awaiting) lines.push(...decisionNotice(workflowId, awaiting));
  return lines.join('\n');
}

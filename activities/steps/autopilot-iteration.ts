import { ApplicationFailure } from '@temporalio/common';
import { buildInitialMessage } from '../../autopilot/initial-message';
import { AutopilotSessionAbortedError, classifySessionFailure, runAutopilotSession, type AutopilotFault } from '../../autopilot/session';
import { applyConfigEdits } from '../../gateway/edits';
import { checkBuiltinGatewayConfig, loadGatewayConfig } from '../../builtin-gateway/config';
import type { EditOutcome, RecordedFault } from '../../results/iteration-record';
import { writeEditOutcome, writeSessionArtifacts } from '../../results/session-artifacts';
import { autopilotIterationDir, configDir } from '../../results/paths';
import { getLogger } from '../../common/logger';
import type { BenchmarkRunInput, InterruptedAttempt, SessionSummary } from '../../workflows/shared';
import { writeJsonAtomic } from '../../common/atomic-write';
import * as path from 'node:path';
import { restartGateways, type RunResources } from '../run-resources';
import { activitySignal, withHeartbeat } from '../heartbeat';
import { describeAutopilotActions } from './autopilot-actions';

const log = getLogger('autopilot-iteration');

/**
 * One autopilot iteration (original-harness.md §3.4 steps 1–5): a fresh session on the train
 * gateway, its artifacts persisted, and — whatever the final status — its flattened edits
 * applied to the config, after which both gateways restart. Unlike the original, a bad edit is
 * refused on its own (gateway/edits/) and the accepted ones are swapped in together.
 *
 * The autopilot's faults are a result, not an outage (issue 12 item 1): invalid edits, a broken
 * protocol, a timeout or a service error are recorded (session_result.json,
 * config_writes.outcome.json, then iterations.json) and the iteration goes on to the evaluation.
 * Only a harness-side failure throws, as a `HarnessFault` carrying its class, for the operator.
 */
export async function runAutopilotIteration(
  input: BenchmarkRunInput,
  iteration: number,
  resources: RunResources,
  interrupted: InterruptedAttempt | null = null,
): Promise<SessionSummary> {
  return withHeartbeat(async (report) => {
    if (interrupted) await replaceInterruptedSession(input, iteration, resources, interrupted);
    const initialMessage = buildInitialMessage({
      initialMessage: input.env.autopilot_initial_message,
      availableModels: input.env.available_models,
      env: process.env,
    });
    const step = `autopilot session (iteration ${iteration})`;
    report({ step });
    let sessionId: string | undefined;
    const result = await runAutopilotSession({
      gatewayUrl: resources.train.url,
      initialMessage,
      maxTurns: input.env.autopilot_max_turns,
      sessionTimeoutMs: input.env.autopilot_session_timeout * 1000,
      interlocutor: resources.interlocutor,
      signal: activitySignal(),
      // The session id travels in heartbeats, so a redo after a lost worker knows which session it replaces.
      onEvent: (event) => {
        sessionId = event.sessionId;
        report({ step, sessionId });
      },
    }).catch((err: unknown) => {
      throw err instanceof AutopilotSessionAbortedError ? err : harnessFault(step, err);
    });
    log.info({ iteration, session: result.session_id, status: result.final_status, turns: result.turns, writes: result.config_writes.length, fault: result.fault?.kind }, 'autopilot session ended');

    const artifactsDir = autopilotIterationDir(input.workDir, iteration);
    const fault = recordedFault(result.fault);
    await writeSessionArtifacts(artifactsDir, {
      initialMessage,
      session_id: result.session_id,
      final_status: result.final_status,
      turns: result.turns,
      error: result.error,
      fault,
      config_writes: result.config_writes,
      raw_config_writes: result.raw_config_writes,
      events: result.events,
    });

    const outcome: EditOutcome = { applied: [], rejected: [] };
    if (result.config_writes.length > 0) {
      report({ step: `applying ${result.config_writes.length} config edits`, sessionId });
      log.info({ edits: result.config_writes }, 'applying config edits');
      // Invalid or unservable edits are refused one by one (the result lists them, and they are
      // recorded); only an unusable config directory throws, and that is the harness's fault.
      let edits;
      try {
        edits = await applyConfigEdits(configDir(input.workDir), result.config_writes, {
          validate: input.infra.gateway_binary_path
            ? async (stagedConfigFile: string) => void (await loadGatewayConfig(stagedConfigFile))
            : checkBuiltinGatewayConfig,
        });
      } catch (err) {
        throw ApplicationFailure.nonRetryable(`config edits from session ${result.session_id} could not be applied: ${(err as Error).message}`, 'ConfigEditError');
      }
      if (edits.rejected.length > 0) log.warn({ session: result.session_id, rejected: edits.rejected }, 'some config edits were refused');
      outcome.applied = edits.applied;
      outcome.rejected = edits.rejected;
    }
    await writeEditOutcome(artifactsDir, outcome);
    if (outcome.applied.length > 0) {
      report({ step: 'restarting gateways', sessionId });
      await pauseForTests();
      await restartGateways(resources);
    }
    return {
      session_id: result.session_id,
      final_status: result.final_status,
      turns: result.turns,
      config_writes_count: result.config_writes.length,
      error: result.error,
      edits_applied: outcome.applied.length > 0,
      fault,
      edits: outcome,
      actions: describeAutopilotActions(result, result.config_writes, outcome),
      budget: resources.autopilotBudgetUsage(result.session_id),
    };
  });
}

function recordedFault(fault: AutopilotFault | null): RecordedFault | null {
  return fault && { kind: fault.kind, message: fault.message };
}

/**
 * A harness-side session failure, for the operator decision: typed `HarnessFault` with the
 * classified fault as its details. A misconfiguration will not mend itself, so Temporal does not retry it.
 */
function harnessFault(step: string, err: unknown): ApplicationFailure {
  const fault = classifySessionFailure(err);
  return ApplicationFailure.create({
    type: 'HarnessFault',
    message: `${step} failed on the harness side (${fault.kind}): ${fault.message}`,
    details: [fault],
    nonRetryable: fault.kind === 'autopilot_misconfigured',
    cause: err instanceof Error ? err : undefined,
  });
}

/**
 * A redo after a lost worker: the interrupted session is replaced, not reused. The config was
 * restored from the checkpoint taken before the iteration, so none of that session's writes
 * are applied; the old session is interrupted (best effort — a built-in autopilot session died
 * with its worker) so two sessions never act on one config, and the decision is recorded in
 * `autopilot/iteration_NNN/recovery.json`.
 */
async function replaceInterruptedSession(
  input: BenchmarkRunInput,
  iteration: number,
  resources: RunResources,
  interrupted: InterruptedAttempt,
): Promise<void> {
  let interruptResult = 'no session had been created';
  if (interrupted.sessionId) {
    try {
      const response = await fetch(`${resources.train.url}/internal/autopilot/v1/sessions/${interrupted.sessionId}/actions/interrupt`, {
        method: 'POST',
        signal: AbortSignal.timeout(10_000),
      });
      interruptResult = response.ok ? 'interrupted' : `interrupt answered HTTP ${response.status} (the session is gone)`;
    } catch (err) {
      interruptResult = `interrupt failed: ${(err as Error).message}`;
    }
  }
  const record = {
    iteration,
    decision: 'replaced',
    reason: interrupted.reason,
    lost_worker_queue: interrupted.workerQueue,
    replaced_session_id: interrupted.sessionId,
    replaced_session_interrupt: interruptResult,
    config: 'restored from the checkpoint before this iteration; no write of the replaced session was applied',
  };
  await writeJsonAtomic(path.join(autopilotIterationDir(input.workDir, iteration), 'recovery.json'), record, { sortKeys: true });
  log.warn(record, 'replacing the autopilot session of an iteration interrupted by a lost worker');
}

/**
 * Test seam for crash tests: AUTOPILOT_BENCH_PAUSE_AFTER_EDITS_MS holds the step right after the
 * edits are applied, so a test can kill the worker at exactly that point. Unset in normal use.
 */
async function pauseForTests(): Promise<void> {
  const ms = Number(process.env.AUTOPILOT_BENCH_PAUSE_AFTER_EDITS_MS ?? 0);
  if (ms > 0) await new Promise((r) => setTimeout(r, ms));
}

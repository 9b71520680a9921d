import { ApplicationFailure } from '@temporalio/common';
import { buildInitialMessage } from '../../autopilot/initial-message';
import { runAutopilotSession } from '../../autopilot/session';
import { applyConfigEdits } from '../../gateway/edits';
import { checkBuiltinGatewayConfig, loadGatewayConfig } from '../../builtin-gateway/config';
import { writeSessionArtifacts } from '../../results/session-artifacts';
import { autopilotIterationDir, configDir } from '../../results/paths';
import { getLogger } from '../../common/logger';
import type { BenchmarkRunInput, InterruptedAttempt, SessionSummary } from '../../workflows/shared';
import { writeJsonAtomic } from '../../common/atomic-write';
import * as path from 'node:path';
import { restartGateways, type RunResources } from '../run-resources';
import { activitySignal, withHeartbeat } from '../heartbeat';

const log = getLogger('autopilot-iteration');

/**
 * One autopilot iteration (original-harness.md §3.4 steps 1–5): a fresh session on the train
 * gateway, its artifacts persisted, and — whatever the final status — its flattened edits
 * applied to the config, after which both gateways restart. Unlike the original, a bad edit is
 * refused on its own (gateway/edits/) and the accepted ones are swapped in together.
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
    });
    log.info({ iteration, session: result.session_id, status: result.final_status, turns: result.turns, writes: result.config_writes.length }, 'autopilot session ended');

    await writeSessionArtifacts(autopilotIterationDir(input.workDir, iteration), {
      initialMessage,
      session_id: result.session_id,
      final_status: result.final_status,
      turns: result.turns,
      error: result.error,
      config_writes: result.config_writes,
      raw_config_writes: result.raw_config_writes,
    });

    let applied = false;
    if (result.config_writes.length > 0) {
      report({ step: `applying ${result.config_writes.length} config edits`, sessionId });
      log.info({ edits: result.config_writes }, 'applying config edits');
      // Invalid or unservable edits are refused one by one (the result lists them); only an
      // unusable config directory throws. Recording the refusals in iterations.json is wired separately.
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
      if (edits.applied.length > 0) {
        report({ step: 'restarting gateways', sessionId });
        await pauseForTests();
        await restartGateways(resources);
        applied = true;
      }
    }
    return {
      session_id: result.session_id,
      final_status: result.final_status,
      turns: result.turns,
      config_writes_count: result.config_writes.length,
      error: result.error,
      edits_applied: applied,
    };
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

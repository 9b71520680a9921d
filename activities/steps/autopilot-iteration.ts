import { ApplicationFailure } from '@temporalio/common';
import { buildInitialMessage } from '../../autopilot/initial-message';
import { runAutopilotSession } from '../../autopilot/session';
import { applyConfigEdits } from '../../gateway/edits';
import { loadGatewayConfig } from '../../builtin-gateway/config';
import { writeSessionArtifacts } from '../../results/session-artifacts';
import { autopilotIterationDir, configDir } from '../../results/paths';
import { getLogger } from '../../common/logger';
import type { BenchmarkRunInput, SessionSummary } from '../../workflows/shared';
import { restartGateways, type RunResources } from '../run-resources';
import { activitySignal, withHeartbeat } from '../heartbeat';

const log = getLogger('autopilot-iteration');

/**
 * One autopilot iteration (original-harness.md §3.4 steps 1–5): a fresh session on the train
 * gateway, its artifacts persisted, and — whatever the final status — its flattened edits
 * applied to the config, after which both gateways restart. Unlike the original, edits apply
 * atomically: a failing edit leaves the config as it was and fails the run with the reason.
 */
export async function runAutopilotIteration(input: BenchmarkRunInput, iteration: number, resources: RunResources): Promise<SessionSummary> {
  return withHeartbeat(async (report) => {
    const initialMessage = buildInitialMessage({
      initialMessage: input.env.autopilot_initial_message,
      availableModels: input.env.available_models,
      env: process.env,
    });
    report({ step: `autopilot session (iteration ${iteration})` });
    let turns = 0;
    const result = await runAutopilotSession({
      gatewayUrl: resources.train.url,
      initialMessage,
      maxTurns: input.env.autopilot_max_turns,
      sessionTimeoutMs: input.env.autopilot_session_timeout * 1000,
      interlocutor: resources.interlocutor,
      signal: activitySignal(),
      onEvent: () => report({ step: `autopilot session (iteration ${iteration})`, turns: ++turns }),
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
      report({ step: `applying ${result.config_writes.length} config edits` });
      log.info({ edits: result.config_writes }, 'applying config edits');
      try {
        await applyConfigEdits(configDir(input.workDir), result.config_writes, {
          validate: async (stagedConfigFile: string) => void (await loadGatewayConfig(stagedConfigFile)),
        });
      } catch (err) {
        throw ApplicationFailure.nonRetryable(`config edits from session ${result.session_id} could not be applied: ${(err as Error).message}`, 'ConfigEditError');
      }
      report({ step: 'restarting gateways' });
      await restartGateways(resources);
      applied = true;
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

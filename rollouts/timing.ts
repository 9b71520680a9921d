import type { ActionSummary } from './agent';
import type { EpisodeTiming } from './types';

/** Accumulates an episode's timing as it runs; `snapshot()` gives the record to store. */
export class EpisodeTimer {
  private readonly t: EpisodeTiming = {
    timeout: false,
    total_inference_seconds: 0,
    total_agent_act_seconds: 0,
    total_env_step_seconds: 0,
    total_execute_command_seconds: 0,
    total_submit_solution_seconds: 0,
    total_other_env_step_seconds: 0,
    slowest_inference_seconds: 0,
    slowest_agent_act_seconds: 0,
    slowest_env_step_seconds: 0,
    last_action_kind: null,
    last_tool_name: null,
    last_tool_timeout: null,
    last_command_preview: null,
  };
  step = 0;
  inferences = 0;
  lastEvent = 'created';
  lastEventAt = Date.now();

  event(name: string): void {
    this.lastEvent = name;
    this.lastEventAt = Date.now();
  }

  addInference(seconds: number): void {
    this.inferences++;
    this.t.total_inference_seconds += seconds;
    this.t.slowest_inference_seconds = Math.max(this.t.slowest_inference_seconds, seconds);
  }

  addAgentAct(seconds: number): void {
    this.t.total_agent_act_seconds += seconds;
    this.t.slowest_agent_act_seconds = Math.max(this.t.slowest_agent_act_seconds, seconds);
  }

  /** Env-step time is bucketed by the action: one execute_command call, one submit_solution call, or other. */
  addEnvStep(seconds: number, action: ActionSummary): void {
    this.t.total_env_step_seconds += seconds;
    this.t.slowest_env_step_seconds = Math.max(this.t.slowest_env_step_seconds, seconds);
    if (action.kind === 'tool_call' && action.toolName === 'execute_command') this.t.total_execute_command_seconds += seconds;
    else if (action.kind === 'tool_call' && action.toolName === 'submit_solution') this.t.total_submit_solution_seconds += seconds;
    else this.t.total_other_env_step_seconds += seconds;
    this.t.last_action_kind = action.kind;
    this.t.last_tool_name = action.toolName;
    this.t.last_tool_timeout = action.toolTimeout;
    this.t.last_command_preview = action.commandPreview;
  }

  markTimeout(): void {
    this.t.timeout = true;
  }

  /** A human-readable progress line for timeout errors. */
  progressDescription(timeoutSeconds: number): string {
    const t = this.t;
    const sinceLast = ((Date.now() - this.lastEventAt) / 1000).toFixed(1);
    return (
      `episode timed out after ${timeoutSeconds}s at step ${this.step} (${this.inferences} inferences; last event ${this.lastEvent} ${sinceLast}s ago; ` +
      `agent ${t.total_agent_act_seconds.toFixed(1)}s, inference ${t.total_inference_seconds.toFixed(1)}s, env step ${t.total_env_step_seconds.toFixed(1)}s ` +
      `[execute_command ${t.total_execute_command_seconds.toFixed(1)}s, submit_solution ${t.total_submit_solution_seconds.toFixed(1)}s, other ${t.total_other_env_step_seconds.toFixed(1)}s]; ` +
      `last tool ${t.last_tool_name ?? '-'} (timeout ${t.last_tool_timeout ?? '-'}), last command ${t.last_command_preview ?? '-'})`
    );
  }

  snapshot(): EpisodeTiming {
    return { ...this.t };
  }
}

/** Seconds elapsed since `startMs`. */
export function secondsSince(startMs: number): number {
  return (performance.now() - startMs) / 1000;
}

import { phaseLabel, type RunProgress } from '../workflows/shared';

/** What a running step last put in its heartbeat (rollouts add episode counts). */
export interface StepProgress {
  step?: string;
  done?: number;
  total?: number;
}

/** One poll of one run: the workflow's progress (null when no worker answered) and its step. */
export interface RunObservation {
  progress: RunProgress | null;
  step: StepProgress | null;
  /** ms since the epoch */
  at: number;
}

/**
 * Episodes per second of the current rollout, measured from the first poll that saw it, and
 * the time left at that rate. A new step label starts a new measurement.
 */
export class EpisodeRate {
  private step: string | undefined;
  private first: { done: number; at: number } | null = null;

  observe(step: StepProgress | null, at: number): { perSecond: number; etaSeconds: number } | null {
    if (!step?.total || step.done === undefined) {
      this.step = undefined;
      this.first = null;
      return null;
    }
    if (step.step !== this.step || !this.first || step.done < this.first.done) {
      this.step = step.step;
      this.first = { done: step.done, at };
      return null;
    }
    const seconds = (at - this.first.at) / 1000;
    const episodes = step.done - this.first.done;
    if (seconds <= 0 || episodes <= 0) return null;
    const perSecond = episodes / seconds;
    return { perSecond, etaSeconds: (step.total - step.done) / perSecond };
  }
}

/** Where the run is: phase (with what it waits for, e.g. a worker slot) and iteration k of N. */
export function whereLine(p: RunProgress): string {
  if (p.iteration > 0) return `iteration ${p.iteration}/${p.totalIterations} ${phaseLabel(p)}`;
  return phaseLabel(p);
}

/** The running step: its name and, in a rollout, episodes done/total with rate and ETA. */
export function stepLine(step: StepProgress | null, rate: { perSecond: number; etaSeconds: number } | null): string {
  if (!step?.step) return '';
  if (!step.total) return step.step;
  const speed = rate ? `, ${rate.perSecond.toFixed(1)}/s, ETA ${formatSeconds(rate.etaSeconds)}` : '';
  return `${step.step} ${step.done ?? 0}/${step.total} episodes${speed}`;
}

/** The latest test metric the run has measured, if any. */
export function metricLine(p: RunProgress | null): string {
  const latest = p?.latestMetrics;
  if (!latest || latest.test === null) return '';
  return `test ${latest.test.toFixed(3)} (${latest.iteration === 0 ? 'baseline' : `iteration ${latest.iteration}`})`;
}

/** Phase, step and latest metric of one observation in one line. */
export function progressLine(o: RunObservation, rate: { perSecond: number; etaSeconds: number } | null): string {
  const parts = [o.progress ? whereLine(o.progress) : 'waiting for a worker', stepLine(o.step, rate), metricLine(o.progress)];
  return parts.filter(Boolean).join(' · ');
}

export function formatSeconds(seconds: number): string {
  if (!Number.isFinite(seconds)) return '?';
  const s = Math.max(0, Math.round(seconds));
  return s < 60 ? `${s}s` : `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
}

import type { BabyAiAction, ParsedObservation, Sighting, Thing } from './observation-text';

/**
 * The simulated model's plan for one BabyAI turn, from what the prompt shows: the mission's
 * object, the current observation and the model's own earlier answers. Greedy and memory-light,
 * like a decent language model: good, not perfect (it can dither when another object blocks a
 * straight path to the target).
 */
export interface PlannerInput {
  target: Thing;
  observation: ParsedObservation;
  /** the earlier answers of this episode, oldest first; null = an answer that was not an action */
  history: readonly (BabyAiAction | null)[];
}

/** Turns in a row that make a full look around before walking somewhere new. */
const SCAN_TURNS = 3;

export function planAction({ target, observation, history }: PlannerInput): BabyAiAction {
  const blocked = frontBlocked(observation);
  // Holding the wrong object (after a mistaken pick up): put it down first, one can hold only one.
  if (observation.carrying) return blocked ? 'turn left' : 'drop';

  const goal = nearestMatch(observation.objects, target);
  if (goal) {
    if (goal.forward === 1 && goal.right === 0) return 'pick up';
    if (goal.forward === 0) return goal.right > 0 ? 'turn right' : 'turn left';
    if (!blocked) return 'go forward';
    return goal.right > 0 ? 'turn right' : 'turn left';
  }

  // Not in sight: look around (turning left), then walk until something is in the way, and look again.
  if (lastAction(history) === 'go forward' && !blocked) return 'go forward';
  return trailingLeftTurns(history) < SCAN_TURNS || blocked ? 'turn left' : 'go forward';
}

export function frontBlocked(observation: ParsedObservation): boolean {
  return observation.walls.forward === 1 || observation.objects.some((o) => o.forward === 1 && o.right === 0);
}

export function matches(sighting: Thing, target: Thing): boolean {
  return sighting.color === target.color && sighting.type === target.type;
}

export function nearestMatch(objects: readonly Sighting[], target: Thing): Sighting | null {
  let best: Sighting | null = null;
  for (const o of objects) {
    if (!matches(o, target)) continue;
    if (!best || o.forward + Math.abs(o.right) < best.forward + Math.abs(best.right)) best = o;
  }
  return best;
}

export function lastAction(history: readonly (BabyAiAction | null)[]): BabyAiAction | null {
  for (let i = history.length - 1; i >= 0; i--) if (history[i] !== null) return history[i];
  return null;
}

/** Left turns at the end of the history; answers that were not actions are skipped (nothing happened). */
function trailingLeftTurns(history: readonly (BabyAiAction | null)[]): number {
  let count = 0;
  for (let i = history.length - 1; i >= 0; i--) {
    const action = history[i];
    if (action === null) continue;
    if (action !== 'turn left') break;
    count++;
  }
  return count;
}

import { lastUserText, messageText, systemText } from '../../common/oracle-contract/chat-request';
import type { Oracle, TextOracleAnswer } from '../../common/oracle-contract/oracle';
import { parseAnswer } from './answers';
import { babyaiMistakes } from './mistakes';
import { parseMission, tryParseObservation, type BabyAiAction, type ParsedObservation, type Thing } from './observation-text';
import { lastAction, nearestMatch, planAction } from './planner';

export const BABYAI_ENV_NAME = 'babyai_pickup_v0';

/**
 * The simulator's BabyAI knowledge. A request is BabyAI's when its system text names a pickup
 * mission ("pick up the red ball") and its last user message holds our observation text; the
 * ideal answer is the planner's next action. A prompt that drops the mission (e.g. a rewritten
 * system template without `{{ mission }}`) is not recognised, so the model answers generically —
 * and the env does not understand that, as it would not understand a real model that lost the
 * plot.
 */
export const babyaiOracle: Oracle = {
  name: BABYAI_ENV_NAME,
  answer(request) {
    const target = parseMission(systemText(request));
    if (!target) return null;
    const observation = tryParseObservation(lastUserText(request));
    if (!observation) return null;
    const history = request.messages.filter((m) => m.role === 'assistant').map((m) => parseAnswer(messageText(m)));
    const answer: TextOracleAnswer = {
      kind: 'text',
      ideal: planAction({ target, observation, history }),
      difficulty: babyaiDifficulty(target, observation, history),
      // earlier turns are this episode's own moves, never demonstrations
      conversation: 'episode',
      mistakes: babyaiMistakes({ target, lastAction: lastAction(history) }),
    };
    return answer;
  },
};

/**
 * A turn is harder when the target is out of sight (the model must explore), when other objects
 * clutter the view, late in a long episode (a long transcript is easy to lose track of) and —
 * most of all — when the recent turns were wasted: a model that has started to dither tends to
 * keep dithering. That feedback loop is what makes weak models fail whole episodes rather than
 * merely take a few extra steps; better prompts and models break it earlier.
 */
export function babyaiDifficulty(target: Thing, observation: ParsedObservation, history: readonly (BabyAiAction | null)[]): number {
  const visible = nearestMatch(observation.objects, target) !== null;
  const others = observation.objects.filter((o) => !(o.color === target.color && o.type === target.type)).length;
  const base = (visible ? DIFFICULTY.visible : DIFFICULTY.hidden) * (1 + DIFFICULTY.perDistractor * Math.min(others, 5));
  return base * (1 + history.length / DIFFICULTY.fatigueTurns) * (1 + DIFFICULTY.dithering * ditheringShare(history));
}

/** Tuned with a calibration run of the sim against the real env (see README.md). */
export const DIFFICULTY = { visible: 0.5, hidden: 0.7, perDistractor: 0.08, fatigueTurns: 10, dithering: 6 } as const;

const RECENT = 8;

/**
 * Share of the last turns that were wasted: answers that were not actions, turns that undo the
 * previous turn, and a pick up / drop / toggle repeated right after itself.
 */
export function ditheringShare(history: readonly (BabyAiAction | null)[]): number {
  const recent = history.slice(-RECENT);
  if (recent.length === 0) return 0;
  let wasted = 0;
  recent.forEach((action, i) => {
    const before = i > 0 ? recent[i - 1] : history[history.length - recent.length - 1] ?? undefined;
    if (action === null) wasted++;
    else if ((action === 'turn left' && before === 'turn right') || (action === 'turn right' && before === 'turn left')) wasted++;
    else if (action !== 'go forward' && !action.startsWith('turn') && action === before) wasted++;
  });
  return wasted / RECENT;
}

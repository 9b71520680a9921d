import type { Mistake } from '../../common/oracle-contract/oracle';
import { parseAnswer } from './answers';
import type { BabyAiAction, Thing } from './observation-text';

/**
 * How a simulated model gets a BabyAI turn wrong. The value is the answer text; each mistake
 * returns null when it does not apply. How many mistakes a turn gets is the sim's skill model's
 * business (tier × prompt features × the turn's difficulty).
 */
export interface MistakeContext {
  target: Thing;
  /** the last answer that was an action, if any */
  lastAction: BabyAiAction | null;
}

const OPPOSITE: Partial<Record<BabyAiAction, BabyAiAction>> = { 'turn left': 'turn right', 'turn right': 'turn left' };

/** Answers a model gives when it does not follow the action list. */
const OFF_LIST_ANSWERS = ['move forward', 'go left', 'go right', 'walk forward', 'grab it', 'done', 'north', 'turn around', 'pickup'];

export function babyaiMistakes(context: MistakeContext): Mistake<string>[] {
  const { target, lastAction } = context;
  return [
    {
      // turns the wrong way, or turns instead of moving / picking up
      name: 'wrong_turn',
      weight: 4,
      apply: (answer, rng) => {
        const action = parseAnswer(answer);
        if (action === null || action === 'drop' || action === 'toggle') return null;
        return OPPOSITE[action] ?? rng.pick(['turn left', 'turn right'] as const);
      },
    },
    {
      // explains instead of answering with the action alone; the env does not understand it
      name: 'verbose_answer',
      weight: 3,
      apply: (answer, rng) => {
        const action = parseAnswer(answer);
        if (action === null) return null;
        const object = `the ${target.color} ${target.type}`;
        return rng.pick([
          `I want to reach ${object}, so I will ${action}.`,
          `Action: ${action}. This brings me closer to ${object}.`,
          `Let me think. To ${action === 'pick up' ? `pick up ${object}` : `get to ${object}`}, the best move is to ${action}.`,
        ]);
      },
    },
    {
      // keeps doing what it did last turn
      name: 'repeat_last_action',
      weight: 2,
      apply: (answer) => (lastAction !== null && lastAction !== parseAnswer(answer) ? lastAction : null),
    },
    {
      // an action that is not on the list
      name: 'off_list_answer',
      weight: 1,
      apply: (_answer, rng) => rng.pick(OFF_LIST_ANSWERS),
    },
    {
      // tries to pick up before standing right behind the object
      name: 'premature_pick_up',
      weight: 1,
      apply: (answer) => (parseAnswer(answer) === 'pick up' ? null : 'pick up'),
    },
  ];
}

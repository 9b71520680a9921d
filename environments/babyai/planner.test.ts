import { parseAnswer } from './answers';
import fixture from '../../test/fixtures/babyai/observations.json';
import type { BabyAiAction, ParsedObservation } from './observation-text';
import { parseMission } from './observation-text';
import { frontBlocked, planAction } from './planner';

const scenario = (name: string) => {
  const entry = fixture.find((e) => e.name === name);
  if (!entry) throw new Error(`no fixture ${name}`);
  return { target: parseMission(entry.mission)!, observation: entry.parsed as ParsedObservation };
};
const plan = (name: string, history: (BabyAiAction | null)[] = []) => planAction({ ...scenario(name), history });

describe('planAction on real observations', () => {
  it('picks up the target when it is right in front', () => {
    expect(plan('target_in_front')).toBe('pick up');
  });

  it('turns toward a target beside it', () => {
    expect(plan('target_beside')).toBe('turn right');
  });

  it('walks toward a target ahead, straight or diagonally', () => {
    expect(plan('target_straight_ahead')).toBe('go forward');
    expect(plan('reset_target_ahead_and_right')).toBe('go forward');
    expect(plan('reset_target_ahead_and_left')).toBe('go forward');
  });

  it('drops a wrongly picked-up object when the cell in front is free', () => {
    expect(plan('carrying_a_distractor')).toBe('drop');
  });

  it('looks around with three left turns, then walks on until blocked', () => {
    expect(plan('only_walls')).toBe('turn left');
    expect(plan('only_walls', ['turn left', 'turn left'])).toBe('turn left');
    expect(plan('only_walls', ['turn left', 'turn left', null, 'turn left'])).toBe('go forward'); // not-understood answers did nothing
    expect(plan('only_walls', ['go forward'])).toBe('go forward');
  });
});

describe('planAction when the way is blocked', () => {
  const walls = { forward: 1, left: null, right: null };
  const base: ParsedObservation = { notUnderstood: false, objects: [], walls, carrying: null };
  const target = { color: 'red', type: 'ball' };

  it('turns toward the target side instead of walking into a wall', () => {
    const observation = { ...base, objects: [{ ...target, forward: 2, right: -2 }] };
    expect(frontBlocked(observation)).toBe(true);
    expect(planAction({ target, observation, history: [] })).toBe('turn left');
  });

  it('keeps turning when exploring into a wall, and turns instead of dropping into a blocked cell', () => {
    expect(planAction({ target, observation: base, history: ['turn left', 'turn left', 'turn left'] })).toBe('turn left');
    expect(planAction({ target, observation: { ...base, carrying: { color: 'blue', type: 'key' } }, history: [] })).toBe('turn left');
  });
});

describe('parseAnswer (mirrors the env)', () => {
  it.each([
    ['turn left', 'turn left'],
    ['  Turn Right  ', 'turn right'],
    ['GO FORWARD.', 'go forward'],
    ['pick up!', 'pick up'],
    ["'drop'", 'drop'],
    ['`toggle`', 'toggle'],
    ['{"action": "go forward"}', 'go forward'],
    ['{"action": "Pick Up."}', 'pick up'],
    ['go  forward', 'go forward'],
  ])('%j → %s', (answer, action) => expect(parseAnswer(answer)).toBe(action));

  it.each(['', 'done', 'jump', 'move north', 'I will go forward', 'go forward, then pick up', '{"move": "go forward"}', '{"action": 2}', '{not json'])(
    '%j is not understood',
    (answer) => expect(parseAnswer(answer)).toBeNull(),
  );
});

import type { ChatCompletionRequest } from '../../common/oracle-contract/chat-request';
import { createRng } from '../../common/oracle-contract/rng';
import type { TextOracleAnswer } from '../../common/oracle-contract/oracle';
import { parseAnswer } from './answers';
import { babyaiObservation, babyaiRequest } from '../../test/fixtures/babyai/requests';
import { babyaiMistakes } from './mistakes';
import type { BabyAiAction, ParsedObservation } from './observation-text';
import { babyaiDifficulty, babyaiOracle, ditheringShare } from './oracle';

const entry = babyaiObservation;
const request = babyaiRequest;

const answerOf = (req: ChatCompletionRequest) => babyaiOracle.answer(req) as TextOracleAnswer;

describe('babyaiOracle', () => {
  it('recognises a BabyAI turn and answers with the planner action as text', () => {
    const answer = answerOf(request('target_in_front'));
    expect(answer.kind).toBe('text');
    expect(answer.ideal).toBe('pick up');
    expect(answerOf(request('target_beside')).ideal).toBe('turn right');
    expect(answerOf(request('only_walls', ['turn left', 'turn left', 'turn left'])).ideal).toBe('go forward');
  });

  it('reads the mission from JSON system arguments too', () => {
    const req = request('target_straight_ahead');
    req.messages[0] = { role: 'system', content: JSON.stringify({ mission: entry('target_straight_ahead').mission }) };
    expect(answerOf(req).ideal).toBe('go forward');
  });

  it('ignores requests without a pickup mission or without an observation', () => {
    const noMission = request('target_in_front');
    noMission.messages[0] = { role: 'system', content: 'You are a helpful agent in a grid world.' };
    expect(babyaiOracle.answer(noMission)).toBeNull();
    const noObservation = request('target_in_front');
    noObservation.messages[noObservation.messages.length - 1] = { role: 'user', content: 'Where are you?' };
    expect(babyaiOracle.answer(noObservation)).toBeNull();
    expect(babyaiOracle.answer({ model: 'small', messages: [{ role: 'user', content: 'EU rejects German call to boycott British lamb .' }] })).toBeNull();
  });
});

describe('BabyAI mistakes', () => {
  const target = { color: 'green', type: 'key' };
  const byName = (lastAction: BabyAiAction | null) => Object.fromEntries(babyaiMistakes({ target, lastAction }).map((m) => [m.name, m]));
  const rng = () => createRng('babyai-mistakes');

  it('wrong_turn turns the other way, or turns instead of moving', () => {
    const m = byName(null).wrong_turn;
    expect(m.apply('turn left', rng())).toBe('turn right');
    expect(['turn left', 'turn right']).toContain(m.apply('go forward', rng()));
    expect(m.apply('drop', rng())).toBeNull();
  });

  it('verbose_answer and off_list_answer give answers the env does not understand', () => {
    for (let i = 0; i < 20; i++) {
      expect(parseAnswer(byName(null).verbose_answer.apply('go forward', createRng(`v${i}`)))).toBeNull();
      expect(parseAnswer(byName(null).off_list_answer.apply('go forward', createRng(`o${i}`)))).toBeNull();
    }
    expect(byName(null).verbose_answer.apply('I am lost', rng())).toBeNull();
  });

  it('repeat_last_action repeats the previous action only when it differs from the ideal one', () => {
    expect(byName('turn left').repeat_last_action.apply('go forward', rng())).toBe('turn left');
    expect(byName('go forward').repeat_last_action.apply('go forward', rng())).toBeNull();
    expect(byName(null).repeat_last_action.apply('go forward', rng())).toBeNull();
  });

  it('premature_pick_up picks up too early', () => {
    expect(byName(null).premature_pick_up.apply('go forward', rng())).toBe('pick up');
    expect(byName(null).premature_pick_up.apply('pick up', rng())).toBeNull();
  });

  it('the oracle passes the last action of the history to the mistakes', () => {
    const answer = answerOf(request('target_straight_ahead', ['turn left', 'jump around']));
    const repeat = answer.mistakes.find((m) => m.name === 'repeat_last_action')!;
    expect(repeat.apply('go forward', rng())).toBe('turn left');
  });
});

describe('babyaiDifficulty', () => {
  const obs = (name: string) => entry(name).parsed as ParsedObservation;
  const target = { color: 'green', type: 'key' };

  it('is higher when the target is out of sight, late in the episode and while dithering', () => {
    expect(babyaiDifficulty(target, obs('only_walls'), [])).toBeGreaterThan(babyaiDifficulty(target, obs('reset_target_ahead_and_right'), []));
    const visible = obs('reset_target_ahead_and_right');
    expect(babyaiDifficulty(target, visible, Array(10).fill('go forward'))).toBeGreaterThan(babyaiDifficulty(target, visible, []));
    const dithering: BabyAiAction[] = ['turn left', 'turn right', 'turn left', 'turn right'];
    expect(babyaiDifficulty(target, visible, dithering)).toBeGreaterThan(babyaiDifficulty(target, visible, ['go forward', 'go forward', 'turn left', 'go forward']));
  });

  it('counts wasted turns among the last eight', () => {
    expect(ditheringShare([])).toBe(0);
    expect(ditheringShare(['go forward', 'turn left', 'go forward'])).toBe(0);
    expect(ditheringShare([null, 'turn left', 'turn right', 'pick up', 'pick up'])).toBe(3 / 8);
  });
});

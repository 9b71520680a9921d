import { createProgressDisplay, PLAIN_LINE_EVERY_MS } from './progress-display';
import { EpisodeRate, progressLine } from './progress-lines';
import { newRunProgress } from '../workflows/run-progress';
import type { RunProgress } from '../workflows/shared';

function progress(fields: Partial<RunProgress>): RunProgress {
  return { ...newRunProgress(2), ...fields };
}

test('the rate and ETA come from the episodes done since the step was first seen', () => {
  const rate = new EpisodeRate();
  expect(rate.observe({ step: 'baseline train', done: 4, total: 40 }, 0)).toBeNull();
  expect(rate.observe({ step: 'baseline train', done: 14, total: 40 }, 5000)).toEqual({ perSecond: 2, etaSeconds: 13 });
  // a new step starts a new measurement
  expect(rate.observe({ step: 'baseline test', done: 30, total: 40 }, 6000)).toBeNull();
});

test('a progress line names phase, iteration k of N, episodes with rate and ETA, and the latest test metric', () => {
  const line = progressLine(
    { progress: progress({ phase: 'evaluation', iteration: 1, latestMetrics: { iteration: 0, train: 0.4, test: 0.3 } }), step: { step: 'iteration 1 test', done: 10, total: 40 }, at: 0 },
    { perSecond: 2.5, etaSeconds: 12 },
  );
  expect(line).toBe('iteration 1/2 evaluation · iteration 1 test 10/40 episodes, 2.5/s, ETA 12s · test 0.300 (baseline)');
});

test('plain lines: a change of step prints at once, episode counts at most every few seconds, a repeat never', () => {
  const written: string[] = [];
  const display = createProgressDisplay({ write: (t: string) => void written.push(t), isTTY: false }, new Map([['a', 'ner seed 1'], ['b', 'ner seed 2']]));
  const p = progress({ phase: 'baseline' });
  display.update('a', { progress: p, step: { step: 'baseline train', done: 0, total: 40 }, at: 0 });
  display.update('a', { progress: p, step: { step: 'baseline train', done: 0, total: 40 }, at: 100 });
  display.update('a', { progress: p, step: { step: 'baseline train', done: 8, total: 40 }, at: 1000 });
  display.update('a', { progress: p, step: { step: 'baseline train', done: 20, total: 40 }, at: PLAIN_LINE_EVERY_MS });
  display.update('a', { progress: p, step: { step: 'baseline test', done: 0, total: 40 }, at: PLAIN_LINE_EVERY_MS + 10 });
  display.note('iteration 1 + variant v on m: system_template', 'b');
  expect(written).toEqual([
    '[ner seed 1] baseline · baseline train 0/40 episodes\n',
    `[ner seed 1] baseline · baseline train 20/40 episodes, 4.0/s, ETA 5s\n`,
    '[ner seed 1] baseline · baseline test 0/40 episodes\n',
    '[ner seed 2] iteration 1 + variant v on m: system_template\n',
  ]);
});

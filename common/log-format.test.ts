import { formatLogLine } from './log-format';

test('formats a pino line as "time LEVEL component: message key=value"', () => {
  const line = JSON.stringify({ level: 40, time: '2026-11-26T14:42:30.637Z', component: 'rollouts', msg: 'retrying', attempt: 2, url: 'http://x' });
  expect(formatLogLine(line)).toBe('2026-11-26 14:42:30 WARNING rollouts: retrying attempt=2 url=http://x\n');
});

test('passes through text that is not JSON', () => {
  expect(formatLogLine('plain\n')).toBe('plain\n');
});

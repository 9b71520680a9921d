import { runtimeLogLevel } from './runtime-logging';

test('a refused claim (NoCapacity) is debug, so a queued run does not flood the console', () => {
  expect(runtimeLogLevel('Activity failed', 'WARN', { activityType: 'claimWorker', error: { type: 'NoCapacity', nonRetryable: false } })).toBe('debug');
});

test('other activity failures keep their level', () => {
  expect(runtimeLogLevel('Activity failed', 'WARN', { activityType: 'runBaseline', error: { type: 'LocalServerStartError' } })).toBe('warn');
  expect(runtimeLogLevel('Activity failed', 'WARN', {})).toBe('warn');
  expect(runtimeLogLevel('Workflow failed', 'ERROR', { error: { type: 'NoCapacity' } })).toBe('error');
});

test("the activities-only worker's start-up notice is debug", () => {
  expect(runtimeLogLevel('No workflows registered, not polling for workflow tasks', 'WARN', {})).toBe('debug');
});

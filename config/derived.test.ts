import { effectiveLlmgymEnv, testConcurrency, testEpisodes, testTimeout } from './derived';
import { parseConfig } from './load';
import type { EnvironmentConfig } from './schema';

function env(extra: string): EnvironmentConfig {
  return parseConfig(`environments:\n  - name: terminal-bench@2.0\n    function_name: f\n    metric_name: reward\n    episodes_per_iteration: 100\n    episode_concurrency: 20\n${extra}`).environments[0];
}

describe('derived environment values', () => {
  it('uses llmgym_env when set, else the name', () => {
    expect(effectiveLlmgymEnv(env('    llmgym_env: harbor_v0\n'))).toBe('harbor_v0');
    expect(effectiveLlmgymEnv(env(''))).toBe('terminal-bench@2.0');
  });

  it('test episodes fall back to the train count when null or 0', () => {
    expect(testEpisodes(env(''))).toBe(100);
    expect(testEpisodes(env('    test_episodes_per_iteration: 0\n'))).toBe(100);
    expect(testEpisodes(env('    test_episodes_per_iteration: 30\n'))).toBe(30);
  });

  it('test concurrency falls back when null or 0', () => {
    expect(testConcurrency(env(''))).toBe(20);
    expect(testConcurrency(env('    test_episode_concurrency: 0\n'))).toBe(20);
    expect(testConcurrency(env('    test_episode_concurrency: 5\n'))).toBe(5);
  });

  it('test timeout falls back only when null; 0 is kept', () => {
    expect(testTimeout(env(''))).toBeNull();
    expect(testTimeout(env('    episode_timeout: 900\n'))).toBe(900);
    expect(testTimeout(env('    episode_timeout: 900\n    test_episode_timeout: 0\n'))).toBe(0);
    expect(testTimeout(env('    episode_timeout: 900\n    test_episode_timeout: 1200\n'))).toBe(1200);
  });
});

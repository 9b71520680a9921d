import { parseConfig } from './load';
import { ignoredKeyNotes } from './notes';

/** Every key of the original harness's schema (reference/original-harness.md §1.1–1.5), set to a non-default value. */
const EVERY_ORIGINAL_KEY = `
autopilot_target:
  kind: staging
  base_url: http://127.0.0.1:9
  api_key_env: MY_AUTOPILOT_KEY
interlocutor:
  config_file: interlocutor_config/tensorzero.toml
infra:
  gateway_binary_path: /usr/local/bin/gateway
  gateway_port: 4000
  test_gateway_port: 4001
  gateway_startup_timeout: 12.5
  gateway_shutdown_timeout: 3
environments:
  - name: terminal-bench@2.0
    llmgym_env: harbor_v0
    function_name: harbor_v0::act
    metric_name: reward
    initial_model: openai::gpt-5-mini
    num_iterations: 2
    episodes_per_iteration: 7
    test_episodes_per_iteration: 0
    episode_concurrency: 3
    episode_timeout: 60
    test_episode_concurrency: 0
    test_episode_timeout: 0
    autopilot_initial_message: improve it
    autopilot_max_turns: 5
    autopilot_session_timeout: 120
    task_split: dev
    env_config: { environment_type: docker }
    function_description: a terminal agent
    available_models: [openai::gpt-5-mini]
    seed: 11
`;

test('every key of the original schema loads; the one that changes nothing here gets a note', () => {
  const config = parseConfig(EVERY_ORIGINAL_KEY, 'configs/original.yaml');
  expect(config.environments[0]).toMatchObject({ llmgym_env: 'harbor_v0', test_episode_timeout: 0, seed: 11, task_split: 'dev' });
  expect(config.infra).toMatchObject({ gateway_binary_path: '/usr/local/bin/gateway', gateway_startup_timeout: 12.5 });
  expect(ignoredKeyNotes(config)).toEqual([
    "environments[0].seed: ignored (got 11): only --seed seeds task selection, as in the original harness; the value is kept in run.json's eval_config",
  ]);
});

test('no note when no ignored key is set', () => {
  const config = parseConfig(EVERY_ORIGINAL_KEY.replace('    seed: 11\n', ''));
  expect(ignoredKeyNotes(config)).toEqual([]);
});

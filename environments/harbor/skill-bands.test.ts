import { createBridgedEnvironment } from '../bridge/bridged-environment';
import { createBridgeClient, resolveVirtualenvPython } from '../bridge/client';
import { HARBOR_VIRTUALENV } from '../bridge/harbor-definitions';
import type { Environment } from '../types';
import { playHarborEpisode } from '../../test/support/harbor-sim-episodes';
import { fixtureTasksDir } from './fixture-tasks';

/**
 * The simulated terminal agent on the five fixture tasks, graded for real (bridge, local sandbox,
 * Harbor's verifier), 4 seeds × 5 tasks per tier: the tiers are ordered, and small fails a good
 * share of the tasks while large solves most. Deterministic per seed.
 */
const SEEDS = [1, 2, 3, 4];
const SYSTEM = 'You are an agent that solves tasks in a Linux terminal.\nRun shell commands with the execute_command tool, starting in /app, and call submit_solution once the task is done.';

const client = createBridgeClient({ python: resolveVirtualenvPython(HARBOR_VIRTUALENV, {}) });
const harbor = createBridgedEnvironment('harbor_v0', { client });
const config = { dataset_path: fixtureTasksDir(), environment_type: 'local_sandbox', split_ratio: 0.6, horizon: 8 };
let splits: Environment[];

beforeAll(async () => {
  splits = [await harbor.make({ config, taskSplit: 'train' }), await harbor.make({ config, taskSplit: 'test' })];
});
afterAll(async () => {
  await Promise.all(splits.map((env) => env.close()));
  await client.close();
});

async function solveRate(tier: 'small' | 'medium' | 'large'): Promise<number> {
  let solved = 0;
  let episodes = 0;
  for (const seed of SEEDS) {
    for (const env of splits) {
      for (let idx = 0; idx < env.numTasks!; idx++) {
        solved += await playHarborEpisode(env, idx, { tier, seed, system: SYSTEM });
        episodes++;
      }
    }
  }
  return solved / episodes;
}

test('the tiers are ordered on the fixtures: small fails often, large solves most', async () => {
  const small = await solveRate('small');
  const medium = await solveRate('medium');
  const large = await solveRate('large');
  process.stdout.write(`harbor fixtures solve rate: small ${small}, medium ${medium}, large ${large}\n`);
  expect(small).toBeLessThan(0.75);
  expect(large).toBeGreaterThan(small);
  expect(large).toBeGreaterThanOrEqual(medium);
  expect(large).toBeGreaterThanOrEqual(0.7);
}, 300_000);

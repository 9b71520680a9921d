/**
 * The Harbor fixture tasks on the real `harbor` package (0.26, in .venv-harbor made by
 * scripts/setup.sh) with the local sandbox: through the bridge step by step (the solution's
 * commands score 1, an idle agent 0, each task's plausible-but-wrong commands 0), through Harbor's
 * own CLI (`harbor run -a oracle` → 1, `-a nop` → 0 on every task), and the preflight of the four
 * named datasets on a machine with and without Docker and network (the host probes are injected:
 * this machine has neither, so "with" is simulated; "without" is also checked for real).
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { checkEnvironment } from '../../client/preflight/environment-check';
import { loadConfig } from '../../config';
import { EnvironmentUnavailableError } from '../errors';
import { getEnvironment } from '../registry';
import type { Action, Environment, StepData, ToolResultBlock } from '../types';
import { fixtureTasksDir, loadFixtureTasks } from '../harbor/fixture-tasks';
import { PLAUSIBLE_WRONG_COMMANDS } from '../harbor/mistakes';
import { createBridgedEnvironment } from './bridged-environment';
import { createBridgeClient, resolveVirtualenvPython, sharedBridgeClient } from './client';
import { BridgeRemoteError } from './errors';
import { createHarborEnvironment, HARBOR_NAMED_DATASETS, HARBOR_VIRTUALENV, type HarborHostProbes } from './harbor-definitions';

const run = promisify(execFile);
const python = resolveVirtualenvPython(HARBOR_VIRTUALENV, {});
const client = createBridgeClient({ python });
const harbor = createBridgedEnvironment('harbor_v0', { client });
const SANDBOX = { dataset_path: fixtureTasksDir(), environment_type: 'local_sandbox', split_ratio: 0.6 };
const tasks = loadFixtureTasks();

beforeAll(() => {
  expect(existsSync(python)).toBe(true); // scripts/setup.sh creates .venv-harbor
  expect(tasks.map((t) => t.name)).toEqual(['count-errors', 'edit-config', 'fix-word-count', 'rename-logs', 'sum-column']);
});
afterAll(async () => {
  await client.close();
  await sharedBridgeClient(HARBOR_VIRTUALENV).close();
});

const exec = (command: string, id = 'c'): Action => [{ type: 'tool_call', id, name: 'execute_command', arguments: { command } }];
const submit: Action = [{ type: 'tool_call', id: 's', name: 'submit_solution', arguments: {} }];

/** Every fixture task, with its split and index there. */
async function openSplits(config: Record<string, unknown> = SANDBOX): Promise<{ env: Environment; idx: number }[]> {
  const out = [];
  for (const split of ['train', 'test'] as const) {
    const env = await harbor.make({ config, taskSplit: split });
    for (let idx = 0; idx < env.numTasks!; idx++) out.push({ env, idx });
  }
  return out;
}

async function episode(env: Environment, idx: number, actions: Action[]): Promise<{ name: string; last: StepData }> {
  const reset = await env.reset(idx);
  const name = reset.info.taskName as string;
  let last: StepData | undefined;
  for (const action of actions) last = await env.step(action);
  return { name, last: last! };
}

function lastToolResult(step: StepData): ToolResultBlock {
  return (step.observation.messages.at(-1)!.content as ToolResultBlock[])[0];
}

function episodeFeedback(step: StepData): Record<string, unknown> {
  return Object.fromEntries(step.feedback.episode.map((f) => [f.name, f.value]));
}

describe('Harbor fixtures through the bridge (real harbor package, local sandbox)', () => {
  it('splits the five tasks 3 train / 2 test, and the solution scores 1 while an idle agent scores 0 on every task', async () => {
    const episodes = await openSplits();
    expect(episodes).toHaveLength(5);
    const seen: string[] = [];
    for (const { env, idx } of episodes) {
      const first = await env.reset(idx);
      const task = tasks.find((t) => t.name === first.info.taskName)!;
      seen.push(task.name);
      // the instruction is the first user message; the system argument is the task's workdir
      expect(first.observation.messages[0].content).toEqual([{ type: 'text_result', value: task.instruction }]);
      expect(first.observation.system).toEqual([{ type: 'text_result', value: { workdir: '/app' } }]);
      let step: StepData | undefined;
      for (const cmd of task.solution) {
        step = await env.step(exec(cmd));
        const result = lastToolResult(step);
        expect(result.result).toMatch(/^exit code: 0/);
        expect(step.terminated || step.truncated).toBe(false);
      }
      step = await env.step(submit);
      expect(step.terminated).toBe(true);
      expect(episodeFeedback(step)).toEqual({ reward: 1, resolved: true });
      const { last } = await episode(env, idx, [submit]);
      expect(episodeFeedback(last)).toEqual({ reward: 0, resolved: false });
    }
    expect(seen.sort()).toEqual(tasks.map((t) => t.name));
    await Promise.all([...new Set(episodes.map((e) => e.env))].map((env) => env.close()));
  }, 180_000);

  it("each task's plausible-but-wrong commands (the sim's fatal mistakes) score 0 with Harbor's verifier", async () => {
    const episodes = await openSplits();
    for (const { env, idx } of episodes) {
      const name = (await env.reset(idx)).info.taskName as string;
      for (const wrong of PLAUSIBLE_WRONG_COMMANDS[name]) {
        const { last } = await episode(env, idx, [exec(wrong), submit]);
        expect({ name, wrong, ...episodeFeedback(last) }).toEqual({ name, wrong, reward: 0, resolved: false });
      }
    }
    await Promise.all([...new Set(episodes.map((e) => e.env))].map((env) => env.close()));
  }, 180_000);

  it('shows exit codes and output, ends at the horizon (truncated, still graded), and leaves the host untouched', async () => {
    const env = await harbor.make({ config: { ...SANDBOX, horizon: 2 }, taskSplit: 'train' });
    const reset = await env.reset(0);
    const task = tasks.find((t) => t.name === reset.info.taskName)!;
    const probe = await env.step(exec('echo out; echo err >&2; touch /etc/autopilot-sandbox-probe; exit 3'));
    expect(lastToolResult(probe).result).toBe('exit code: 3\nstdout:\nout\nstderr:\nerr');
    expect(existsSync('/etc/autopilot-sandbox-probe')).toBe(false); // the write landed in the overlay
    const last = await env.step(exec(task.solution.join(' && ')));
    expect(last.truncated).toBe(true);
    expect(last.terminated).toBe(false);
    expect(episodeFeedback(last)).toEqual({ reward: 1, resolved: true });
    await expect(env.step(submit)).rejects.toThrow(/after the episode ended/);
    await env.close();
  }, 60_000);

  it('loads tasks from a local registry.json (Harbor format) and rejects bad env_config with the key named', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'harbor-registry-'));
    try {
      const registry = [{ name: 'fixtures', version: '1.0', description: 'ours', tasks: tasks.map((t) => ({ name: t.name, path: path.join(fixtureTasksDir(), t.name) })) }];
      await fs.writeFile(path.join(dir, 'registry.json'), JSON.stringify(registry));
      const env = await harbor.make({ config: { registry_path: path.join(dir, 'registry.json'), environment_type: 'local_sandbox', split_ratio: 0.6 }, taskSplit: 'test' });
      const reset = await env.reset(0);
      // fetched at make time: a seeded run's task plan sees the split's real size, not a generated game
      expect(env.numTasks).toBe(2);
      expect(reset.info.numTasks).toBe(2);
      expect(['count-errors', 'edit-config', 'fix-word-count', 'rename-logs', 'sum-column']).toContain(reset.info.taskName);
      await env.close();
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
    const bad = (config: Record<string, unknown>) => harbor.make({ config, taskSplit: 'train' }).catch((e: unknown) => e);
    const unknownKey = await bad({ ...SANDBOX, datset: 'x' });
    expect(unknownKey).toBeInstanceOf(BridgeRemoteError);
    expect((unknownKey as Error).message).toMatch(/env_config\.datset: unknown key/);
    expect(((await bad({ environment_type: 'local_sandbox' })) as Error).message).toMatch(/env_config: no tasks: set dataset_path/);
    expect(((await bad({ dataset_path: '/nonexistent/tasks' })) as Error).message).toMatch(/env_config\.dataset_path: '\/nonexistent\/tasks' does not exist/);
    expect(((await bad({ ...SANDBOX, split_ratio: 1 })) as Error).message).toMatch(/env_config\.split_ratio: expected a number between 0 and 1/);
  }, 60_000);
});

describe("the fixtures through Harbor's own CLI with the local sandbox", () => {
  async function harborRun(agent: 'oracle' | 'nop'): Promise<Record<string, number>> {
    const jobs = await fs.mkdtemp(path.join(os.tmpdir(), `harbor-jobs-${agent}-`));
    try {
      const harborBin = path.join(path.dirname(python), 'harbor');
      const env = { ...process.env, PYTHONPATH: path.join(__dirname, 'python'), LITELLM_LOCAL_MODEL_COST_MAP: 'True' };
      const args = ['run', '-p', fixtureTasksDir(), '-a', agent, '--env', 'envs._harbor.local_sandbox:LocalSandboxEnvironment', '-o', jobs, '-n', '2', '-y', '-q'];
      await run(harborBin, args, { env, cwd: jobs, timeout: 240_000 });
      const [job] = await fs.readdir(jobs);
      const rewards: Record<string, number> = {};
      for (const entry of await fs.readdir(path.join(jobs, job), { withFileTypes: true })) {
        if (!entry.isDirectory()) continue;
        const trial = JSON.parse(await fs.readFile(path.join(jobs, job, entry.name, 'result.json'), 'utf8'));
        expect(trial.exception_info).toBeNull();
        rewards[trial.task_name] = trial.verifier_result.rewards.reward;
      }
      return rewards;
    } finally {
      await fs.rm(jobs, { recursive: true, force: true });
    }
  }

  it('`harbor run -a oracle` scores 1 and `-a nop` scores 0 on all five tasks', async () => {
    const names = tasks.map((t) => t.name);
    expect(await harborRun('oracle')).toEqual(Object.fromEntries(names.map((n) => [n, 1])));
    expect(await harborRun('nop')).toEqual(Object.fromEntries(names.map((n) => [n, 0])));
  }, 300_000);
});

describe('the four named Harbor datasets in preflight', () => {
  const ok: HarborHostProbes = { docker: async () => null, registry: async () => null };
  const offline: HarborHostProbes = {
    docker: async () => '`docker` is not on the PATH',
    registry: async () => 'https://hub.harborframework.com unreachable: getaddrinfo ENOTFOUND hub.harborframework.com',
  };

  it('are registered, and resolve to their datasets (preset; env_config may still override)', () => {
    expect(HARBOR_NAMED_DATASETS).toEqual({
      harbor_lawbench_v0: 'lawbench@1.0',
      harbor_medagentbench_v0: 'medagentbench@1.0',
      harbor_replicationbench_v0: 'replicationbench@1.0',
      harbor_terminal_bench_v0: 'terminal-bench@2.0',
    });
    for (const name of Object.keys(HARBOR_NAMED_DATASETS)) expect(getEnvironment(name).name).toBe(name);
  });

  it.each(Object.entries(HARBOR_NAMED_DATASETS))('%s passes with Docker and network, and without them names both and how to get them', async (name, dataset) => {
    await expect(createHarborEnvironment(name, ok).preflight!({}, {})).resolves.toBeUndefined();
    const error = await createHarborEnvironment(name, offline).preflight!({}, {}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EnvironmentUnavailableError);
    const message = (error as Error).message;
    expect(message).toMatch(new RegExp(`^${name} cannot run here; missing:`));
    expect(message).toContain(`network access to Harbor's registry (https://hub.harborframework.com) for dataset ${dataset} (https://hub.harborframework.com unreachable`);
    expect(message).toContain(`\`harbor datasets download ${dataset} -o DIR\``);
    expect(message).toContain('a running Docker daemon');
    expect(message).toContain('install Docker (https://docs.docker.com/engine/install/)');
    // the harbor package itself is there (.venv-harbor)
    expect(message).not.toContain("Python module 'harbor'");
    // a local copy of the dataset and another backend need neither
    await expect(createHarborEnvironment(name, offline).preflight!({ dataset_path: fixtureTasksDir(), environment_type: 'local_sandbox' }, {})).resolves.toBeUndefined();
  }, 60_000);

  it('on this machine (no Docker, no network) the real probes fail the named datasets too; Daytona asks for its key', async () => {
    const message = await getEnvironment('harbor_terminal_bench_v0').preflight!({}, {}).catch((e: Error) => e.message);
    expect(message).toContain('a running Docker daemon');
    expect(message).toContain('for dataset terminal-bench@2.0');
    const daytona = await createHarborEnvironment('harbor_v0', ok).preflight!({ dataset: 'lawbench@1.0', environment_type: 'daytona' }, {}).catch((e: Error) => e.message);
    expect(daytona).toContain('environment variable DAYTONA_API_KEY (not set)');
    expect(daytona).not.toContain('Docker');
  }, 60_000);

  it("the original terminal_bench.yaml (harbor_v0 on Daytona) fails the CLI's preflight naming the network, Daytona's SDK and key", async () => {
    const [environment] = loadConfig(path.join(__dirname, '..', '..', 'configs', 'terminal_bench.yaml')).environments;
    const problems = await checkEnvironment(environment, 'environments[0]', {});
    expect(problems).toHaveLength(1);
    expect(problems[0].where).toBe('environments[0].llmgym_env');
    expect(problems[0].message).toContain('environment variable DAYTONA_API_KEY (not set)');
    expect(problems[0].message).toContain("Python module 'daytona'");
    expect(problems[0].message).toContain('for dataset terminal-bench@2.0');
    expect(problems[0].message).not.toContain('Docker daemon');
  }, 60_000);

  it('a registry dataset is fetched by Harbor at make time: offline that fails naming the dataset and the source', async () => {
    const error = await createBridgedEnvironment('harbor_terminal_bench_v0', { client })
      .make({ config: { environment_type: 'local_sandbox' }, taskSplit: 'train' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BridgeRemoteError);
    expect((error as Error).message).toMatch(/Harbor could not load dataset 'terminal-bench@2\.0' from Harbor's registry/);
  }, 120_000);
});

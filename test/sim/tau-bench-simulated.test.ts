/**
 * τ-bench on simulated models. First the pure part: along each test task's ideal path, the
 * simulated agent errs more on a smaller tier and more without the domain policy (the skill
 * model's rates on the τ oracles). Then a real episode: a T0 config generated from the spec, the
 * built-in gateway in this process, the simulated provider behind it, the bridge in .venv-tau2
 * and tau2's own evaluator, with the customer's calls going through the gateway as
 * `simulate_user` (env_config.user_model without base_url).
 */
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import pino from 'pino';
import { createGatewayServer } from '../../builtin-gateway';
import type { ChatCompletionRequest } from '../../common/oracle-contract/chat-request';
import { tauBenchAirline } from '../../environments/bridge/definitions';
import { installedTau2Domains, TAU2_DOMAINS, type Tau2Domain, type Tau2Task } from '../../environments/tau-bench/gold-tasks';
import { tauAgentOracle } from '../../environments/tau-bench/oracles';
import { CONFIRMATION_QUESTION, CUSTOMER_YES, customerOpening } from '../../environments/tau-bench/scenario-text';
import { createGatewayClient } from '../../gateway/client';
import { generateT0Config } from '../../gateway/t0-config';
import type { InferenceRequest } from '../../gateway/wire';
import { runRollout } from '../../rollouts/run-rollout';
import { createSimProviderServer } from '../../sim-provider/server';
import { simulateCompletion } from '../../sim-provider/simulate';
import { BUILTIN_ORACLES } from '../../workers/sim-oracles';
import { agentRequest, type AgentTurn } from '../fixtures/tau2-requests';

const domains = installedTau2Domains()!;

/** The agent's requests along a task's ideal path (what a flawless agent would be asked). */
function idealPathRequests(domain: Tau2Domain, task: Tau2Task, system: string, model: string): ChatCompletionRequest[] {
  const opening = customerOpening(task, domains.get(domain)!.tasks);
  const turns: AgentTurn[] = [];
  const requests: ChatCompletionRequest[] = [];
  for (;;) {
    const request = agentRequest(domain, system, opening, turns, model);
    requests.push(request);
    const answer = tauAgentOracle.answer(request)!;
    if (answer.kind === 'tool_call') turns.push({ call: answer.ideal, result: '{"ok": true}' });
    else if (answer.kind === 'text' && answer.ideal.includes(CONFIRMATION_QUESTION)) turns.push({ agent: answer.ideal }, { customer: CUSTOMER_YES });
    else return requests;
  }
}

/** Share of ideal-path turns the simulated agent gets wrong, over both domains' test tasks and three seeds. */
function mistakeShare(model: string, withPolicy: boolean): number {
  let turns = 0;
  let wrong = 0;
  for (const domain of TAU2_DOMAINS) {
    const data = domains.get(domain)!;
    const system = withPolicy ? `You are a customer service agent.\n<policy>\n${data.policyHeading}\n</policy>` : 'You are a customer service agent.';
    for (const task of data.tasks.slice(0, 40)) {
      for (const request of idealPathRequests(domain, task, system, model)) {
        for (const seed of [1, 2, 3]) {
          const { trace } = simulateCompletion(request, { seed, oracles: BUILTIN_ORACLES });
          expect(trace.oracle).toBe('tau_bench::act');
          turns++;
          if (trace.mistakes.length > 0) wrong++;
        }
      }
    }
  }
  return wrong / turns;
}

describe('τ-bench on simulated models', () => {
  it('the simulated agent errs more on smaller tiers and without the policy', () => {
    const small = mistakeShare('sim::small', true);
    const large = mistakeShare('sim::large', true);
    const mediumNoPolicy = mistakeShare('sim::medium', false);
    const medium = mistakeShare('sim::medium', true);
    expect(small).toBeGreaterThan(medium);
    expect(medium).toBeGreaterThan(large);
    expect(mediumNoPolicy).toBeGreaterThan(medium);
    expect(large).toBeGreaterThan(0); // even the large tier slips now and then
  });

  it('an airline episode on sim::large through the built-in gateway: the customer answers through `simulate_user`, tau2 grades', async () => {
    const envConfig = { user_model: { model: 'sim::large' } };
    const tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'tau-sim-'));
    const sim = await createSimProviderServer({ seed: 3, latencyScale: 0, oracles: BUILTIN_ORACLES });
    const spec = await tauBenchAirline.describe(envConfig);
    expect(spec.auxiliaryFunctions?.simulate_user).toMatchObject({ type: 'chat', model: 'sim::large' });
    const config = await generateT0Config({ spec, initialModel: 'sim::large', outDir: path.join(tmp, 'config') });
    const gateway = await createGatewayServer({ configFile: config.configFile, env: { AUTOPILOT_BENCH_SIM_URL: sim.url }, logger: pino({ level: 'silent' }), scheduleExperimentation: false });
    const client = createGatewayClient(gateway.url);
    const calls: InferenceRequest[] = [];
    try {
      const result = await runRollout({
        gateway: { inference: (request) => (calls.push(request), client.inference(request)), feedback: (request) => client.feedback(request) },
        environment: tauBenchAirline,
        envConfig,
        episodes: 2,
        concurrency: 2,
        taskSplit: 'test',
        episodeTimeoutMs: 300_000,
        seed: 1,
        uniqueTasks: true,
        outputDir: path.join(tmp, 'out'),
      });
      expect(result.succeeded).toBe(2);
      for (const episode of result.episode_results) {
        // tau2's grade on the last step: 0 or 1, never missing
        expect(episode.feedback_values.success).toHaveLength(1);
        expect(episode.feedback_values.reward.at(-1)).toBe(episode.feedback_values.success[0]);
      }
      const customer = calls.filter((c) => c.function_name === 'tau_bench_airline_v0::simulate_user');
      const agent = calls.filter((c) => c.function_name === 'tau_bench_airline_v0::act');
      expect(customer.length).toBeGreaterThanOrEqual(4); // each episode: the opening and at least one reply
      expect(agent.length).toBeGreaterThanOrEqual(2);
      // the customer's calls carry tau2's scenario and share the agent's episode ids
      expect(String(customer[0].input.system)).toContain('<scenario>');
      expect(new Set(customer.map((c) => c.episode_id))).toEqual(new Set(agent.map((c) => c.episode_id)));
    } finally {
      await gateway.close();
      await sim.close();
      await fs.rm(tmp, { recursive: true, force: true });
    }
  }, 300_000);
});

import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import pino from 'pino';
import { createGatewayServer, type GatewayServer } from '../../builtin-gateway';
import { uuid7 } from '../../common/uuid7';
import { createGatewayClient } from '../../gateway/client';
import { generateT0Config } from '../../gateway/t0-config';
import type { GatewayClient } from '../../gateway/types';
import { observationToInput, responseToAction } from '../../rollouts/agent';
import { runRollout } from '../../rollouts/run-rollout';
import { createSimProviderServer } from '../../sim-provider/server';
import type { SimProviderServer } from '../../sim-provider/types';
import { BUILTIN_ORACLES } from '../../workers/sim-oracles';
import type { FeedbackCollection, Observation } from '../../environments/types';
import { twentyQuestionsEnvironment } from '../../environments/twenty-questions';
import { answerOfReply, NO_QUESTION_REPLY } from '../../environments/twenty-questions/answers';
import { findItem } from '../../environments/twenty-questions/catalogue';

/**
 * 21 Questions end to end: a T0 config generated from the spec, the built-in gateway in this
 * process, the simulated provider behind it. The agent runs on sim::large (it plays well), the
 * helpers on sim::large via env_config.
 */
const ENV_CONFIG = { answerer_model: 'sim::large' };
const ASK = '21_questions_v0::ask_question';

let tmp: string;
let sim: SimProviderServer;
let gateway: GatewayServer;
let client: GatewayClient;

beforeAll(async () => {
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'twenty-questions-e2e-'));
  sim = await createSimProviderServer({ seed: 7, latencyScale: 0, oracles: BUILTIN_ORACLES });
  const spec = await twentyQuestionsEnvironment.describe(ENV_CONFIG);
  const config = await generateT0Config({ spec, initialModel: 'sim::large', outDir: path.join(tmp, 'config') });
  gateway = await createGatewayServer({
    configFile: config.configFile,
    env: { AUTOPILOT_BENCH_SIM_URL: sim.url },
    logger: pino({ level: 'silent' }),
    scheduleExperimentation: false,
  });
  client = createGatewayClient(gateway.url);
});

afterAll(async () => {
  await gateway?.close();
  await sim?.close();
  await fs.rm(tmp, { recursive: true, force: true });
});

/** One episode the way the rollout runner plays it, keeping every observation. */
async function playEpisode(taskIdx?: number) {
  const episodeId = uuid7();
  const env = await twentyQuestionsEnvironment.make({ config: ENV_CONFIG, gateway: client, episodeId, taskSplit: 'train' });
  const reset = await env.reset(taskIdx);
  const observations: Observation[] = [reset.observation];
  const feedback: FeedbackCollection[] = [];
  let end = { terminated: false, truncated: false };
  for (let step = 1; step <= env.spec.horizon; step++) {
    const observation = observations[observations.length - 1];
    const response = await client.inference({ function_name: ASK, episode_id: episodeId, input: observationToInput(observation) });
    const data = await env.step(responseToAction(response));
    observations.push(data.observation);
    feedback.push(data.feedback);
    end = { terminated: data.terminated, truncated: data.truncated };
    if (data.terminated || data.truncated) break;
  }
  await env.close();
  return { episodeId, secret: reset.info.secret as string, observations, feedback, end };
}

describe('21_questions_v0 against the built-in gateway and the simulated provider', () => {
  it('plays an episode to the end with the full history in each observation and metrics only at the end', async () => {
    const { secret, observations, feedback, end } = await playEpisode(3);
    expect(findItem(secret)).toBeDefined(); // the simulated generator picks from the catalogue

    const first = observations[0];
    expect(first).toEqual({ functionName: 'ask_question', system: [{ type: 'text_result', value: { remaining_questions: 21 } }], messages: [] });

    const last = observations[observations.length - 1];
    const asked = observations.length - 1;
    expect(last.messages).toHaveLength(2 * asked);
    last.messages.forEach((message, i) => {
      if (i % 2 === 0) {
        expect(message.role).toBe('assistant');
        expect(message.content).toMatchObject({ type: 'json', content: { thinking: expect.any(String), question: expect.any(String) } });
      } else {
        expect(message.role).toBe('user');
        const reply = (message.content as { type: string; value: string }[])[0];
        expect(reply.type).toBe('text_result');
        expect(answerOfReply(reply.value)).not.toBeNull();
      }
    });
    // each observation extends the previous one and counts down the questions left
    observations.forEach((observation, i) => {
      expect(observation.messages).toEqual(last.messages.slice(0, 2 * i));
      expect(observation.system).toEqual([{ type: 'text_result', value: { remaining_questions: 21 - i } }]);
    });

    expect(feedback.slice(0, -1).every((f) => f.episode.length === 0 && f.inference.length === 0)).toBe(true);
    const solved = end.terminated;
    expect(end.truncated).toBe(!solved);
    expect(feedback[feedback.length - 1]).toEqual({
      inference: [],
      episode: [
        { name: 'solved', value: solved },
        { name: 'num_questions', value: asked },
      ],
    });
    if (solved) {
      const lastReply = (last.messages[last.messages.length - 1].content as { value: string }[])[0].value;
      expect(lastReply).toBe(`Solved! The secret was: ${secret}.`);
    } else {
      expect(asked).toBe(21);
    }
  });

  it('gives the same task index the same secret and stores helper calls under their own function names', async () => {
    const a = await playEpisode(11);
    const b = await playEpisode(11);
    expect(b.secret).toBe(a.secret);

    const { inferences } = await client.listInferences({ limit: 1000 });
    const ofEpisode = inferences.filter((i) => i.episode_id === a.episodeId);
    const count = (fn: string) => ofEpisode.filter((i) => i.function_name === fn).length;
    const asked = a.observations.length - 1;
    expect(count(ASK)).toBe(asked);
    expect(count('21_questions_v0::generate_secret')).toBe(1);
    // every turn with a readable question is answered; a reply without one (a rare malformed answer) is not
    const lastMessages = a.observations[a.observations.length - 1].messages;
    const unreadable = lastMessages.filter((m) => m.role === 'user' && JSON.stringify(m.content).includes(NO_QUESTION_REPLY.slice(0, 40))).length;
    expect(count('21_questions_v0::answer_question')).toBe(asked - unreadable);
    // the helpers see the secret; the agent's calls never do
    const secretCall = ofEpisode.find((i) => i.function_name === '21_questions_v0::generate_secret')!;
    expect(secretCall.output).toMatchObject({ parsed: { secret: a.secret } });
    const answerCall = ofEpisode.find((i) => i.function_name === '21_questions_v0::answer_question')!;
    expect(answerCall.input.system).toEqual({ secret: a.secret });
    for (const inference of ofEpisode.filter((i) => i.function_name === ASK)) {
      expect(JSON.stringify(inference.input)).not.toContain(`"secret"`);
    }
  });

  it('runs through the rollout runner: metrics reach the gateway for ask_question only', async () => {
    const outputDir = path.join(tmp, 'rollout');
    const result = await runRollout({
      gateway: client,
      environment: twentyQuestionsEnvironment,
      episodes: 6,
      concurrency: 3,
      taskSplit: 'train',
      envConfig: ENV_CONFIG,
      episodeTimeoutMs: null,
      seed: 1,
      uniqueTasks: false,
      outputDir,
    });
    expect(result.failed).toBe(0);
    expect(result.succeeded).toBe(6);
    expect(Object.keys(result.variant_metrics).sort()).toEqual(['num_questions', 'solved']);
    for (const episode of result.episode_results) {
      expect(episode.feedback_values.solved).toHaveLength(1);
      expect(episode.feedback_values.num_questions[0]).toBeGreaterThanOrEqual(1);
      expect(episode.feedback_values.num_questions[0]).toBeLessThanOrEqual(21);
    }
    // sim::large plays well: most games are solved
    expect(result.episode_results.filter((e) => e.feedback_values.solved[0] === 1).length).toBeGreaterThanOrEqual(4);

    const { performances } = await client.variantPerformances(ASK, 'solved', 'cumulative');
    expect(performances).toHaveLength(1);
    expect(performances[0].variant_name).toBe('initial');
    expect(performances[0].count).toBe(6); // one per episode with episode-level feedback
    const stored = await client.listInferences({ functionName: '21_questions_v0::answer_question', limit: 1000 });
    expect(stored.inferences.length).toBeGreaterThan(0);
    expect(stored.inferences.every((i) => i.function_name === '21_questions_v0::answer_question')).toBe(true);
  });
});

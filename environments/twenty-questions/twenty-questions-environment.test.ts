import { uuid7 } from '../../common/uuid7';
import type { InferenceRequest, InferenceResponse } from '../../gateway/wire';
import { EnvironmentStateError, InvalidActionError } from '../errors';
import type { EnvironmentGateway } from '../types';
import { twentyQuestionsEnvironment } from '.';
import { NO_QUESTION_REPLY } from './answers';
import { HelperOutputError, MissingGatewayError } from './errors';
import { SECRET_TEMPERATURE, secretSeed } from './helper-calls';

/**
 * The environment against a scripted gateway: what it sends to its helpers, what the agent sees,
 * when it ends and what it reports.
 */
type Reply = { parsed: Record<string, unknown> | null; raw?: string };

function scriptedGateway(replies: { secret?: Reply[]; answers?: Reply[] }) {
  const requests: InferenceRequest[] = [];
  const queues: Record<string, Reply[]> = {
    '21_questions_v0::generate_secret': [...(replies.secret ?? [])],
    '21_questions_v0::answer_question': [...(replies.answers ?? [])],
  };
  const gateway: EnvironmentGateway = {
    async inference(request) {
      requests.push(structuredClone(request));
      const fallback: Reply = request.function_name === '21_questions_v0::generate_secret' ? { parsed: { secret: 'cat' } } : { parsed: { explanation: '', answer: 'no' } };
      const reply = queues[request.function_name!]?.shift() ?? fallback;
      const response: InferenceResponse = {
        inference_id: uuid7(),
        episode_id: request.episode_id ?? uuid7(),
        variant_name: 'initial',
        usage: { input_tokens: 1, output_tokens: 1 },
        output: { raw: reply.raw ?? JSON.stringify(reply.parsed), parsed: reply.parsed },
      };
      return response;
    },
  };
  return { gateway, requests };
}

const ask = (question: string) => ({ type: 'json' as const, content: { thinking: 'hmm', question } });
const yes = { parsed: { explanation: 'It is.', answer: 'yes' } };
const no = { parsed: { explanation: 'It is not.', answer: 'no' } };
const solved = { parsed: { explanation: 'Named.', answer: 'solved' } };

describe('TwentyQuestionsEnvironment', () => {
  it('needs the gateway at make time', async () => {
    await expect(twentyQuestionsEnvironment.make({ config: {} })).rejects.toThrow(MissingGatewayError);
    await expect(twentyQuestionsEnvironment.make({ config: {} })).rejects.toThrow(/needs options.gateway/);
  });

  it('is generative: no tasks, horizon 21', async () => {
    const { gateway } = scriptedGateway({});
    const env = await twentyQuestionsEnvironment.make({ gateway, taskSplit: 'test' });
    expect(env.numTasks).toBeNull();
    expect(env.spec.horizon).toBe(21);
  });

  it('asks the generator for a secret with the episode id and a game key from the task index', async () => {
    const { gateway, requests } = scriptedGateway({});
    const episodeId = uuid7();
    const env = await twentyQuestionsEnvironment.make({ gateway, episodeId });
    const reset = await env.reset(4);
    expect(reset.observation).toEqual({ functionName: 'ask_question', system: [{ type: 'text_result', value: { remaining_questions: 21 } }], messages: [] });
    expect(reset.info).toMatchObject({ game: 'task 4', secret: 'cat' });
    expect(requests).toEqual([
      {
        function_name: '21_questions_v0::generate_secret',
        episode_id: episodeId,
        input: { messages: [{ role: 'user', content: [{ type: 'text', text: 'New game (task 4). Think of the secret for this game.' }] }] },
        // sampled with a seed from the game key: a greedy model would pick the same secret for every game
        params: { chat_completion: { temperature: SECRET_TEMPERATURE, seed: secretSeed('task 4') } },
      },
    ]);
    // without a task index the episode id names the game
    await env.reset();
    expect(JSON.stringify(requests[1].input)).toContain(`episode ${episodeId}`);
  });

  it('keeps train and test games apart: the split is part of the game key', async () => {
    const { gateway, requests } = scriptedGateway({});
    const train = await twentyQuestionsEnvironment.make({ gateway, taskSplit: 'train' });
    const test = await twentyQuestionsEnvironment.make({ gateway, taskSplit: 'test' });
    expect((await train.reset(7)).info).toMatchObject({ game: 'train task 7' });
    expect((await test.reset(7)).info).toMatchObject({ game: 'test task 7' });
    expect(JSON.stringify(requests[0].input)).not.toEqual(JSON.stringify(requests[1].input));
  });

  it('answers each question through answer_question with the history, and ends on "solved"', async () => {
    const { gateway, requests } = scriptedGateway({ answers: [yes, no, solved] });
    const episodeId = uuid7();
    const env = await twentyQuestionsEnvironment.make({ gateway, episodeId });
    await env.reset(0);

    const s1 = await env.step(ask('Is it an animal?'));
    expect(s1).toMatchObject({ terminated: false, truncated: false, feedback: { inference: [], episode: [] } });
    expect(s1.observation.system).toEqual([{ type: 'text_result', value: { remaining_questions: 20 } }]);
    expect(s1.observation.messages).toEqual([
      { role: 'assistant', content: ask('Is it an animal?') },
      { role: 'user', content: [{ type: 'text_result', value: 'Yes.' }] },
    ]);
    const s2 = await env.step(ask('Can it fly?'));
    expect(s2.observation.messages[3]).toEqual({ role: 'user', content: [{ type: 'text_result', value: 'No.' }] });
    const s3 = await env.step(ask('Is it a cat?'));
    expect(s3).toMatchObject({ terminated: true, truncated: false });
    expect(s3.observation.messages).toHaveLength(6);
    expect(s3.observation.messages[5]).toEqual({ role: 'user', content: [{ type: 'text_result', value: 'Solved! The secret was: cat.' }] });
    expect(s3.feedback).toEqual({ inference: [], episode: [{ name: 'solved', value: true }, { name: 'num_questions', value: 3 }] });

    const third = requests[3];
    expect(third.function_name).toBe('21_questions_v0::answer_question');
    expect(third.episode_id).toBe(episodeId);
    expect(third.input).toEqual({
      system: { secret: 'cat' },
      messages: [
        { role: 'user', content: [{ type: 'text', text: 'Is it an animal?' }] },
        { role: 'assistant', content: [{ type: 'text', text: JSON.stringify({ explanation: 'It is.', answer: 'yes' }) }] },
        { role: 'user', content: [{ type: 'text', text: 'Can it fly?' }] },
        { role: 'assistant', content: [{ type: 'text', text: JSON.stringify({ explanation: 'It is not.', answer: 'no' }) }] },
        { role: 'user', content: [{ type: 'text', text: 'Is it a cat?' }] },
      ],
    });
    await expect(env.step(ask('again?'))).rejects.toThrow(EnvironmentStateError);
  });

  it('is truncated at the horizon with solved=false and num_questions=21', async () => {
    const { gateway } = scriptedGateway({});
    const env = await twentyQuestionsEnvironment.make({ gateway });
    await env.reset(1);
    let last;
    for (let i = 1; i <= 21; i++) {
      last = await env.step(ask(`Question ${i}?`));
      if (i < 21) expect(last.feedback.episode).toEqual([]);
    }
    expect(last).toMatchObject({ terminated: false, truncated: true });
    expect(last!.feedback.episode).toEqual([{ name: 'solved', value: false }, { name: 'num_questions', value: 21 }]);
    expect(last!.observation.system).toEqual([{ type: 'text_result', value: { remaining_questions: 0 } }]);
  });

  it('counts an output without a question as a question and does not call the answerer', async () => {
    const { gateway, requests } = scriptedGateway({});
    const env = await twentyQuestionsEnvironment.make({ gateway });
    await env.reset(0);
    const step = await env.step({ type: 'json', content: null });
    expect(step.observation.messages).toEqual([
      { role: 'assistant', content: { type: 'json', content: null } },
      { role: 'user', content: [{ type: 'text_result', value: NO_QUESTION_REPLY }] },
    ]);
    await env.step({ type: 'json', content: { thinking: 'x', question: '   ' } });
    expect(requests.map((r) => r.function_name)).toEqual(['21_questions_v0::generate_secret']);
    expect(step.observation.system).toEqual([{ type: 'text_result', value: { remaining_questions: 20 } }]);
  });

  it('gives each game key its own secret seed, the same every time', () => {
    const seeds = ['train task 1', 'train task 2', 'test task 1', 'task 1'].map(secretSeed);
    expect(new Set(seeds).size).toBe(4);
    expect(secretSeed('train task 1')).toBe(seeds[0]);
    for (const seed of seeds) expect(Number.isInteger(seed) && seed >= 0 && seed < 2 ** 31).toBe(true);
  });

  it('rejects chat actions and steps before reset', async () => {
    const { gateway } = scriptedGateway({});
    const env = await twentyQuestionsEnvironment.make({ gateway });
    await expect(env.step(ask('Is it alive?'))).rejects.toThrow(EnvironmentStateError);
    await env.reset(0);
    await expect(env.step([{ type: 'text', content: 'Is it alive?' }])).rejects.toThrow(InvalidActionError);
  });

  it('reads the answer word from raw output that failed the schema, and retries unusable output with a seed', async () => {
    const { gateway, requests } = scriptedGateway({
      secret: [{ parsed: null, raw: 'I pick...' }, { parsed: null, raw: '{"secret": "piano",}' }],
      answers: [{ parsed: null, raw: "{'explanation': 'sure', 'answer': 'yes'}" }],
    });
    const env = await twentyQuestionsEnvironment.make({ gateway });
    const reset = await env.reset(0);
    expect(reset.info.secret).toBe('piano');
    const seed = secretSeed('task 0');
    expect(requests.slice(0, 2).map((r) => r.params)).toEqual([
      { chat_completion: { temperature: SECRET_TEMPERATURE, seed } },
      { chat_completion: { temperature: SECRET_TEMPERATURE, seed: seed + 1 } },
    ]);
    const step = await env.step(ask('Is it made of wood?'));
    expect(step.info).toMatchObject({ answer: 'yes' });
    // the answerer stays greedy (its retries, below, get seeds of their own)
    expect(requests[2].params).toBeUndefined();
  });

  it('fails the episode with HelperOutputError when a helper never answers usably', async () => {
    const garbage = { parsed: null, raw: 'hmm, let me think' };
    const { gateway } = scriptedGateway({ answers: [garbage, garbage, garbage] });
    const env = await twentyQuestionsEnvironment.make({ gateway });
    await env.reset(0);
    const failure = env.step(ask('Is it alive?'));
    await expect(failure).rejects.toThrow(HelperOutputError);
    await expect(failure).rejects.toMatchObject({ functionName: '21_questions_v0::answer_question', attempts: 3, lastOutput: 'hmm, let me think' });
  });
});

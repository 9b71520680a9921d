import * as path from 'node:path';
import { loadConfig } from '../../config/load';
import { InvalidEnvironmentConfigError } from '../errors';
import { getEnvironment } from '../registry';
import { twentyQuestionsEnvironment } from '.';
import { parseTwentyQuestionsEnvConfig } from './env-config';
import { MissingAnswererCredentialError } from './errors';

describe('21_questions_v0 env_config', () => {
  it('defaults the answerer to the original spirit (an OpenAI mini model) and takes another one', () => {
    expect(parseTwentyQuestionsEnvConfig(undefined)).toEqual({ answerer_model: 'openai::gpt-4o-mini' });
    expect(parseTwentyQuestionsEnvConfig({ answerer_model: 'sim::large' })).toEqual({ answerer_model: 'sim::large' });
  });

  it('rejects unknown keys by name', () => {
    const attempt = () => parseTwentyQuestionsEnvConfig({ answerer_modle: 'sim::large', task_split: 'train' });
    expect(attempt).toThrow(InvalidEnvironmentConfigError);
    expect(attempt).toThrow(/env_config\.answerer_modle, env_config\.task_split: unknown key; 21_questions_v0 accepts only answerer_model/);
    try {
      attempt();
    } catch (err) {
      expect(err).toMatchObject({ environment: '21_questions_v0', key: 'env_config.answerer_modle, env_config.task_split' });
    }
  });

  it('rejects a model that is not provider::model, showing the value', () => {
    expect(() => parseTwentyQuestionsEnvConfig({ answerer_model: 'gpt-4o-mini' })).toThrow(/env_config\.answerer_model: expected a `provider::model` name.*\(got "gpt-4o-mini"\)/);
    expect(() => parseTwentyQuestionsEnvConfig({ answerer_model: 3 })).toThrow(/env_config\.answerer_model: .*\(got 3\)/);
  });

  it('is registered and validates env_config in describe and make', async () => {
    expect(getEnvironment('21_questions_v0')).toBe(twentyQuestionsEnvironment);
    await expect(twentyQuestionsEnvironment.describe({ nope: 1 })).rejects.toThrow(/env_config\.nope: unknown key/);
    await expect(twentyQuestionsEnvironment.make({ config: { nope: 1 }, gateway: { inference: jest.fn() } })).rejects.toThrow(InvalidEnvironmentConfigError);
  });

  it('describes ask_question, the metrics and both helpers on the answerer model', async () => {
    const spec = await twentyQuestionsEnvironment.describe({ answerer_model: 'sim::large' });
    expect(Object.keys(spec.functions)).toEqual(['ask_question']);
    expect(spec.functions.ask_question).toMatchObject({
      type: 'json',
      systemSchema: { properties: { remaining_questions: { type: 'integer' } }, required: ['remaining_questions'] },
      outputSchema: { required: ['thinking', 'question'] },
    });
    expect(spec.functions.ask_question.exampleSystemTemplate).toContain('{{ remaining_questions }}');
    expect(spec.metrics).toEqual({
      solved: { type: 'boolean', optimize: 'max', level: 'episode' },
      num_questions: { type: 'float', optimize: 'min', level: 'episode' },
    });
    expect(spec.horizon).toBe(21);
    expect(Object.keys(spec.auxiliaryFunctions!).sort()).toEqual(['answer_question', 'generate_secret']);
    expect(spec.auxiliaryFunctions!.generate_secret).toMatchObject({ type: 'json', model: 'sim::large', outputSchema: { required: ['secret'] } });
    expect(spec.auxiliaryFunctions!.answer_question).toMatchObject({
      type: 'json',
      model: 'sim::large',
      systemSchema: { required: ['secret'] },
      outputSchema: { properties: { answer: { enum: ['yes', 'no', 'solved'] } } },
    });
    expect((await twentyQuestionsEnvironment.describe()).auxiliaryFunctions!.answer_question.model).toBe('openai::gpt-4o-mini');
  });

  it('preflight: needs the answerer provider key, nothing for sim', async () => {
    const preflight = twentyQuestionsEnvironment.preflight!;
    await expect(preflight({}, {})).rejects.toThrow(MissingAnswererCredentialError);
    await expect(preflight({}, {})).rejects.toThrow(/'openai::gpt-4o-mini' needs OPENAI_API_KEY/);
    await expect(preflight({}, { OPENAI_API_KEY: 'k' })).resolves.toBeUndefined();
    await expect(preflight({ answerer_model: 'sim::large' }, {})).resolves.toBeUndefined();
    await expect(preflight({ bad: 1 }, {})).rejects.toThrow(InvalidEnvironmentConfigError);
  });

  it('accepts the offline quickstart config without any API key', async () => {
    const [env] = loadConfig(path.join(__dirname, '../../configs/quickstart-21q.yaml')).environments;
    await expect(twentyQuestionsEnvironment.preflight!(env.env_config, {})).resolves.toBeUndefined();
    const spec = await twentyQuestionsEnvironment.describe(env.env_config);
    expect(spec.auxiliaryFunctions!.answer_question.model).toBe('sim::large');
  });
});

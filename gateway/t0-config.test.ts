import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parse } from 'smol-toml';
import { T0ConfigError } from './errors';
import { auxiliaryDescription, generateT0Config } from './t0-config';
import { t0FunctionName } from './t0-names';
import type { EnvironmentSpec } from '../environments/types';
import { sampleEnvironment } from '../test/fixtures/sample-environment';

let tmp: string;
beforeEach(async () => {
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), 't0-config-'));
});
afterEach(async () => {
  await fs.rm(tmp, { recursive: true, force: true });
});

const read = (dir: string, rel: string) => fs.readFile(path.join(dir, rel), 'utf8');

describe('generateT0Config', () => {
  it('names functions <env>::<fn> with dashes replaced and returns the config locations', async () => {
    const out = path.join(tmp, 'config');
    const loc = await generateT0Config({ spec: sampleEnvironment, initialModel: 'sim::small', outDir: out });
    expect(loc).toEqual({
      configDir: out,
      configFile: path.join(out, 'tensorzero.toml'),
      configGlob: path.join(out, '**', '*.toml'),
    });
    const toml = parse(await read(out, 'tensorzero.toml')) as any;
    expect(Object.keys(toml.functions).sort()).toEqual(['sample_env_v0::act', 'sample_env_v0::extract_entities']);
    expect(t0FunctionName('sample_env_v0', 'extract-entities')).toBe('sample_env_v0::extract_entities');
    expect(toml.gateway).toEqual({ observability: { backend: 'postgres' } });
  });

  it('writes a json function with schemas, output schema, strict json mode and template files', async () => {
    const out = path.join(tmp, 'config');
    await generateT0Config({ spec: sampleEnvironment, initialModel: 'sim::small', outDir: out });
    const toml = parse(await read(out, 'tensorzero.toml')) as any;
    const dir = 'functions/sample_env_v0__extract_entities';
    expect(toml.functions['sample_env_v0::extract_entities']).toEqual({
      type: 'json',
      user_schema: `${dir}/user_schema.json`,
      output_schema: `${dir}/output_schema.json`,
      variants: {
        initial: {
          type: 'chat_completion',
          model: 'sim::small',
          system_template: `${dir}/initial/system_template.minijinja`,
          user_template: `${dir}/initial/user_template.minijinja`,
          json_mode: 'strict',
        },
      },
    });
    expect(JSON.parse(await read(out, `${dir}/user_schema.json`))).toEqual(sampleEnvironment.functions['extract-entities'].userSchema);
    expect(JSON.parse(await read(out, `${dir}/output_schema.json`))).toEqual(sampleEnvironment.functions['extract-entities'].outputSchema);
    expect(await read(out, `${dir}/initial/system_template.minijinja`)).toBe('Extract the people named in the text as JSON.');
    expect(await read(out, `${dir}/initial/user_template.minijinja`)).toBe('Text: {{ text }}');
    await expect(fs.stat(path.join(out, dir, 'system_schema.json'))).rejects.toThrow();
  });

  it('writes a chat function with tools, tool files, metrics and no json_mode', async () => {
    const out = path.join(tmp, 'config');
    await generateT0Config({ spec: sampleEnvironment, initialModel: 'openai::gpt-5-mini', outDir: out });
    const toml = parse(await read(out, 'tensorzero.toml')) as any;
    const dir = 'functions/sample_env_v0__act';
    expect(toml.functions['sample_env_v0::act']).toEqual({
      type: 'chat',
      system_schema: `${dir}/system_schema.json`,
      tools: ['lookup_order', 'cancel_order'],
      tool_choice: 'auto',
      parallel_tool_calls: false,
      variants: {
        initial: { type: 'chat_completion', model: 'openai::gpt-5-mini', system_template: `${dir}/initial/system_template.minijinja` },
      },
    });
    expect(toml.tools).toEqual({
      lookup_order: { description: 'Look up an order by id', parameters: 'tools/lookup_order.json' },
      cancel_order: { description: 'Cancel an order', parameters: 'tools/cancel_order.json' },
    });
    expect(JSON.parse(await read(out, 'tools/lookup_order.json'))).toEqual(sampleEnvironment.tools.lookup_order.parameters);
    expect(toml.metrics).toEqual({
      exact_match: { type: 'boolean', optimize: 'max', level: 'inference' },
      reward: { type: 'float', optimize: 'max', level: 'episode' },
    });
  });

  it('sets the description on every function when given', async () => {
    const out = path.join(tmp, 'config');
    await generateT0Config({ spec: sampleEnvironment, initialModel: 'sim::small', functionDescription: 'Solve the task.', outDir: out });
    const toml = parse(await read(out, 'tensorzero.toml')) as any;
    for (const fn of Object.values(toml.functions) as any[]) expect(fn.description).toBe('Solve the task.');
  });

  it('replaces an existing config directory wholesale and leaves no staging directory behind', async () => {
    const out = path.join(tmp, 'config');
    await fs.mkdir(out);
    await fs.writeFile(path.join(out, 'stale.toml'), 'x = 1');
    await generateT0Config({ spec: sampleEnvironment, initialModel: 'sim::small', outDir: out });
    expect((await fs.readdir(out)).sort()).toEqual(['functions', 'tensorzero.toml', 'tools']);
    expect(await fs.readdir(tmp)).toEqual(['config']);
  });

  it('rejects a function naming an unknown tool and writes nothing', async () => {
    const out = path.join(tmp, 'config');
    const spec = { ...sampleEnvironment, functions: { act: { ...sampleEnvironment.functions.act, toolsAvailable: ['missing_tool'] } } };
    await expect(generateT0Config({ spec, initialModel: 'sim::small', outDir: out })).rejects.toThrow(T0ConfigError);
    await expect(generateT0Config({ spec, initialModel: 'sim::small', outDir: out })).rejects.toThrow(/missing_tool/);
    expect(await fs.readdir(tmp)).toEqual([]);
  });

  describe('auxiliary functions', () => {
    const withHelper: EnvironmentSpec = {
      ...sampleEnvironment,
      auxiliaryFunctions: {
        'answer-question': {
          type: 'json',
          model: 'sim::large',
          systemSchema: { type: 'object', properties: { secret: { type: 'string' } }, required: ['secret'] },
          outputSchema: { type: 'object', properties: { answer: { type: 'string' } }, required: ['answer'] },
          exampleSystemTemplate: 'Secret: {{ secret }}',
        },
      },
    };

    it('generates them on their own model with their schemas and templates, described as helpers', async () => {
      const out = path.join(tmp, 'config');
      await generateT0Config({ spec: withHelper, initialModel: 'sim::small', functionDescription: 'Solve the task.', outDir: out });
      const toml = parse(await read(out, 'tensorzero.toml')) as any;
      const dir = 'functions/sample_env_v0__answer_question';
      expect(toml.functions['sample_env_v0::answer_question']).toEqual({
        type: 'json',
        description: auxiliaryDescription('sample_env_v0'),
        system_schema: `${dir}/system_schema.json`,
        output_schema: `${dir}/output_schema.json`,
        variants: {
          initial: { type: 'chat_completion', model: 'sim::large', system_template: `${dir}/initial/system_template.minijinja`, json_mode: 'strict' },
        },
      });
      expect(JSON.parse(await read(out, `${dir}/output_schema.json`))).toEqual(withHelper.auxiliaryFunctions!['answer-question'].outputSchema);
      expect(await read(out, `${dir}/initial/system_template.minijinja`)).toBe('Secret: {{ secret }}');
      // the agent's functions keep the initial model and the configured description
      expect(toml.functions['sample_env_v0::extract_entities'].variants.initial.model).toBe('sim::small');
      expect(toml.functions['sample_env_v0::extract_entities'].description).toBe('Solve the task.');
    });

    it('rejects a helper named like an agent function', async () => {
      const spec: EnvironmentSpec = { ...withHelper, auxiliaryFunctions: { act: { ...withHelper.auxiliaryFunctions!['answer-question'] } } };
      await expect(generateT0Config({ spec, initialModel: 'sim::small', outDir: path.join(tmp, 'c') })).rejects.toThrow(/auxiliaryFunctions\.act: 'sample_env_v0::act' is also an agent function/);
    });
  });

  it('rejects a schema without a matching example template', async () => {
    const spec = { ...sampleEnvironment, functions: { act: { ...sampleEnvironment.functions.act, exampleSystemTemplate: null } } };
    await expect(generateT0Config({ spec, initialModel: 'sim::small', outDir: path.join(tmp, 'c') })).rejects.toThrow(/system schema but no example system template/);
  });
});

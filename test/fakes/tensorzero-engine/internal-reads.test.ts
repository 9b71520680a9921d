/**
 * The stand-in's read routes the harness's client calls besides inference and feedback:
 * `GET /internal/config` (the loaded files, inline), `GET /internal/inferences` (the rows
 * TensorZero's engine stored in Postgres, with usage and latest feedback) and
 * `variant_sampling_probabilities` (computed from the config and marked as an imitation).
 * Real parts: TensorZero's engine behind the stand-in, a throwaway Postgres cluster,
 * gateway/process.ts and gateway/client.ts; the model provider is a fake OpenAI server (no
 * provider can be called here).
 */
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createGatewayClient } from '../../../gateway/client';
import { GatewayHttpError } from '../../../gateway/errors';
import { createGatewayProcess } from '../../../gateway/process';
import { startThrowawayPostgres, type ThrowawayPostgres } from '../../../gateway/postgres-throwaway';
import type { GatewayClient, GatewayProcess } from '../../../gateway/types';
import { tensorZeroStandInPath } from '../../contracts/gateway/tensorzero-stand-in-engine';
import { chatCompletion, startFakeOpenAiServer, type FakeOpenAiServer } from '../providers/fake-openai-server';
import { until } from '../../support/until';

process.env.LOG_LEVEL ??= 'silent';
jest.setTimeout(180_000);

const SYSTEM_TEMPLATE = 'Extract the entities. Answer as JSON.\n';
const OUTPUT_SCHEMA = '{"type": "object"}\n';
const config = (apiBase: string) => `
[functions.extract]
type = "json"
output_schema = "schemas/output.json"
[functions.extract.variants.initial]
type = "chat_completion"
model = "fake"
json_mode = "strict"
system_template = "templates/system.minijinja"
[functions.extract.variants.second]
type = "chat_completion"
model = "fake"
json_mode = "strict"
[functions.extract.experimentation]
type = "static"
candidate_variants = { initial = 3.0, second = 1.0 }

[functions.adapt]
type = "chat"
[functions.adapt.variants.a]
type = "chat_completion"
model = "fake"
[functions.adapt.variants.b]
type = "chat_completion"
model = "fake"
[functions.adapt.experimentation]
type = "adaptive"
metric = "ok"
candidate_variants = ["a", "b"]
update_period_s = 60

[functions.weighted]
type = "chat"
[functions.weighted.variants.heavy]
type = "chat_completion"
model = "fake"
weight = 2.0
[functions.weighted.variants.off]
type = "chat_completion"
model = "fake"
weight = 0.0
[functions.weighted.variants.spare]
type = "chat_completion"
model = "fake"

[functions.plain]
type = "chat"
[functions.plain.variants.p]
type = "chat_completion"
model = "fake"
[functions.plain.variants.q]
type = "chat_completion"
model = "fake"

[metrics.ok]
type = "boolean"
optimize = "max"
level = "inference"
[metrics.score]
type = "float"
optimize = "max"
level = "episode"

[models.fake]
routing = ["fake"]
[models.fake.providers.fake]
type = "openai"
model_name = "gpt-test"
api_base = "${apiBase}"
api_key_location = "none"
`;

let cluster: ThrowawayPostgres;
let provider: FakeOpenAiServer;
let tmp: string;
let gateway: GatewayProcess;
let client: GatewayClient;

beforeAll(async () => {
  [cluster, provider] = await Promise.all([startThrowawayPostgres(), startFakeOpenAiServer(() => ({ body: chatCompletion({ text: '{"person": ["Ada"]}', usage: { prompt_tokens: 11, completion_tokens: 4, total_tokens: 15 } }) }))]);
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'stand-in-reads-'));
  const configDir = path.join(tmp, 'config');
  await fs.mkdir(path.join(configDir, 'templates'), { recursive: true });
  await fs.mkdir(path.join(configDir, 'schemas'));
  await fs.writeFile(path.join(configDir, 'tensorzero.toml'), config(provider.apiBase));
  await fs.writeFile(path.join(configDir, 'templates', 'system.minijinja'), SYSTEM_TEMPLATE);
  await fs.writeFile(path.join(configDir, 'schemas', 'output.json'), OUTPUT_SCHEMA);
  const url = new URL(cluster.url);
  url.pathname = '/standin_reads';
  gateway = await createGatewayProcess({
    kind: 'tensorzero',
    binaryPath: tensorZeroStandInPath(),
    configFile: path.join(configDir, 'tensorzero.toml'),
    configFileArgument: path.join(configDir, '**', '*.toml'),
    port: 0,
    logDir: path.join(tmp, 'logs'),
    role: 'train',
    env: { TENSORZERO_POSTGRES_URL: url.toString(), TENSORZERO_DISABLE_PSEUDONYMOUS_USAGE_ANALYTICS: '1' },
    resetPostgresOnFirstStart: true,
    startupTimeoutMs: 90_000,
  });
  await gateway.start();
  client = createGatewayClient(gateway.url);
});

afterAll(async () => {
  await gateway?.stop();
  await provider?.close();
  await cluster?.stop();
  if (tmp) await fs.rm(tmp, { recursive: true, force: true });
});

const input = (text: string) => ({ messages: [{ role: 'user' as const, content: text }] });

test('GET /internal/config returns the loaded files merged, every file-valued field inline, with a hash of what it loaded at start', async () => {
  const snapshot = await client.getConfig();
  const extract = (snapshot.config.functions as Record<string, Record<string, unknown>>).extract;
  expect(extract.output_schema).toEqual({ __tensorzero_remapped_path: 'schemas/output.json', __data: OUTPUT_SCHEMA });
  expect((extract.variants as Record<string, Record<string, unknown>>).initial.system_template).toEqual({
    __tensorzero_remapped_path: 'templates/system.minijinja',
    __data: SYSTEM_TEMPLATE,
  });
  expect(extract.experimentation).toEqual({ type: 'static', candidate_variants: { initial: 3, second: 1 } });
  expect(snapshot.config.metrics).toEqual({ ok: { type: 'boolean', optimize: 'max', level: 'inference' }, score: { type: 'float', optimize: 'max', level: 'episode' } });
  expect(snapshot.hash).toMatch(/^[0-9a-f]{64}$/);
  expect((await client.getConfig()).hash).toBe(snapshot.hash);
  // like the engine, it serves the config it loaded at start: an edit on disk shows after a restart, with a new hash
  const template = path.join(tmp, 'config', 'templates', 'system.minijinja');
  await fs.writeFile(template, SYSTEM_TEMPLATE + '\nAnswer in JSON.');
  try {
    expect((await client.getConfig()).hash).toBe(snapshot.hash);
    await gateway.restart();
    const changed = await client.getConfig();
    expect(changed.hash).not.toBe(snapshot.hash);
    expect(((changed.config.functions as Record<string, Record<string, Record<string, Record<string, unknown>>>>).extract.variants.initial.system_template as { __data: string }).__data).toBe(SYSTEM_TEMPLATE + '\nAnswer in JSON.');
  } finally {
    await fs.writeFile(template, SYSTEM_TEMPLATE);
    await gateway.restart();
  }
  expect((await client.getConfig()).hash).toBe(snapshot.hash);
});

test('GET /internal/inferences lists what the engine stored, newest first, with usage and the latest feedback per metric', async () => {
  const first = await client.inference({ function_name: 'extract', variant_name: 'initial', input: input('Ada wrote it.') });
  const second = await client.inference({ function_name: 'extract', variant_name: 'second', episode_id: first.episode_id, input: input('Ada again.') });
  const other = await client.inference({ function_name: 'adapt', variant_name: 'a', input: input('hello') });
  await client.feedback({ metric_name: 'ok', inference_id: first.inference_id, value: false });
  await client.feedback({ metric_name: 'ok', inference_id: first.inference_id, value: true });
  await client.feedback({ metric_name: 'score', episode_id: first.episode_id, value: 0.5 });

  // The engine writes asynchronously: wait until both inferences and the feedback are readable.
  const listed = await until('stored rows', async () => {
    const { inferences } = await client.listInferences({ functionName: 'extract' });
    return inferences.length === 2 && inferences[1].feedback.ok === true && inferences[0].feedback.score !== undefined ? inferences : undefined;
  });
  expect(listed.map((i) => i.inference_id)).toEqual([second.inference_id, first.inference_id]);
  expect(listed[1]).toMatchObject({
    episode_id: first.episode_id,
    function_name: 'extract',
    variant_name: 'initial',
    input: { messages: [{ role: 'user', content: [{ type: 'text', text: 'Ada wrote it.' }] }] },
    output: { raw: '{"person": ["Ada"]}', parsed: { person: ['Ada'] } },
    usage: { input_tokens: 11, output_tokens: 4 },
    finish_reason: 'stop',
    feedback: { ok: true, score: 0.5 },
  });
  expect(listed[0].feedback).toEqual({ score: 0.5 }); // episode-level feedback reaches every inference of the episode
  expect(Date.parse(listed[1].created_at)).not.toBeNaN();

  expect((await client.listInferences({ functionName: 'extract', variantName: 'initial' })).inferences.map((i) => i.inference_id)).toEqual([first.inference_id]);
  expect((await client.listInferences({ functionName: 'extract', limit: 1, offset: 1 })).inferences.map((i) => i.inference_id)).toEqual([first.inference_id]);
  expect((await client.listInferences({ functionName: 'extract', after: '2999-01-01T00:00:00Z' })).inferences).toEqual([]);
  const everything = (await client.listInferences({})).inferences.map((i) => i.inference_id);
  expect(everything).toEqual(expect.arrayContaining([first.inference_id, second.inference_id, other.inference_id]));
  const bad = await client.listInferences({ limit: 5000 }).catch((err: unknown) => err);
  expect(bad).toBeInstanceOf(GatewayHttpError);
  expect(bad).toMatchObject({ status: 400 });
});

test('variant_sampling_probabilities: static weights as configured, variant weights, uniform; adaptive experiments uniform and marked as an imitation', async () => {
  expect((await client.variantSamplingProbabilities('extract')).probabilities).toEqual({ initial: 0.75, second: 0.25 });
  const response = await fetch(`${gateway.url}/internal/functions/adapt/variant_sampling_probabilities`);
  expect(response.headers.get('x-stand-in-imitation')).toBe('true');
  const body = (await response.json()) as { probabilities: Record<string, number>; stand_in_note: string };
  expect(body.probabilities).toEqual({ a: 0.5, b: 0.5 });
  expect(body.stand_in_note).toContain('not read from TensorZero');
  // without an experimentation section: variant weights (0 = off, no weight = fallback), else uniform
  expect((await client.variantSamplingProbabilities('weighted')).probabilities).toEqual({ heavy: 1 });
  // …and the engine itself routes that way
  const routed = await Promise.all([0, 1, 2].map(() => client.inference({ function_name: 'weighted', input: input('hi') })));
  expect(routed.map((r) => r.variant_name)).toEqual(['heavy', 'heavy', 'heavy']);
  expect((await client.variantSamplingProbabilities('plain')).probabilities).toEqual({ p: 0.5, q: 0.5 });
  const unknown = await client.variantSamplingProbabilities('nope').catch((err: unknown) => err);
  expect(unknown).toMatchObject({ status: 404 });
});

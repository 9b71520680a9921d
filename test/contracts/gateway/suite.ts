/**
 * The gateway contract suite: what the harness relies on from a gateway engine, checked the same
 * way on each engine (README.md in this folder lists the checks and where each one runs).
 * Config comes from gateway/t0-config.ts (the sample environment: a json and a chat function,
 * an inference-level boolean and an episode-level float metric), edits from gateway/edits/,
 * models from the simulated provider. Checks share one engine but not its state: every check
 * that changes config or counts stored rows works on a function of its own, so the checks pass
 * in any order (`npx jest test/contracts/gateway --randomize`).
 */
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createSimProviderServer } from '../../../sim-provider/server';
import { BUILTIN_ORACLES } from '../../../workers/sim-oracles';
import { applyConfigEdits } from '../../../gateway/edits';
import { GatewayHttpError } from '../../../gateway/errors';
import { generateT0Config } from '../../../gateway/t0-config';
import { t0FunctionName } from '../../../gateway/t0-names';
import { sampleEnvironment } from '../../fixtures/sample-environment';
import type { ChatInferenceResponse, InferenceRequest, InferenceResponse, JsonInferenceResponse } from '../../../gateway/wire';
import type { ContractContext, GatewayUnderTest } from './types';

const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
// Copies of the json function for the checks that edit config or count rows, one each.
const extractEntities = sampleEnvironment.functions['extract-entities'];
const suiteEnvironment = { ...sampleEnvironment, functions: { ...sampleEnvironment.functions, 'extract-routing': extractEntities, 'extract-metrics': extractEntities } };
const JSON_FN = t0FunctionName(sampleEnvironment.name, 'extract-entities');
const ROUTING_FN = t0FunctionName(sampleEnvironment.name, 'extract-routing');
const METRICS_FN = t0FunctionName(sampleEnvironment.name, 'extract-metrics');
const CHAT_FN = t0FunctionName(sampleEnvironment.name, 'act');
const inline = (data: string) => ({ __tensorzero_remapped_path: 'inline', __data: data });

const chatRequest = (extra: Partial<InferenceRequest> = {}): InferenceRequest => ({
  function_name: CHAT_FN,
  input: { system: { goal: 'help with order 42' }, messages: [{ role: 'user', content: 'Where is my order?' }] },
  ...extra,
});
const jsonRequest = (text: string, extra: Partial<InferenceRequest> = {}): InferenceRequest => ({
  function_name: JSON_FN,
  input: { messages: [{ role: 'user', content: [{ type: 'template', name: 'user', arguments: { text } }] }] },
  ...extra,
});

/** A variant with inline templates, as an autopilot's `write_config` sends it. */
const NEW_JSON_VARIANT = {
  type: 'chat_completion',
  model: 'sim::medium',
  system_template: inline('Extract every person named in the text. Answer as JSON with key "person".'),
  user_template: inline('Text: {{ text }}'),
  json_mode: 'strict',
};

/** Adds `variant` to `functionName` and routes all unpinned traffic to it (static experimentation), then restarts. */
async function routeToNewVariant(gw: GatewayUnderTest, ctx: ContractContext, functionName: string, variant: string): Promise<void> {
  const edited = await applyConfigEdits(ctx.config.configDir, [
    { operation: 'upsert_variant', function_name: functionName, variant_name: variant, variant: NEW_JSON_VARIANT },
    { operation: 'upsert_experimentation', function_name: functionName, experimentation: { type: 'static', candidate_variants: [variant], fallback_variants: ['initial'] } },
  ]);
  expect(edited.rejected).toEqual([]);
  await gw.restart();
}

export function defineGatewayContractSuite(name: string, start: (ctx: ContractContext) => Promise<GatewayUnderTest>): void {
  describe(`gateway contract: ${name}`, () => {
    let tmp: string;
    let sim: { url: string; close(): Promise<void> };
    let ctx: ContractContext;
    let gw: GatewayUnderTest;

    beforeAll(async () => {
      tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'gateway-contract-'));
      sim = await createSimProviderServer({ seed: 7, latencyScale: 0, oracles: BUILTIN_ORACLES });
      const config = await generateT0Config({ spec: suiteEnvironment, initialModel: 'sim::small', outDir: path.join(tmp, 'config') });
      const workDir = path.join(tmp, 'work');
      await fs.mkdir(workDir);
      ctx = { config, simUrl: sim.url, workDir };
      gw = await start(ctx);
    });
    afterAll(async () => {
      await gw?.close();
      await sim?.close();
      if (tmp) await fs.rm(tmp, { recursive: true, force: true });
    });

    it('answers /health and /status once started', async () => {
      expect(await gw.api.health()).toMatchObject({ gateway: 'ok' });
      expect(await gw.api.status()).toMatchObject({ status: 'ok' });
    });

    it('runs a chat function of the generated config: system arguments, tags, a new UUIDv7 episode', async () => {
      const res = (await gw.api.inference(chatRequest({ tags: { contract: 'chat' } }))) as ChatInferenceResponse;
      expect(res.variant_name).toBe('initial');
      expect(res.inference_id).toMatch(UUID_V7);
      expect(res.episode_id).toMatch(UUID_V7);
      expect(res.content.length).toBeGreaterThan(0);
      expect(['text', 'tool_call']).toContain(res.content[0].type);
      expect(res.usage.input_tokens).toBeGreaterThan(0);
    });

    it('continues an episode when given its id', async () => {
      const first = await gw.api.inference(chatRequest());
      const second = await gw.api.inference(chatRequest({ episode_id: first.episode_id }));
      expect(second.episode_id).toBe(first.episode_id);
      expect(second.inference_id).not.toBe(first.inference_id);
    });

    it('runs a json function: template arguments in, raw and schema-checked parsed output out', async () => {
      const texts = ['Alice met Bob in Paris.', 'Carol flew to Rome.', 'Dan works for Acme in Oslo.'];
      const results = (await Promise.all(texts.map((t) => gw.api.inference(jsonRequest(t))))) as JsonInferenceResponse[];
      for (const res of results) {
        expect(res.variant_name).toBe('initial');
        expect(typeof res.output.raw).toBe('string');
        // parsed is raw decoded (when it passes the schema), never something else
        if (res.output.parsed !== null) expect(res.output.parsed).toEqual(JSON.parse(res.output.raw as string));
      }
      expect(results.some((r) => r.output.parsed !== null && Array.isArray(r.output.parsed.person))).toBe(true);
    });

    it('honours a pinned variant and dryrun, and rejects an unknown variant or function without a transient error', async () => {
      expect((await gw.api.inference(jsonRequest('Carol.', { variant_name: 'initial', dryrun: true }))).variant_name).toBe('initial');
      await expectClientError(gw.api.inference(jsonRequest('Carol.', { variant_name: 'no_such_variant' })));
      await expectClientError(gw.api.inference({ ...chatRequest(), function_name: 'no_such_env::fn' }));
    });

    it('stores inference- and episode-level feedback and rejects feedback it cannot attach', async () => {
      const res = await gw.api.inference(chatRequest());
      const [a, b] = await Promise.all([
        gw.api.feedback({ metric_name: 'exact_match', inference_id: res.inference_id, value: true, tags: { contract: 'feedback' } }),
        gw.api.feedback({ metric_name: 'reward', episode_id: res.episode_id, value: 0.25 }),
      ]);
      expect(a.feedback_id).toMatch(UUID_V7);
      expect(b.feedback_id).toMatch(UUID_V7);
      await expectClientError(gw.api.feedback({ metric_name: 'no_such_metric', inference_id: res.inference_id, value: true }));
      await expectClientError(gw.api.feedback({ metric_name: 'reward', inference_id: res.inference_id, value: 1 })); // episode-level metric
    });

    it('loads config edits from gateway/edits/ after a restart and routes by the new experimentation', async () => {
      await routeToNewVariant(gw, ctx, ROUTING_FN, 'routed_v2');
      const routed = await Promise.all([0, 1, 2].map((i) => gw.api.inference(jsonRequest(`Person number ${i}.`, { function_name: ROUTING_FN }))));
      expect(routed.map((r) => r.variant_name)).toEqual(['routed_v2', 'routed_v2', 'routed_v2']);
      expect((await gw.api.inference(jsonRequest('Dora.', { function_name: ROUTING_FN, variant_name: 'initial' }))).variant_name).toBe('initial');
    });

    describe('per-variant metrics after crafted feedback (latest feedback per target counts)', () => {
      // exact_match (boolean, inference level): v2 → 1, 1, 0; initial → 0 then re-sent as 1.
      // reward (float, episode level): v2 episodes → 1.0 and 0.5; initial episode → 0.0.
      const expected = {
        exact_match: { v2: { count: 3, avg: 2 / 3, stdev: Math.sqrt(1 / 3) }, initial: { count: 2, avg: 1, stdev: 0 } },
        reward: { v2: { count: 2, avg: 0.75, stdev: Math.sqrt(0.125) }, initial: { count: 1, avg: 0, stdev: undefined } },
      };
      const metricRequest = (text: string, extra: Partial<InferenceRequest> = {}) => jsonRequest(text, { function_name: METRICS_FN, ...extra });
      let v2: InferenceResponse[];
      let initial: InferenceResponse[];
      beforeAll(async () => {
        await routeToNewVariant(gw, ctx, METRICS_FN, 'v2');
        v2 = await Promise.all([0, 1, 2].map((i) => gw.api.inference(metricRequest(`Metric sample ${i}.`))));
        initial = await Promise.all([0, 1].map((i) => gw.api.inference(metricRequest(`Pinned sample ${i}.`, { variant_name: 'initial' }))));
        expect(v2.map((r) => r.variant_name)).toEqual(['v2', 'v2', 'v2']);
        const stale = initial[1];
        await Promise.all([
          ...[true, true, false].map((value, i) => gw.api.feedback({ metric_name: 'exact_match', inference_id: v2[i].inference_id, value })),
          gw.api.feedback({ metric_name: 'exact_match', inference_id: initial[0].inference_id, value: true }),
          gw.api.feedback({ metric_name: 'exact_match', inference_id: stale.inference_id, value: false }),
          gw.api.feedback({ metric_name: 'reward', episode_id: v2[0].episode_id, value: 1.0 }),
          gw.api.feedback({ metric_name: 'reward', episode_id: v2[1].episode_id, value: 0.5 }),
          gw.api.feedback({ metric_name: 'reward', episode_id: initial[0].episode_id, value: 0.0 }),
        ]);
        // The override goes in only once the first value is visible, so "latest" is unambiguous.
        await eventually(async () => expect(await metricRows(gw, 'exact_match')).toHaveLength(2));
        await eventually(async () => expect(countOf(await metricRows(gw, 'exact_match'), 'initial')).toBe(2));
        await gw.api.feedback({ metric_name: 'exact_match', inference_id: stale.inference_id, value: true });
      });

      it('GET variant_performances (cumulative) returns count, mean, stdev and ci_error per variant', async () => {
        await eventually(async () => {
          const rows = await metricRows(gw, 'exact_match');
          expect(rows.map((r) => r.variant_name)).toEqual(['initial', 'v2']);
          for (const row of rows) expectStats(row, expected.exact_match[row.variant_name as 'v2' | 'initial']);
        });
        await eventually(async () => {
          const rows = await metricRows(gw, 'reward');
          expect(rows.map((r) => r.variant_name)).toEqual(['initial', 'v2']);
          for (const row of rows) expectStats(row, expected.reward[row.variant_name as 'v2' | 'initial']);
        });
      });

      it('GET /internal/inferences lists the stored inferences newest first, with the latest feedback per metric', async () => {
        const want = new Map<string, Record<string, unknown>>([
          [v2[0].inference_id, { exact_match: true, reward: 1 }],
          [v2[1].inference_id, { exact_match: true, reward: 0.5 }],
          [v2[2].inference_id, { exact_match: false }],
          [initial[0].inference_id, { exact_match: true, reward: 0 }],
          [initial[1].inference_id, { exact_match: true }], // re-sent: the later value wins
        ]);
        await eventually(async () => {
          const { inferences } = await gw.api.listInferences({ functionName: METRICS_FN });
          expect(new Map(inferences.map((i) => [i.inference_id, i.feedback]))).toEqual(want);
          // Newest first: the pinned inferences ran after every v2 one. (Among concurrent ones the
          // order is the engine's: the built-in gateway's by storing, TensorZero's by id.)
          expect(inferences.map((i) => i.variant_name)).toEqual(['initial', 'initial', 'v2', 'v2', 'v2']);
          const pinned = inferences.find((i) => i.inference_id === initial[0].inference_id)!;
          expect(pinned).toMatchObject({ episode_id: initial[0].episode_id, function_name: METRICS_FN, variant_name: 'initial' });
          expect(pinned.usage.input_tokens).toBeGreaterThan(0);
        });
        expect((await gw.api.listInferences({ functionName: METRICS_FN, variantName: 'initial' })).inferences.map((i) => i.variant_name)).toEqual(['initial', 'initial']);
      });

      it('GET /internal/config carries the edited variant with its templates inline and the static experimentation', async () => {
        const { config, hash } = await gw.api.getConfig();
        const fn = (config.functions as Record<string, { variants: Record<string, Record<string, unknown>>; experimentation: unknown }>)[METRICS_FN];
        expect(fn.variants.v2.system_template).toMatchObject({ __data: NEW_JSON_VARIANT.system_template.__data });
        expect(fn.variants.initial).toMatchObject({ type: 'chat_completion', model: 'sim::small' });
        expect(fn.experimentation).toMatchObject({ type: 'static', candidate_variants: ['v2'], fallback_variants: ['initial'] });
        expect(hash).toMatch(/^[0-9a-f]{16,}$/);
        expect((await gw.api.variantSamplingProbabilities(METRICS_FN)).probabilities).toMatchObject({ v2: 1 });
      });
    });
  });
}

async function expectClientError(promise: Promise<unknown>): Promise<void> {
  const err = await promise.then(() => null, (e: unknown) => e);
  expect(err).toBeInstanceOf(GatewayHttpError);
  const e = err as GatewayHttpError;
  expect(e.status).toBeGreaterThanOrEqual(400);
  expect(e.status).toBeLessThan(500);
  expect(e.transient).toBe(false);
}

function expectStats(row: { count: number; avg_metric: number; stdev?: number; ci_error?: number }, want: { count: number; avg: number; stdev: number | undefined }): void {
  expect(row.count).toBe(want.count);
  expect(row.avg_metric).toBeCloseTo(want.avg, 9);
  if (want.stdev === undefined) {
    expect(row.stdev ?? undefined).toBeUndefined();
    return;
  }
  expect(row.stdev).toBeCloseTo(want.stdev, 9);
  expect(row.ci_error).toBeCloseTo((1.96 * want.stdev) / Math.sqrt(want.count), 9);
}

/** Cumulative per-variant rows of a metric on the metrics check's function. */
async function metricRows(gw: GatewayUnderTest, metric: string) {
  return (await gw.api.variantPerformances(METRICS_FN, metric, 'cumulative')).performances;
}

const countOf = (rows: { variant_name: string; count: number }[], variant: string) => rows.find((r) => r.variant_name === variant)?.count;

/** Retries an expectation until it holds: stores write asynchronously. Fails with the last error after 30 s. */
async function eventually(check: () => Promise<void>): Promise<void> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      return await check();
    } catch (err) {
      if (Date.now() > deadline) throw err;
      await new Promise((r) => setTimeout(r, 200));
    }
  }
}

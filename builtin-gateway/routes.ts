import type { VariantSamplingProbabilitiesResponse } from '../gateway/wire';
import type { GatewayContext } from './gateway-context';
import { forwardToAutopilot } from './autopilot-proxy/forward-to-autopilot';
import type { AutopilotSettings } from './autopilot-proxy/autopilot-settings';
import { handleFeedback } from './feedback/handle-feedback';
import { badRequest, notFound } from './http/http-error';
import { readJsonBody, sendJson } from './http/json-io';
import { Router } from './http/router';
import { describeZodError } from './http/zod-message';
import { inferenceRequestSchema } from './inference/request-schema';
import { runInference } from './inference/run-inference';
import { handleListInferences } from './internal-api/list-inferences';
import { healthBody } from './internal-api/status';
import { handleVariantStatistics } from './internal-api/variant-statistics';
import { handleVariantPerformances } from './performances/handle-variant-performances';

const FUNCTION = '/internal/functions/(?<fn>[^/]+)';

/** Every route of the built-in gateway (paths are relative to `gateway.base_path`); API.md documents each one. */
export function createRoutes(ctx: GatewayContext, autopilot: AutopilotSettings): Router {
  const router = new Router()
    .add('POST', /^\/inference$/, async ({ req, res }) => {
      const parsed = inferenceRequestSchema.safeParse(await readJsonBody(req));
      if (!parsed.success) throw badRequest(`invalid inference request: ${describeZodError(parsed.error)}`);
      sendJson(res, 200, await runInference(ctx, parsed.data));
    })
    .add('POST', /^\/feedback$/, async ({ req, res }) => {
      sendJson(res, 200, await handleFeedback(ctx, await readJsonBody(req)));
    })
    .add('GET', /^\/status$/, async ({ res }) => {
      sendJson(res, 200, { status: 'ok', version: ctx.version, config_hash: ctx.config.hash });
    })
    .add('GET', /^\/health$/, async ({ res }) => {
      sendJson(res, 200, healthBody());
    })
    .add('GET', new RegExp(`^${FUNCTION}/variant_performances$`), async ({ res, params, query }) => {
      sendJson(res, 200, await handleVariantPerformances(ctx, params.fn, query));
    })
    .add('GET', new RegExp(`^${FUNCTION}/variant_sampling_probabilities$`), async ({ res, params, query }) => {
      if (!ctx.config.functions[params.fn]) throw notFound(`unknown function '${params.fn}'`);
      // `namespace` is our extension: the distribution of that namespace's experiment
      const sampler = ctx.samplers.samplerFor(params.fn, query.get('namespace') ?? undefined);
      if (sampler?.recomputesOnRead) await sampler.refresh();
      const body: VariantSamplingProbabilitiesResponse = { probabilities: sampler?.probabilities() ?? {} };
      sendJson(res, 200, body);
    })
    .add('GET', /^\/internal\/inferences$/, async ({ res, query }) => {
      sendJson(res, 200, await handleListInferences(ctx, query));
    })
    .add('GET', /^\/internal\/variant_statistics$/, async ({ res, query }) => {
      sendJson(res, 200, await handleVariantStatistics(ctx, query));
    })
    .add('GET', /^\/internal\/config$/, async ({ res }) => {
      sendJson(res, 200, { config: ctx.config.snapshot, hash: ctx.config.hash, extra_templates: {} });
    })
    .add('GET', /^\/internal\/autopilot\/status$/, async ({ res }) => {
      sendJson(res, 200, { enabled: autopilot.apiKey !== undefined });
    });
  for (const method of ['GET', 'POST', 'PUT', 'PATCH', 'DELETE']) {
    router.add(method, /^\/internal\/autopilot(?<rest>\/v1\/.*)$/, async ({ req, res, query }) => {
      const rawPath = (req.url ?? '').split('?')[0];
      const upstreamPath = rawPath.slice(rawPath.indexOf('/internal/autopilot') + '/internal/autopilot'.length);
      const search = query.toString() ? `?${query.toString()}` : '';
      await forwardToAutopilot(ctx, autopilot, req, res, upstreamPath, search);
    });
  }
  return router;
}

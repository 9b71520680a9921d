import { z } from 'zod';
import { uuid7 } from '../../common/uuid7';
import type { FeedbackResponse } from '../../gateway/wire';
import type { GatewayContext } from '../gateway-context';
import { badRequest, notFound } from '../http/http-error';
import { describeZodError } from '../http/zod-message';
import { describeSchemaErrors } from '../json-schema/schema-compiler';
import { checkUserTags } from '../inference/request-ids';
import type { FeedbackKind, FeedbackTargetType } from '../store/types';

const feedbackRequestSchema = z.strictObject({
  metric_name: z.string().min(1),
  value: z.unknown(),
  inference_id: z.string().optional(),
  episode_id: z.string().optional(),
  tags: z.record(z.string(), z.string()).optional(),
  dryrun: z.boolean().optional(),
  internal: z.boolean().optional(),
});

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * `POST /feedback`: checks the metric, the target level and the value type, that the target
 * exists (unless `unstable_disable_feedback_target_validation`), then stores one row
 * (append-only; several rows per target are fine). Dry runs validate only.
 */
export async function handleFeedback(ctx: GatewayContext, raw: unknown): Promise<FeedbackResponse> {
  const parsed = feedbackRequestSchema.safeParse(raw);
  if (!parsed.success) throw badRequest(`invalid feedback request: ${describeZodError(parsed.error)}`);
  const body = parsed.data;
  if (ctx.config.gateway.observabilityEnabled === false) {
    throw badRequest('feedback cannot be stored: observability is disabled (gateway.observability.enabled = false)');
  }
  const tags = checkUserTags(body.tags);
  if (body.inference_id !== undefined && body.episode_id !== undefined) throw badRequest('send exactly one of inference_id or episode_id, not both');
  if (body.inference_id === undefined && body.episode_id === undefined) throw badRequest('feedback needs an inference_id or an episode_id');
  const targetType: FeedbackTargetType = body.inference_id !== undefined ? 'inference' : 'episode';
  const rawTargetId = (body.inference_id ?? body.episode_id) as string;
  if (!UUID_RE.test(rawTargetId)) throw badRequest(`${targetType}_id must be a UUID, got '${rawTargetId}'`);
  const targetId = rawTargetId.toLowerCase(); // ids are stored lowercase

  const { kind, value } = await checkValue(ctx, body.metric_name, body.value, targetType, targetId);

  // demonstrations were checked against their inference already
  if (kind !== 'demonstration' && !ctx.config.gateway.disableFeedbackTargetValidation) {
    const exists = targetType === 'inference' ? (await ctx.store.getInference(targetId)) !== undefined : await ctx.store.hasEpisode(targetId);
    if (!exists) throw badRequest(`${targetType} '${targetId}' does not exist`);
  }

  const feedbackId = uuid7();
  if (!body.dryrun) {
    await ctx.store.insertFeedback({
      id: feedbackId,
      kind,
      metricName: body.metric_name,
      targetId,
      targetType,
      value,
      tags,
      createdAt: new Date().toISOString(),
    });
  }
  return { feedback_id: feedbackId };
}

async function checkValue(
  ctx: GatewayContext,
  metricName: string,
  value: unknown,
  targetType: FeedbackTargetType,
  targetId: string,
): Promise<{ kind: FeedbackKind; value: unknown }> {
  if (metricName === 'comment') {
    if (typeof value !== 'string') throw badRequest(`value for 'comment' must be a string, got ${describe(value)}`);
    return { kind: 'comment', value };
  }
  if (metricName === 'demonstration') {
    if (targetType !== 'inference') throw badRequest(`'demonstration' feedback is inference-level: send inference_id`);
    return { kind: 'demonstration', value: await checkDemonstration(ctx, value, targetId) };
  }
  const metric = ctx.config.metrics[metricName];
  if (!metric) throw notFound(`unknown metric '${metricName}'`);
  if (metric.level !== targetType) {
    throw badRequest(`metric '${metricName}' is ${metric.level}-level: send ${metric.level}_id, not ${targetType}_id`);
  }
  if (metric.type === 'boolean' && typeof value !== 'boolean') {
    throw badRequest(`value for boolean metric '${metricName}' must be true or false, got ${describe(value)}`);
  }
  if (metric.type === 'float' && (typeof value !== 'number' || !Number.isFinite(value))) {
    throw badRequest(`value for float metric '${metricName}' must be a number, got ${describe(value)}`);
  }
  return { kind: metric.type, value };
}

/** A demonstration must be a valid output of the inference's function. */
async function checkDemonstration(ctx: GatewayContext, value: unknown, inferenceId: string): Promise<unknown> {
  const inference = await ctx.store.getInference(inferenceId);
  if (!inference) throw badRequest(`inference '${inferenceId}' does not exist`);
  const fn = ctx.config.functions[inference.functionName];
  if (inference.functionType === 'json') {
    const validate = fn?.outputSchema?.validate;
    if (validate && !validate(value)) throw badRequest(`demonstration does not match the output schema: ${describeSchemaErrors(validate.errors)}`);
    return value;
  }
  if (typeof value === 'string') return [{ type: 'text', text: value }];
  const blocks = Array.isArray(value) && value.every((b) => b && typeof b === 'object' && ['text', 'tool_call'].includes((b as { type?: string }).type ?? ''));
  if (!blocks) throw badRequest('demonstration for a chat function must be a string or an array of text/tool_call blocks');
  return value;
}

function describe(value: unknown): string {
  return value === undefined ? 'nothing' : JSON.stringify(value);
}

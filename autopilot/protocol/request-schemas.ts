/** zod schemas for what clients (through the gateway proxy) POST to the service. */
import { z } from 'zod';

const textBlockSchema = z.looseObject({ type: z.literal('text'), text: z.string() });

const userMessageSchema = z.looseObject({
  type: z.literal('message'),
  role: z.literal('user'),
  // Protocol: text blocks only; a bare string is accepted for convenience.
  content: z.union([z.array(textBlockSchema), z.string()]),
});

const authorizationSchema = z.looseObject({
  type: z.literal('tool_call_authorization'),
  source: z.looseObject({}).default({ type: 'ui' }),
  tool_call_event_id: z.string(),
  status: z.discriminatedUnion('type', [
    z.looseObject({ type: z.literal('approved') }),
    z.looseObject({ type: z.literal('rejected'), reason: z.string().default('') }),
  ]),
});

const questionResponseSchema = z.discriminatedUnion('type', [
  z.looseObject({ type: z.literal('free_response'), text: z.string() }),
  z.looseObject({ type: z.literal('multiple_choice'), selected: z.array(z.string()), free_response_text: z.string().optional() }),
  z.looseObject({ type: z.literal('skipped') }),
]);

const answersSchema = z.looseObject({
  type: z.literal('user_questions_answers'),
  user_questions_event_id: z.string(),
  responses: z.record(z.string(), questionResponseSchema),
});

const toolResultSchema = z.looseObject({
  type: z.literal('tool_result'),
  tool_call_event_id: z.string(),
  outcome: z.looseObject({ type: z.string() }),
});

export const clientPayloadSchema = z.discriminatedUnion('type', [userMessageSchema, authorizationSchema, answersSchema, toolResultSchema]);
export type ClientPayload = z.infer<typeof clientPayloadSchema>;

/** `POST /v1/sessions/{id}/events`; the gateway adds the deployment fields. */
export const createEventBodySchema = z.looseObject({
  payload: clientPayloadSchema,
  previous_user_message_event_id: z.string().nullish(),
  deployment_id: z.string().nullish(),
  tensorzero_version: z.string().nullish(),
  config_snapshot_hash: z.string().nullish(),
});
export type CreateEventBody = z.infer<typeof createEventBodySchema>;

/** `POST /v1/sessions/{id}/actions/approve-all` */
export const approveAllBodySchema = z.looseObject({ last_tool_call_event_id: z.string() });

export const listQuerySchema = z.object({
  limit: z.coerce.number().int().min(0).max(10_000).optional(),
  offset: z.coerce.number().int().min(0).optional(),
  before: z.string().optional(),
});

/** What the gateway proxy accepts as a POST body to forward: a JSON object (the service validates the payload). */
export const forwardedBodySchema = z.record(z.string(), z.unknown());

/** The fields the gateway proxy adds to every POST body it forwards (`config_snapshot_hash` on event creation only). */
export type GatewayFields = Pick<CreateEventBody, 'deployment_id' | 'tensorzero_version' | 'config_snapshot_hash'>;

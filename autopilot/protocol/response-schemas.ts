/**
 * zod schemas for the responses a client reads from a service (through the gateway proxy).
 * They are lenient where the protocol lets services add fields or where one bad event must
 * not cost a whole poll, and strict where a value ends up in a path or a file name.
 */
import { z } from 'zod';
import { EDIT_NAME_KEYS, unsafeNameProblem } from './safe-names';

const safeIdSchema = z
  .string()
  .min(1)
  .superRefine((id, ctx) => {
    const problem = unsafeNameProblem(id);
    if (problem) ctx.addIssue({ code: 'custom', message: `${problem}; ids are sent back in request paths` });
  });

/** `POST /sessions/{nil}/events`: only the new session's id is read. */
export const createEventResponseSchema = z.looseObject({ session_id: safeIdSchema });

/**
 * `GET /sessions/{id}/events`. The status is any string here: whether it is one we know is the
 * client's decision (see `statuses.ts`); a status that is not a string is a fault.
 */
export const listEventsResponseSchema = z.looseObject({
  status: z.looseObject({ status: z.string().nullish() }).nullish(),
  events: z.array(z.unknown()).nullish(),
  pending_tool_calls: z.array(z.unknown()).nullish(),
});
export type ListEventsReply = z.infer<typeof listEventsResponseSchema>;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Flags every edit name that would become an unsafe path component. */
function checkEditNames(edit: unknown, path: (string | number)[], ctx: z.RefinementCtx): void {
  if (!isRecord(edit)) return;
  for (const key of EDIT_NAME_KEYS) {
    const name = edit[key];
    if (typeof name !== 'string') continue; // a missing or non-string name is edit validation's to report
    const problem = unsafeNameProblem(name);
    if (problem) ctx.addIssue({ code: 'custom', message: `${problem}; names become directory names`, path: [...path, key] });
  }
}

/**
 * One config write: a `write_config` event whose `payload.arguments.edit` lists edits, or a
 * bare edit. Anything else passes here and is skipped with a warning when flattened; only
 * names that would escape the config directory make the whole response a fault.
 */
export const configWriteSchema = z.unknown().superRefine((write, ctx) => {
  if (!isRecord(write)) return;
  if ('payload' in write) {
    const payload = write.payload;
    const edits = isRecord(payload) && isRecord(payload.arguments) ? payload.arguments.edit : undefined;
    if (Array.isArray(edits)) edits.forEach((edit, i) => checkEditNames(edit, ['payload', 'arguments', 'edit', i], ctx));
  } else {
    checkEditNames(write, [], ctx);
  }
});

/** `GET /sessions/{id}/config-writes`: `{config_writes: [...]}` (a bare list is read as that list). */
export const configWritesResponseSchema = z.looseObject({ config_writes: z.array(configWriteSchema) });
export const configWritesListSchema = z.array(configWriteSchema);

/**
 * What the built-in autopilot remembers across the sessions of one run (one per iteration): the
 * fingerprints of candidates it rejected at selection or the operator turned down (never proposed
 * again), and the operator's answer about allowed models and budget (asked once per run). Kept in
 * memory per server and, when a file is given, in a small JSON file written atomically, so a
 * restarted worker continues where the run was.
 */
import { promises as fs } from 'node:fs';
import { z } from 'zod';
import { writeJsonAtomic } from '../../../common/atomic-write';

export const rejectedCandidateSchema = z.strictObject({
  functionName: z.string(),
  variantName: z.string(),
  reason: z.string(),
  at: z.string(),
});

export const operatorAnswerSchema = z.strictObject({
  /** the answer as given */
  text: z.string(),
  /** `provider::model` names the operator allowed; null = the answer named none (the default applies) */
  allowedModels: z.array(z.string()).nullable(),
  /** USD for the session's own inferences; null = the answer named none */
  budgetUsd: z.number().min(0).nullable(),
  at: z.string(),
});
export type OperatorAnswer = z.infer<typeof operatorAnswerSchema>;

export const autopilotMemorySchema = z.strictObject({
  version: z.literal(1),
  /** fingerprint → why it was rejected */
  rejected: z.record(z.string(), rejectedCandidateSchema),
  operator: operatorAnswerSchema.nullable(),
});
export type AutopilotMemory = z.infer<typeof autopilotMemorySchema>;

export const emptyMemory = (): AutopilotMemory => ({ version: 1, rejected: {}, operator: null });

export class MemoryFileError extends Error {
  override readonly name = 'MemoryFileError';
}

export interface MemoryStore {
  read(): Promise<AutopilotMemory>;
  /** applies `change` to the current memory and persists the result */
  update(change: (memory: AutopilotMemory) => void): Promise<AutopilotMemory>;
}

async function loadFile(file: string): Promise<AutopilotMemory> {
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return emptyMemory();
    throw new MemoryFileError(`cannot read the autopilot memory file ${file}: ${(err as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new MemoryFileError(`the autopilot memory file ${file} is not valid JSON: ${(err as Error).message}`);
  }
  const parsed = autopilotMemorySchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new MemoryFileError(`the autopilot memory file ${file} is invalid at ${issue.path.join('.') || '(root)'}: ${issue.message}`);
  }
  return parsed.data;
}

/** A store backed by `file` (null: this process only). Updates are serialised. */
export function createMemoryStore(file: string | null): MemoryStore {
  let current: Promise<AutopilotMemory> | null = null;
  let queue: Promise<unknown> = Promise.resolve();
  const load = () => (current ??= file ? loadFile(file) : Promise.resolve(emptyMemory()));
  return {
    read: async () => structuredClone(await load()),
    update(change) {
      const next = queue.then(async () => {
        const memory = structuredClone(await load());
        change(memory);
        if (file) await writeJsonAtomic(file, memory);
        current = Promise.resolve(memory);
        return structuredClone(memory);
      });
      queue = next.catch(() => undefined);
      return next;
    },
  };
}

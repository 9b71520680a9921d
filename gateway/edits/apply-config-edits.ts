import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { z } from 'zod';
import { getLogger, type Logger } from '../../common/logger';
import { removeDir, stageCopy, swapDirectory } from '../dir-swap';
import { applyEdit } from './apply-edit';
import { loadConfigDocuments } from './config-documents';
import { editPayloadSchema, type EditOperation, type EditPayload } from './edit-payload';
import { ConfigEditError, EditProblem } from './errors';
import { findConfigProblems } from './validate-config';
import { referencedVariants } from './variant-references';

/**
 * Applies autopilot config edits to a config directory with the semantics of TensorZero's
 * config applier (reference/original-harness.md §5.2, §16; tensorzero.md §4.3) — edits in
 * order, each seeing the earlier ones — with one rule of our own (issue 12 item 1): a bad edit is
 * refused on its own, never the whole list.
 *
 * Each edit is judged against the config as the accepted edits before it left it, in a copy of
 * that state: it is refused when its payload is invalid, when it cannot be applied (unknown
 * function, unsafe name, a path instead of an inline file), when the config it produces has a
 * problem the config had not before (duplicate keys, missing files, experimentation naming
 * missing variants, …), when the caller's `validate` hook throws, or — for `upsert_variant` —
 * when the hook reports that variant as one the gateway in use cannot serve. An edit that names
 * a variant (experimentation candidates or fallbacks, best-of-n / mixture-of-n candidates) whose
 * own `upsert_variant` earlier in the list was refused — and not accepted by a later edit — is
 * refused too, even when an older version of that variant exists: the autopilot meant its new
 * version. A refused edit leaves no trace; the accepted ones are swapped in together, so the
 * directory is always either the old config or the old config plus every accepted edit.
 */

export interface ServeReport {
  /** variants of the staged config the gateway in use would load but cannot serve, with the reason */
  unservableVariants: { functionName: string; variantName: string; reason: string }[];
}

export interface ApplyConfigEditsOptions {
  /**
   * Extra validation after each edit (e.g. the built-in gateway's full config loader), called
   * with the staged `tensorzero.toml` (or the first TOML file). Throwing refuses the edit; a
   * returned report makes an `upsert_variant` of an unservable variant refused with its reason.
   */
  validate?: (stagedConfigFile: string) => Promise<ServeReport | void>;
  logger?: Logger;
}

/** One edit that is now in the config. `target` is the TOML key path it wrote. */
export interface AppliedEdit {
  index: number;
  operation: EditOperation;
  target: string;
}

/** One edit that was refused, and why; `operation`/`target` are null when the payload did not say. */
export interface RejectedEdit {
  index: number;
  operation: string | null;
  target: string | null;
  reason: string;
}

export interface ApplyConfigEditsResult {
  /** absolute paths (in the config dir) written by the accepted edits, in order; may repeat */
  writtenPaths: string[];
  applied: AppliedEdit[];
  rejected: RejectedEdit[];
}

/**
 * Throws `ConfigEditError` only when the config directory itself is unusable (missing, or its
 * TOML unreadable before any edit): that is the harness's fault, not the autopilot's.
 */
export async function applyConfigEdits(
  configDir: string,
  edits: unknown[],
  options: ApplyConfigEditsOptions = {},
): Promise<ApplyConfigEditsResult> {
  const result: ApplyConfigEditsResult = { writtenPaths: [], applied: [], rejected: [] };
  if (edits.length === 0) return result;
  const root = path.resolve(configDir);
  const log = options.logger ?? getLogger('gateway.edits');
  log.info({ configDir: root, edits }, `applying ${edits.length} config edit(s)`);

  const isDir = await fs.stat(root).then((s) => s.isDirectory(), () => false);
  if (!isDir) throw new ConfigEditError(root, null, null, `config directory ${root} does not exist`);

  let accepted = await stageCopy(root);
  try {
    const knownProblems = new Set((await findConfigProblems(await loadDocuments(accepted, root))).map((p) => relativeToDir(p.message, accepted)));
    // `function\0variant` → index of the refused edit that last wrote it
    const refusedVariants = new Map<string, number>();
    const variantKey = (functionName: string, variantName: string) => `${functionName}\0${variantName}`;
    const refuse = (rejected: RejectedEdit, edit: unknown) => {
      result.rejected.push(rejected);
      const e = (edit ?? {}) as Record<string, unknown>;
      if (e.operation === 'upsert_variant' && typeof e.function_name === 'string' && typeof e.variant_name === 'string') {
        refusedVariants.set(variantKey(e.function_name, e.variant_name), rejected.index);
      }
    };
    for (const [index, edit] of edits.entries()) {
      const parsed = editPayloadSchema.safeParse(edit);
      if (!parsed.success) {
        refuse({ index, operation: operationOf(edit), target: targetOf(edit), reason: `invalid edit payload: ${z.prettifyError(parsed.error).replace(/\n\s*/g, ' ')}` }, edit);
        continue;
      }
      const payload = parsed.data;
      const refs = referencedVariants(payload);
      const refusedRef = refs?.variantNames.find((name) => refusedVariants.has(variantKey(refs.functionName, name)));
      if (refs && refusedRef !== undefined) {
        const reason = `names variant '${refusedRef}' of function '${refs.functionName}', whose edit #${refusedVariants.get(variantKey(refs.functionName, refusedRef))} was refused`;
        refuse({ index, operation: payload.operation, target: targetOf(payload), reason }, payload);
        continue;
      }
      const trial = await stageCopy(accepted);
      const outcome = await tryEdit(trial, payload, knownProblems, options).catch(async (err: unknown) => {
        await removeDir(trial);
        throw err;
      });
      if ('reason' in outcome) {
        await removeDir(trial);
        refuse({ index, operation: payload.operation, target: targetOf(payload), reason: stagingToLive(outcome.reason, trial, root) }, payload);
        continue;
      }
      if (payload.operation === 'upsert_variant') refusedVariants.delete(variantKey(payload.function_name, payload.variant_name));
      await removeDir(accepted);
      accepted = trial;
      result.writtenPaths.push(...outcome.written.map((p) => path.join(root, path.relative(trial, p))));
      result.applied.push({ index, operation: payload.operation, target: targetOf(payload) as string });
    }
    if (result.applied.length > 0) await swapDirectory(accepted, root);
  } finally {
    await removeDir(accepted);
  }
  if (result.rejected.length > 0) log.warn({ configDir: root, rejected: result.rejected }, `${result.rejected.length} config edit(s) refused`);
  log.info({ configDir: root, applied: result.applied, writtenPaths: result.writtenPaths }, `${result.applied.length} config edit(s) applied`);
  return result;
}

async function loadDocuments(dir: string, root: string) {
  return loadConfigDocuments(dir).catch((err) => {
    throw err instanceof EditProblem ? new ConfigEditError(root, null, null, stagingToLive(err.message, dir, root)) : err;
  });
}

/** Applies one edit in `trial` and checks the result; the written paths, or why the edit is refused. */
async function tryEdit(trial: string, payload: EditPayload, knownProblems: Set<string>, options: ApplyConfigEditsOptions): Promise<{ written: string[] } | { reason: string }> {
  const docs = await loadConfigDocuments(trial);
  let written: string[];
  try {
    written = await applyEdit({ root: trial, docs }, payload);
  } catch (err) {
    if (err instanceof EditProblem) return { reason: err.message };
    throw err;
  }
  const problems = (await findConfigProblems(docs)).filter((p) => !knownProblems.has(relativeToDir(p.message, trial)));
  if (problems.length > 0) return { reason: `the edited config is invalid: ${problems.map((p) => p.message).join('; ')}` };
  if (options.validate) {
    const main = docs.find((d) => d.relPath === 'tensorzero.toml') ?? docs[0];
    let report: ServeReport | void;
    try {
      report = await options.validate(main.file);
    } catch (err) {
      return { reason: `the edited config failed validation: ${err instanceof Error ? err.message : String(err)}` };
    }
    if (payload.operation === 'upsert_variant') {
      const refused = report?.unservableVariants.find((v) => v.functionName === payload.function_name && v.variantName === payload.variant_name);
      if (refused) return { reason: `the gateway cannot serve variant '${payload.variant_name}': ${refused.reason}` };
    }
  }
  return { written };
}

function operationOf(edit: unknown): string | null {
  const operation = (edit as { operation?: unknown } | null)?.operation;
  return typeof operation === 'string' ? operation : null;
}

/** The TOML key path an edit writes, e.g. `functions.f.variants.v`; null when the payload does not say. */
function targetOf(edit: unknown): string | null {
  const e = (edit ?? {}) as Record<string, unknown>;
  const name = (key: string) => (typeof e[key] === 'string' ? (e[key] as string) : '?');
  switch (e.operation) {
    case 'upsert_variant':
      return `functions.${name('function_name')}.variants.${name('variant_name')}`;
    case 'upsert_experimentation':
      return `functions.${name('function_name')}.experimentation`;
    case 'upsert_evaluation':
      return `evaluations.${name('evaluation_name')}`;
    case 'upsert_evaluator':
      return `evaluations.${name('evaluation_name')}.evaluators.${name('evaluator_name')}`;
    default:
      return null;
  }
}

/** Problems of the config before the edits are compared by message, with the staging dir's path taken out. */
function relativeToDir(message: string, dir: string): string {
  return message.split(dir).join('<config>');
}

/** Messages name the live config dir, not the short-lived staging copy. */
function stagingToLive(message: string, staging: string, root: string): string {
  return message.split(staging).join(root);
}

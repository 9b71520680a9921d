import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { z } from 'zod';
import { getLogger, type Logger } from '../../common/logger';
import { removeDir, stageCopy, swapDirectory } from '../dir-swap';
import { applyEdit } from './apply-edit';
import { loadConfigDocuments } from './config-documents';
import { editPayloadSchema, type EditPayload } from './edit-payload';
import { ConfigEditError, EditProblem } from './errors';
import { findConfigProblems } from './validate-config';

/**
 * Applies autopilot config edits to a config directory with the semantics of TensorZero's
 * config applier (reference/original-harness.md §5.2, §16; tensorzero.md §4.3) — edits in
 * order, each seeing the earlier ones — but atomically: everything happens in a staged copy
 * that is validated and only then swapped in. On failure the directory is left untouched.
 */

export interface ApplyConfigEditsOptions {
  /**
   * Extra validation of the staged result (e.g. the built-in gateway's full config loader),
   * called with the staged `tensorzero.toml` (or the first TOML file). Throwing rejects the edits.
   */
  validate?: (stagedConfigFile: string) => Promise<void>;
  logger?: Logger;
}

export interface ApplyConfigEditsResult {
  /** absolute paths (in the config dir) written, concatenated over edits in order; may repeat */
  writtenPaths: string[];
}

export async function applyConfigEdits(
  configDir: string,
  edits: unknown[],
  options: ApplyConfigEditsOptions = {},
): Promise<ApplyConfigEditsResult> {
  if (edits.length === 0) return { writtenPaths: [] };
  const root = path.resolve(configDir);
  const log = options.logger ?? getLogger('gateway.edits');
  const payloads = parsePayloads(root, edits);
  log.info({ configDir: root, edits: payloads }, `applying ${payloads.length} config edit(s)`);

  const isDir = await fs.stat(root).then((s) => s.isDirectory(), () => false);
  if (!isDir) throw new ConfigEditError(root, null, null, `config directory ${root} does not exist`);

  const staging = await stageCopy(root);
  let stagedWritten: string[];
  try {
    stagedWritten = await applyInStaging(root, staging, payloads, options);
  } catch (err) {
    await removeDir(staging);
    throw err;
  }
  try {
    await swapDirectory(staging, root);
  } catch (err) {
    await removeDir(staging);
    throw err;
  }
  const writtenPaths = stagedWritten.map((p) => path.join(root, path.relative(staging, p)));
  log.info({ configDir: root, writtenPaths }, 'config edits applied');
  return { writtenPaths };
}

function parsePayloads(root: string, edits: unknown[]): EditPayload[] {
  return edits.map((edit, index) => {
    const parsed = editPayloadSchema.safeParse(edit);
    if (parsed.success) return parsed.data;
    const operation = typeof (edit as { operation?: unknown } | null)?.operation === 'string' ? (edit as { operation: string }).operation : null;
    throw new ConfigEditError(root, index, operation, `invalid edit payload: ${z.prettifyError(parsed.error).replace(/\n\s*/g, ' ')}`);
  });
}

async function applyInStaging(root: string, staging: string, payloads: EditPayload[], options: ApplyConfigEditsOptions): Promise<string[]> {
  const docs = await loadConfigDocuments(staging).catch((err) => {
    throw err instanceof EditProblem ? new ConfigEditError(root, null, null, stagingToLive(err.message, staging, root)) : err;
  });

  const written: string[] = [];
  const lastEditOfFunction = new Map<string, number>();
  for (const [index, payload] of payloads.entries()) {
    try {
      written.push(...(await applyEdit({ root: staging, docs }, payload)));
    } catch (err) {
      if (!(err instanceof EditProblem)) throw err;
      throw new ConfigEditError(root, index, payload.operation, stagingToLive(err.message, staging, root));
    }
    if ('function_name' in payload) lastEditOfFunction.set(payload.function_name, index);
  }

  const problems = await findConfigProblems(docs);
  if (problems.length > 0) {
    // Blame the last edit that touched the function at fault, else the last edit.
    const first = problems[0];
    const index = (first.functionName !== null ? lastEditOfFunction.get(first.functionName) : undefined) ?? payloads.length - 1;
    const message = problems.map((p) => stagingToLive(p.message, staging, root)).join('; ');
    throw new ConfigEditError(root, index, payloads[index].operation, `the edited config is invalid: ${message}`);
  }

  if (options.validate) {
    const main = docs.find((d) => d.relPath === 'tensorzero.toml') ?? docs[0];
    try {
      await options.validate(main.file);
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      throw new ConfigEditError(root, null, null, `the edited config failed validation: ${stagingToLive(message, staging, root)}`, { cause: err });
    }
  }
  return written;
}

/** Messages name the live config dir, not the short-lived staging copy. */
function stagingToLive(message: string, staging: string, root: string): string {
  return message.split(staging).join(root);
}

import * as path from 'node:path';
import {
  ensureTable,
  findDefiningDocument,
  isTable,
  writeConfigDocument,
  type ConfigDocument,
  type TomlTable,
} from './config-documents';
import type {
  EditPayload,
  UpsertEvaluationEdit,
  UpsertEvaluatorEdit,
  UpsertExperimentationEdit,
  UpsertVariantEdit,
} from './edit-payload';
import { EditProblem } from './errors';
import { normaliseBody } from './normalise-body';

/**
 * Applies one edit to the loaded documents of a (staged) config directory and writes the
 * affected files. Returns the absolute paths written: extracted files, then the TOML file.
 */

export interface EditTarget {
  /** the config directory being edited */
  root: string;
  docs: ConfigDocument[];
}

/** Track-and-stop settings TensorZero writes out explicitly when it serialises an upsert. */
const TRACK_AND_STOP_DEFAULTS: TomlTable = {
  min_samples_per_variant: 10,
  delta: 0.05,
  epsilon: 0.0,
  update_period_s: 300,
  min_prob: 0.0,
  max_samples_per_variant: 10000,
};

export async function applyEdit(target: EditTarget, edit: EditPayload): Promise<string[]> {
  switch (edit.operation) {
    case 'upsert_variant':
      return upsertVariant(target, edit);
    case 'upsert_experimentation':
      return upsertExperimentation(target, edit);
    case 'upsert_evaluation':
      return upsertEvaluation(target, edit);
    case 'upsert_evaluator':
      return upsertEvaluator(target, edit);
  }
}

function functionDocument(target: EditTarget, functionName: string): ConfigDocument {
  const doc = findDefiningDocument(target.docs, 'functions', functionName);
  if (!doc) throw new EditProblem(`function '${functionName}' is not defined in any config file (functions are never created by edits)`);
  return doc;
}

async function upsertVariant(target: EditTarget, edit: UpsertVariantEdit): Promise<string[]> {
  const doc = functionDocument(target, edit.function_name);
  const { table, writtenFiles } = await normaliseBody(edit.variant, {
    root: target.root,
    baseRelDir: `functions/${edit.function_name}/variants/${edit.variant_name}`,
    tomlDir: path.dirname(doc.file),
    label: `functions.${edit.function_name}.variants.${edit.variant_name}`,
  });
  ensureTable(doc.data, ['functions', edit.function_name, 'variants'])[edit.variant_name] = table;
  await writeConfigDocument(doc);
  return [...writtenFiles, doc.file];
}

async function upsertExperimentation(target: EditTarget, edit: UpsertExperimentationEdit): Promise<string[]> {
  const doc = functionDocument(target, edit.function_name);
  const { table, writtenFiles } = await normaliseBody(edit.experimentation, {
    root: target.root,
    baseRelDir: `functions/${edit.function_name}/experimentation`,
    tomlDir: path.dirname(doc.file),
    label: `functions.${edit.function_name}.experimentation`,
  });
  const filled = table.type === 'adaptive' || table.type === 'track_and_stop' ? { ...table, ...withoutKeys(TRACK_AND_STOP_DEFAULTS, table) } : table;
  ensureTable(doc.data, ['functions', edit.function_name]).experimentation = filled;
  await writeConfigDocument(doc);
  return [...writtenFiles, doc.file];
}

async function upsertEvaluation(target: EditTarget, edit: UpsertEvaluationEdit): Promise<string[]> {
  const doc = findDefiningDocument(target.docs, 'evaluations', edit.evaluation_name) ?? target.docs[0];
  const evaluators = edit.evaluation.evaluators;
  if (isTable(evaluators)) {
    for (const [name, evaluator] of Object.entries(evaluators)) {
      if (isTable(evaluator)) requireJudgeVariants(evaluator, `evaluations.${edit.evaluation_name}.evaluators.${name}`);
    }
  }
  const { table, writtenFiles } = await normaliseBody(edit.evaluation, {
    root: target.root,
    baseRelDir: `evaluations/${edit.evaluation_name}`,
    tomlDir: path.dirname(doc.file),
    label: `evaluations.${edit.evaluation_name}`,
  });
  ensureTable(doc.data, ['evaluations'])[edit.evaluation_name] = table;
  await writeConfigDocument(doc);
  return [...writtenFiles, doc.file];
}

async function upsertEvaluator(target: EditTarget, edit: UpsertEvaluatorEdit): Promise<string[]> {
  const doc = findDefiningDocument(target.docs, 'evaluations', edit.evaluation_name);
  if (!doc) throw new EditProblem(`evaluation '${edit.evaluation_name}' is not defined in any config file`);
  const label = `evaluations.${edit.evaluation_name}.evaluators.${edit.evaluator_name}`;
  requireJudgeVariants(edit.evaluator, label);
  const { table, writtenFiles } = await normaliseBody(edit.evaluator, {
    root: target.root,
    baseRelDir: `evaluations/${edit.evaluation_name}/evaluators/${edit.evaluator_name}`,
    tomlDir: path.dirname(doc.file),
    label,
  });
  ensureTable(doc.data, ['evaluations', edit.evaluation_name, 'evaluators'])[edit.evaluator_name] = table;
  await writeConfigDocument(doc);
  return [...writtenFiles, doc.file];
}

function requireJudgeVariants(evaluator: TomlTable, label: string): void {
  if (evaluator.type !== 'llm_judge') return;
  const variants = evaluator.variants;
  if (!isTable(variants) || Object.keys(variants).length === 0) throw new EditProblem(`${label}: an llm_judge evaluator needs at least one variant`);
}

function withoutKeys(defaults: TomlTable, present: TomlTable): TomlTable {
  return Object.fromEntries(Object.entries(defaults).filter(([key]) => !(key in present)));
}

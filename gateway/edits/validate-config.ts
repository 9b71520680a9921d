import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { isTable, parseTomlFile, type ConfigDocument, type TomlTable } from './config-documents';
import { EditProblem } from './errors';
import { fileExtensionOf } from './file-valued-keys';

/**
 * Whole-config checks run on the staged result before it replaces the live config: the
 * problems TensorZero would only report at the next gateway start (reference/tensorzero.md
 * §3.1, §3.7), caught while the old config is still intact.
 */

export interface ConfigProblem {
  /** the function the problem belongs to, so it can be blamed on the edit that touched it */
  functionName: string | null;
  message: string;
}

const ADAPTIVE_TYPES = new Set(['adaptive', 'track_and_stop']);

export async function findConfigProblems(docs: ConfigDocument[]): Promise<ConfigProblem[]> {
  const problems: ConfigProblem[] = [];
  const reparsed: ConfigDocument[] = [];
  for (const doc of docs) {
    try {
      reparsed.push({ ...doc, data: await parseTomlFile(doc.file) });
    } catch (err) {
      if (!(err instanceof EditProblem)) throw err;
      problems.push({ functionName: null, message: err.message });
    }
  }
  if (problems.length > 0) return problems;

  const merged: TomlTable = {};
  for (const doc of reparsed) mergeInto(merged, doc.data, [], doc.relPath, problems);
  for (const doc of reparsed) await checkFileReferences(doc, doc.data, [], problems);

  const functions = isTable(merged.functions) ? merged.functions : {};
  const metrics = isTable(merged.metrics) ? merged.metrics : {};
  for (const [name, fn] of Object.entries(functions)) {
    if (isTable(fn)) checkFunction(name, fn, metrics, problems);
  }
  return problems;
}

/** TensorZero merges globbed files; the same scalar key in two files is an error. */
function mergeInto(target: TomlTable, source: TomlTable, keyPath: string[], file: string, problems: ConfigProblem[]): void {
  for (const [key, value] of Object.entries(source)) {
    const here = [...keyPath, key];
    const existing = target[key];
    if (existing === undefined) {
      target[key] = isTable(value) ? structuredCloneTable(value) : value;
    } else if (isTable(existing) && isTable(value)) {
      mergeInto(existing, value, here, file, problems);
    } else {
      problems.push({ functionName: functionOf(here), message: `${here.join('.')} is defined twice (again in ${file})` });
    }
  }
}

function structuredCloneTable(table: TomlTable): TomlTable {
  const out: TomlTable = {};
  for (const [key, value] of Object.entries(table)) out[key] = isTable(value) ? structuredCloneTable(value) : value;
  return out;
}

/** Every template/schema/instructions path must name an existing file, relative to its TOML file. */
async function checkFileReferences(doc: ConfigDocument, table: TomlTable, keyPath: string[], problems: ConfigProblem[]): Promise<void> {
  for (const [key, value] of Object.entries(table)) {
    const here = [...keyPath, key];
    if (isTable(value)) {
      await checkFileReferences(doc, value, here, problems);
    } else if (typeof value === 'string' && fileExtensionOf(here)) {
      const file = path.resolve(path.dirname(doc.file), value);
      const isFile = await fs.stat(file).then((s) => s.isFile(), () => false);
      if (!isFile) problems.push({ functionName: functionOf(here), message: `${here.join('.')} in ${doc.relPath} names '${value}', which does not exist` });
    }
  }
}

function checkFunction(name: string, fn: TomlTable, metrics: TomlTable, problems: ConfigProblem[]): void {
  const variants = isTable(fn.variants) ? fn.variants : {};
  const experimentation = fn.experimentation;
  if (!isTable(experimentation)) return;
  const report = (message: string) => problems.push({ functionName: name, message: `functions.${name}.experimentation: ${message}` });

  const weighted = Object.entries(variants).filter(([, v]) => isTable(v) && v.weight !== undefined).map(([v]) => v);
  if (weighted.length > 0) report(`cannot be combined with variant weights (set on ${weighted.join(', ')})`);

  const sections: [string, TomlTable][] = [['', experimentation]];
  if (isTable(experimentation.namespaces)) {
    for (const [ns, section] of Object.entries(experimentation.namespaces)) {
      if (isTable(section)) sections.push([`namespaces.${ns}: `, section]);
    }
  }
  for (const [prefix, section] of sections) {
    const candidates = variantNames(section.candidate_variants);
    const fallbacks = variantNames(section.fallback_variants);
    for (const [list, names] of [['candidate_variants', candidates], ['fallback_variants', fallbacks]] as const) {
      const seen = new Set<string>();
      for (const variant of names) {
        if (!(variant in variants)) report(`${prefix}${list} names variant '${variant}', which does not exist`);
        if (seen.has(variant)) report(`${prefix}${list} lists '${variant}' twice`);
        seen.add(variant);
      }
    }
    for (const variant of candidates) {
      if (fallbacks.includes(variant)) report(`${prefix}variant '${variant}' is both a candidate and a fallback`);
    }
    if (typeof section.type === 'string' && ADAPTIVE_TYPES.has(section.type)) {
      const metric = section.metric;
      if (typeof metric !== 'string') report(`${prefix}${section.type} needs a metric`);
      else if (!(metric in metrics)) report(`${prefix}metric '${metric}' is not defined in [metrics]`);
      if (candidates.length === 0) report(`${prefix}${section.type} needs at least one candidate variant`);
    }
  }
}

/** Candidate lists are arrays of names or name → weight tables. */
function variantNames(value: unknown): string[] {
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string');
  if (isTable(value)) return Object.keys(value);
  return [];
}

function functionOf(keyPath: string[]): string | null {
  return keyPath[0] === 'functions' && keyPath.length > 1 ? keyPath[1] : null;
}

import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { z } from 'zod';
import { formatKeyPath, valueAt } from '../config/problems';
import { iterationsJsonPath, runJsonPath } from '../results/paths';
import { CompareError } from './compare-error';
import { IterationsFileSchema, RunFileSchema, type PairedEvaluation } from './run-records';

/** One iteration of a run as compare sees it; `paired` is null when the run recorded none (runs from before the paired evaluation). */
export interface RunIteration {
  iteration: number;
  phase: string;
  paired: PairedEvaluation | null;
}

/** A run directory's identity and its iterations, validated. */
export interface LoadedRun {
  dir: string;
  runId: string;
  environment: string;
  metricName: string;
  seed: number | null;
  /** run.json `status`: a failed or still running run contributes the iterations it finished */
  status: string;
  iterations: RunIteration[];
}

async function readJson(file: string): Promise<unknown> {
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new CompareError('unreadable-record', `${file}: ${code === 'ENOENT' ? 'missing' : `cannot be read (${code ?? String(err)})`}`, { file });
  }
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new CompareError('unreadable-record', `${file}: not valid JSON (${(err as Error).message})`, { file });
  }
}

/** Parses with `schema` or throws naming the file, the key path and the value of the first problem. */
function parseRecord<T extends z.ZodType>(schema: T, raw: unknown, file: string): z.output<T> {
  const result = schema.safeParse(raw);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const where = formatKeyPath(issue.path) || '(top level)';
  const value = valueAt(raw, issue.path);
  const got = value === undefined ? 'nothing' : JSON.stringify(value);
  throw new CompareError('invalid-record', `${file}: ${where}: ${issue.message} (got ${got})`, { file, keyPath: where, value });
}

/** Reads and validates one run directory's run.json and iterations.json. */
export async function loadRun(dir: string): Promise<LoadedRun> {
  const runFile = runJsonPath(dir);
  const iterationsFile = iterationsJsonPath(dir);
  const run = parseRecord(RunFileSchema, await readJson(runFile), runFile);
  const iterations = parseRecord(IterationsFileSchema, await readJson(iterationsFile), iterationsFile);
  iterations.forEach((entry, index) => {
    const recorded = entry.paired_evaluation?.metric_name;
    if (recorded !== undefined && recorded !== run.eval_config.metric_name) {
      throw new CompareError(
        'invalid-record',
        `${iterationsFile}: [${index}].paired_evaluation.metric_name: "${recorded}" differs from the run's metric "${run.eval_config.metric_name}" (${path.relative(dir, runFile)} eval_config.metric_name)`,
        { file: iterationsFile, value: recorded },
      );
    }
  });
  return {
    dir,
    runId: run.id,
    environment: run.environment_name,
    metricName: run.eval_config.metric_name,
    seed: run.seed,
    status: run.status,
    iterations: iterations
      .map((entry) => ({ iteration: entry.iteration_number, phase: entry.phase, paired: entry.paired_evaluation ?? null }))
      .sort((a, b) => a.iteration - b.iteration),
  };
}

import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { z } from 'zod';
import { checkpointDirFor, checkpointRootFor } from '../checkpoints';
import { statOrNull } from '../checkpoints/file-tree';
import { PairedEvaluationSchema } from '../compare/run-records';
import { autopilotIterationDir, autopilotRoot, configDir, iterationsJsonPath, runJsonPath } from '../results/paths';
import { SESSION_ARTIFACT_FILES } from '../results/session-artifacts';
import { diffConfigDirs } from './config-diffs';
import type { MetricPoint, ReportIteration, ReportRun, TranscriptEntry, VariantRow } from './report-data';
import { ReportError } from './report-error';
import { transcriptEntryOf } from './session-transcript';

/**
 * Reads one run directory into what the report shows. Only run.json and iterations.json are
 * required; every other artifact (session files, checkpoints, workflow.json) is optional, so a
 * run still in progress or from an older harness still gets a report.
 */

const VariantStats = z.object({ mean: z.number().nullable().optional(), ci_error: z.number().nullable().optional(), n: z.number().nullable().optional() });
const MetricBlock = z.object({ variants: z.record(z.string(), VariantStats).optional(), n: z.number().optional() });
const SplitMetrics = z.record(z.string(), MetricBlock);

const IterationEntry = z.object({
  iteration_number: z.number().int().min(0),
  phase: z.string(),
  finished_at: z.string().nullable().optional(),
  num_episodes: z.number().nullable().optional(),
  num_succeeded: z.number().nullable().optional(),
  num_failed: z.number().nullable().optional(),
  metrics: z.object({ train: SplitMetrics.optional(), test: SplitMetrics.optional() }).partial().nullable().optional(),
  paired_evaluation: PairedEvaluationSchema.loose().nullable().optional(),
});

const RunFile = z.object({
  id: z.string(),
  environment_name: z.string(),
  eval_config: z.looseObject({ metric_name: z.string(), initial_model: z.string().optional(), available_models: z.array(z.string()).optional() }),
  seed: z.number().int().nullable().optional(),
  status: z.string(),
  started_at: z.string().nullable().optional(),
  finished_at: z.string().nullable().optional(),
});

/** Written by the run's report activity: which workflow produced this directory. */
export const WorkflowFile = z.object({ workflow_id: z.string(), namespace: z.string() });
export const workflowJsonPath = (workDir: string) => path.join(workDir, 'results', 'workflow.json');

async function readJsonOrNull(file: string): Promise<unknown> {
  try {
    return JSON.parse(await fs.readFile(file, 'utf8'));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new ReportError(`${file}: cannot be read as JSON (${(err as Error).message})`, file);
  }
}

async function readRequired<T extends z.ZodType>(file: string, schema: T): Promise<z.output<T>> {
  const raw = await readJsonOrNull(file);
  if (raw === null) throw new ReportError(`${file}: missing (is this a run directory?)`, file);
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ReportError(`${file}: ${issue.path.join('.') || '(top level)'}: ${issue.message}`, file);
  }
  return parsed.data;
}

/** Pools a metric's per-variant means weighted by n; the interval combines the variants' half-widths the same way. */
function pooledMetric(block: z.output<typeof MetricBlock> | undefined): MetricPoint | null {
  const variants = Object.values(block?.variants ?? {}).filter((v) => typeof v.mean === 'number' && (v.n ?? 0) > 0);
  const total = variants.reduce((sum, v) => sum + (v.n ?? 0), 0);
  if (total === 0) return null;
  const mean = variants.reduce((sum, v) => sum + (v.mean as number) * (v.n as number), 0) / total;
  const halfWidth = Math.sqrt(variants.reduce((sum, v) => sum + ((v.n as number) * (v.ci_error ?? 0)) ** 2, 0)) / total;
  return { mean, lower: mean - halfWidth, upper: mean + halfWidth, n: total };
}

function variantRows(metrics: z.output<typeof IterationEntry>['metrics']): VariantRow[] {
  const rows: VariantRow[] = [];
  for (const split of ['test', 'train'] as const) {
    for (const [metric, block] of Object.entries(metrics?.[split] ?? {})) {
      for (const [variant, stats] of Object.entries(block.variants ?? {})) {
        rows.push({ split, metric, variant, mean: stats.mean ?? null, ciError: stats.ci_error ?? null, n: stats.n ?? null });
      }
    }
  }
  return rows;
}

const pretty = (value: unknown) => JSON.stringify(value, null, 2);

/**
 * The session as a transcript: its saved events (messages, questions and answers, tool calls
 * and results) — or, for runs made before those were saved, the opening message and each config
 * write — then the rejections, a recovery and the outcome.
 */
async function readTranscript(workDir: string, iteration: number): Promise<TranscriptEntry[]> {
  const dir = autopilotIterationDir(workDir, iteration);
  if (!(await statOrNull(dir))) return [];
  const events = await readJsonOrNull(path.join(dir, SESSION_ARTIFACT_FILES.events));
  const entries: TranscriptEntry[] = Array.isArray(events) ? events.map((event) => transcriptEntryOf(event ?? {})) : await openingAndWrites(dir);
  const memory = (await readJsonOrNull(path.join(autopilotRoot(workDir), 'builtin-memory.json'))) as { rejected?: Record<string, { variantName?: string; reason?: string; at?: string }> } | null;
  const sessionEnd = await readJsonOrNull(path.join(dir, SESSION_ARTIFACT_FILES.sessionResult));
  for (const rejection of Object.values(memory?.rejected ?? {})) {
    if (!rejection.variantName?.endsWith(`_i${iteration}`)) continue;
    entries.push({ kind: 'rejection', at: rejection.at ?? null, title: `rejected ${rejection.variantName}`, text: rejection.reason ?? '' });
  }
  const recovery = await readJsonOrNull(path.join(dir, 'recovery.json'));
  if (recovery !== null) entries.push({ kind: 'recovery', at: null, title: 'resumed after worker loss', text: pretty(recovery) });
  if (sessionEnd !== null) entries.push({ kind: 'status', at: null, title: 'session ended', text: pretty(sessionEnd) });
  return entries;
}

/** What runs made before session_events.json show: the opening message and each config write as a tool call. */
async function openingAndWrites(dir: string): Promise<TranscriptEntry[]> {
  const entries: TranscriptEntry[] = [];
  const opening = await fs.readFile(path.join(dir, SESSION_ARTIFACT_FILES.initialMessage), 'utf8').catch(() => null);
  if (opening !== null) entries.push({ kind: 'message', at: null, title: 'harness → autopilot', text: opening });
  const raw = await readJsonOrNull(path.join(dir, SESSION_ARTIFACT_FILES.raw));
  for (const write of Array.isArray(raw) ? raw : []) {
    const record = (write ?? {}) as { created_at?: string; payload?: { name?: string; tool_name?: string; arguments?: unknown } };
    const name = record.payload?.name ?? record.payload?.tool_name ?? 'config write';
    entries.push({ kind: 'tool-call', at: record.created_at ?? null, title: `tool call: ${name}`, text: pretty(record.payload?.arguments ?? record.payload ?? write) });
  }
  return entries;
}

/** The config directory as it stood after `iteration`: its checkpoint, or the live one for the latest iteration. */
async function configAfter(workDir: string, iteration: number, isLatest: boolean): Promise<string | null> {
  const checkpointConfig = path.join(checkpointDirFor(checkpointRootFor(workDir), iteration), 'config');
  if (await statOrNull(checkpointConfig)) return checkpointConfig;
  return isLatest ? configDir(workDir) : null;
}

const seconds = (from: string | null | undefined, to: string | null | undefined) =>
  from && to ? Math.max(0, (Date.parse(to) - Date.parse(from)) / 1000) : null;

/** Where the Temporal Web UI shows a workflow. */
export const workflowUiUrl = (uiBase: string, namespace: string, workflowId: string) =>
  `${uiBase.replace(/\/+$/, '')}/namespaces/${encodeURIComponent(namespace)}/workflows/${encodeURIComponent(workflowId)}`;

export async function loadReportRun(workDir: string, uiBase: string): Promise<ReportRun> {
  const run = await readRequired(runJsonPath(workDir), RunFile);
  const entries = await readRequired(iterationsJsonPath(workDir), z.array(IterationEntry));
  const metric = run.eval_config.metric_name;
  const iterations: ReportIteration[] = [];
  let previousEnd = run.started_at ?? null;
  let previousConfig: string | null = null;
  let resumes = 0;
  const latest = Math.max(-1, ...entries.map((e) => e.iteration_number));
  for (const entry of [...entries].sort((a, b) => a.iteration_number - b.iteration_number)) {
    const k = entry.iteration_number;
    const config = await configAfter(workDir, k, k === latest);
    const diffs = previousConfig && config ? await diffConfigDirs(previousConfig, config) : [];
    const transcript = await readTranscript(workDir, k);
    resumes += transcript.filter((t) => t.kind === 'recovery').length;
    const paired = entry.paired_evaluation ?? null;
    const pairedPoint = paired?.policy_metric.mean != null
      ? { mean: paired.policy_metric.mean, lower: paired.policy_metric.ci?.[0] ?? null, upper: paired.policy_metric.ci?.[1] ?? null, n: paired.n_tasks }
      : null;
    iterations.push({
      iteration: k,
      phase: entry.phase,
      finishedAt: entry.finished_at ?? null,
      durationSeconds: seconds(previousEnd, entry.finished_at),
      episodes: { total: entry.num_episodes ?? null, succeeded: entry.num_succeeded ?? null, failed: entry.num_failed ?? null },
      test: pairedPoint ?? pooledMetric(entry.metrics?.test?.[metric]),
      train: pooledMetric(entry.metrics?.train?.[metric]),
      paired: paired as ReportIteration['paired'],
      variants: variantRows(entry.metrics),
      diffs,
      transcript,
    });
    previousEnd = entry.finished_at ?? previousEnd;
    previousConfig = config ?? previousConfig;
  }
  const workflow = WorkflowFile.safeParse(await readJsonOrNull(workflowJsonPath(workDir)));
  const models = [...new Set([run.eval_config.initial_model, ...(run.eval_config.available_models ?? [])].filter((m): m is string => !!m))];
  return {
    dir: path.resolve(workDir),
    label: run.seed != null ? `seed ${run.seed}` : path.basename(workDir),
    runId: run.id,
    environment: run.environment_name,
    metricName: metric,
    seed: run.seed ?? null,
    status: run.status,
    startedAt: run.started_at ?? null,
    finishedAt: run.finished_at ?? null,
    workflowId: workflow.success ? workflow.data.workflow_id : null,
    workflowUrl: workflow.success ? workflowUiUrl(uiBase, workflow.data.namespace, workflow.data.workflow_id) : null,
    models,
    config: run.eval_config,
    resumes,
    iterations,
  };
}

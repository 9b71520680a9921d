/** Runs `python/run_optimizer.py` in `.venv-optimizers` on one job and reads its result. */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { trackChild } from '../../gateway/child-registry';
import { z } from 'zod';
import type { OptimizerSettings } from './optimizer-settings';

export interface OptimizerExample {
  id: string;
  input: string;
}

export interface OptimizerJob {
  optimizer: OptimizerSettings['optimizer'];
  seed: number;
  lm_url: string;
  grade_url: string;
  task_model: string;
  reflection_model: string;
  seed_prompt: string;
  trainset: OptimizerExample[];
  valset: OptimizerExample[];
  max_metric_calls: number;
  max_demos: number;
  /** seconds the helper waits for one model call or grade */
  request_timeout_s: number;
}

export const optimizerResultSchema = z.object({
  system_prompt: z.string(),
  demos: z.array(z.object({ input: z.string(), output: z.string() })),
  candidates: z.array(z.object({ prompt: z.string(), score: z.number() })),
  metric_calls: z.number().int().min(0),
  stopped_by_budget: z.boolean(),
  notes: z.array(z.string()),
});
export type OptimizerResult = z.output<typeof optimizerResultSchema>;

/** The helper could not run or answered something unreadable; `stderrTail` says why. */
export class OptimizerHelperError extends Error {
  override readonly name = 'OptimizerHelperError';
  constructor(
    message: string,
    readonly optimizer: string,
    readonly stderrTail: string,
  ) {
    super(message);
  }
}

/** `onLog` receives the helper's progress lines (stderr), e.g. each graded answer. */
export async function runOptimizerHelper(settings: OptimizerSettings, job: OptimizerJob, signal: AbortSignal, onLog: (line: string) => void = () => undefined): Promise<OptimizerResult> {
  if (!existsSync(settings.python)) {
    throw new OptimizerHelperError(`${settings.python} does not exist; run scripts/setup.sh to create .venv-optimizers (requirements-optimizers.txt)`, job.optimizer, '');
  }
  const child = spawn(settings.python, [settings.script], {
    env: { ...process.env, LITELLM_LOCAL_MODEL_COST_MAP: 'True', PYTHONUNBUFFERED: '1' },
    stdio: ['pipe', 'pipe', 'pipe'],
    signal,
  });
  trackChild(child);
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => {
    const text = chunk.toString('utf8');
    stderr = (stderr + text).slice(-20_000);
    for (const line of text.split('\n')) if (line.startsWith('[optimizer]')) onLog(line);
  });
  child.stdin.end(JSON.stringify(job));
  const exit = await new Promise<{ code: number | null; error: Error | null }>((resolve) => {
    child.once('error', (error) => resolve({ code: null, error }));
    child.once('close', (code) => resolve({ code, error: null }));
  });
  const stderrTail = stderr.slice(-2000);
  if (exit.error) throw new OptimizerHelperError(`${job.optimizer} helper failed: ${exit.error.message}`, job.optimizer, stderrTail);
  if (exit.code !== 0) throw new OptimizerHelperError(`${job.optimizer} helper exited with ${exit.code}`, job.optimizer, stderrTail);
  const lastLine = stdout.trim().split('\n').pop() ?? '';
  let parsed: unknown;
  try {
    parsed = JSON.parse(lastLine);
  } catch {
    throw new OptimizerHelperError(`${job.optimizer} helper printed no JSON result`, job.optimizer, stderrTail);
  }
  const result = optimizerResultSchema.safeParse(parsed);
  if (!result.success) throw new OptimizerHelperError(`${job.optimizer} helper result is malformed: ${result.error.message}`, job.optimizer, stderrTail);
  return result.data;
}

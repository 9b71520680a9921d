import { existsSync, readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { findProjectRoot } from '../../common/project-root';

/** One of the project's Harbor fixture tasks (tasks/<name>/), as the simulator needs it. */
export interface HarborFixtureTask {
  name: string;
  /** instruction.md, trimmed: what the environment shows the agent first */
  instruction: string;
  /** the commands of solution/solve.sh, one per line (comments, blank lines and `set` left out) */
  solution: string[];
}

/** The fixture tasks' directory (kept in the source tree; the build does not copy it). */
let defaultDir: string | undefined;

/** Found once per process: the oracle asks on every simulated request it sees. */
export function fixtureTasksDir(): string {
  return (defaultDir ??= path.join(findProjectRoot(__dirname), 'environments', 'harbor', 'tasks'));
}

let cached: HarborFixtureTask[] | null = null;

/** The fixture tasks, read once per process; [] when the directory is absent (a build without sources). */
export function loadFixtureTasks(dir: string = fixtureTasksDir()): HarborFixtureTask[] {
  if (cached && dir === fixtureTasksDir()) return cached;
  const tasks = !existsSync(dir)
    ? []
    : readdirSync(dir, { withFileTypes: true })
        .filter((entry) => entry.isDirectory() && existsSync(path.join(dir, entry.name, 'instruction.md')))
        .map((entry) => ({
          name: entry.name,
          instruction: readFileSync(path.join(dir, entry.name, 'instruction.md'), 'utf8').trim(),
          solution: solutionCommands(readFileSync(path.join(dir, entry.name, 'solution', 'solve.sh'), 'utf8')),
        }))
        .sort((a, b) => a.name.localeCompare(b.name));
  if (dir === fixtureTasksDir()) cached = tasks;
  return tasks;
}

/** The commands of a solve.sh: every line but the shebang, comments, blank lines and `set` options. */
export function solutionCommands(script: string): string[] {
  return script
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#') && !/^set\s/.test(line));
}

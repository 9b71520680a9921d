import { messageText, type ChatCompletionRequest } from '../../common/oracle-contract/chat-request';
import type { Oracle, ToolCallAnswer, ToolCallOracleAnswer } from '../../common/oracle-contract/oracle';
import { loadFixtureTasks, type HarborFixtureTask } from './fixture-tasks';
import { harborMistakes } from './mistakes';

/**
 * The simulator's knowledge of the Harbor fixture tasks (tasks/): a request whose user messages
 * hold a fixture task's instruction is that task's turn. The ideal move is the next command of
 * the task's solution/solve.sh not yet run (in order, compared exactly with the commands the
 * conversation already holds), then submit_solution. Mistakes (mistakes.ts) are drawn by the sim
 * from the tier and the prompt; since the conversation is the episode's own, a mistake that
 * broke nothing is followed by the right command again, and a fatal one stays fatal.
 */
export const harborFixtureOracle: Oracle = {
  name: 'harbor_fixtures',
  answer(request) {
    const task = findTask(request);
    if (!task) return null;
    const run = commandsRun(request);
    const done = solvedPrefix(task.solution, run);
    const ideal: ToolCallAnswer =
      done < task.solution.length ? { name: 'execute_command', arguments: { command: task.solution[done] } } : { name: 'submit_solution', arguments: {} };
    const answer: ToolCallOracleAnswer = {
      kind: 'tool_call',
      ideal,
      difficulty: harborDifficulty(task, run.length),
      conversation: 'episode',
      mistakes: harborMistakes(task.name),
    };
    return answer;
  },
};

/** The fixture task whose instruction appears in a user message, if any. */
export function findTask(request: Pick<ChatCompletionRequest, 'messages'>, tasks: readonly HarborFixtureTask[] = loadFixtureTasks()): HarborFixtureTask | null {
  const userTexts = request.messages.filter((m) => m.role === 'user').map(messageText);
  return tasks.find((task) => userTexts.some((text) => text.includes(task.instruction))) ?? null;
}

/** The execute_command commands of the conversation's assistant turns, in order. */
export function commandsRun(request: Pick<ChatCompletionRequest, 'messages'>): string[] {
  const commands: string[] = [];
  for (const message of request.messages) {
    if (message.role !== 'assistant') continue;
    for (const call of message.tool_calls ?? []) {
      if (call.function.name !== 'execute_command') continue;
      try {
        const args = JSON.parse(call.function.arguments) as { command?: unknown };
        if (typeof args.command === 'string') commands.push(args.command);
      } catch {
        // unparsable arguments ran nothing
      }
    }
  }
  return commands;
}

/** How many solution commands have run, in order (other commands in between do not count). */
export function solvedPrefix(solution: readonly string[], run: readonly string[]): number {
  let done = 0;
  for (const cmd of run) if (done < solution.length && cmd === solution[done]) done++;
  return done;
}

/**
 * Longer solutions are harder turns, and so is a long transcript (every wasted command makes the
 * next turn a little harder, as a real model loses the thread).
 */
export function harborDifficulty(task: HarborFixtureTask, commandsSoFar: number): number {
  return DIFFICULTY.base * (1 + DIFFICULTY.perSolutionCommand * (task.solution.length - 1)) * (1 + commandsSoFar / DIFFICULTY.fatigueCommands);
}

export const DIFFICULTY = { base: 0.35, perSolutionCommand: 0.25, fatigueCommands: 6 } as const;

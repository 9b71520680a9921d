import type { ChatCompletionRequest, ChatMessage } from '../../common/oracle-contract/chat-request';
import type { ToolCallAnswer, ToolCallOracleAnswer } from '../../common/oracle-contract/oracle';
import { createRng } from '../../common/oracle-contract/rng';
import { loadFixtureTasks, solutionCommands } from './fixture-tasks';
import { harborMistakes, PLAUSIBLE_WRONG_COMMANDS } from './mistakes';
import { harborDifficulty, harborFixtureOracle } from './oracle';

const tasks = loadFixtureTasks();
const task = (name: string) => tasks.find((t) => t.name === name)!;

let callId = 0;
function ran(command: string): ChatMessage[] {
  const id = `call_${++callId}`;
  return [
    { role: 'assistant', content: null, tool_calls: [{ id, type: 'function', function: { name: 'execute_command', arguments: JSON.stringify({ command }) } }] },
    { role: 'tool', tool_call_id: id, content: 'exit code: 0' },
  ];
}

function request(instruction: string, ...turns: ChatMessage[][]): ChatCompletionRequest {
  return { model: 'small', messages: [{ role: 'system', content: 'You are an agent that solves tasks in a Linux terminal.' }, { role: 'user', content: instruction }, ...turns.flat()] };
}

const ideal = (req: ChatCompletionRequest): ToolCallAnswer => (harborFixtureOracle.answer(req) as ToolCallOracleAnswer).ideal;
const run = (command: string): ToolCallAnswer => ({ name: 'execute_command', arguments: { command } });
const submit: ToolCallAnswer = { name: 'submit_solution', arguments: {} };

describe('the Harbor fixture tasks as the simulator reads them', () => {
  it('are the five tasks, each with its solve.sh commands and plausible wrong commands that differ from them', () => {
    expect(tasks.map((t) => t.name)).toEqual(Object.keys(PLAUSIBLE_WRONG_COMMANDS).sort());
    expect(task('edit-config').solution).toEqual(["sed -i 's/^port = 8080$/port = 9090/' /app/service.ini", "sed -i 's/^debug = true$/debug = false/' /app/service.ini"]);
    for (const t of tasks) {
      expect(t.solution.length).toBeGreaterThan(0);
      for (const wrong of PLAUSIBLE_WRONG_COMMANDS[t.name]) expect(t.solution).not.toContain(wrong);
    }
    expect(solutionCommands('#!/bin/bash\nset -euo pipefail\n\n# a comment\n  echo hi  \n')).toEqual(['echo hi']);
  });
});

describe('harborFixtureOracle', () => {
  it("recognises a task by its instruction in a user message and walks the solution's commands, then submits", () => {
    const t = task('edit-config');
    expect(ideal(request(t.instruction))).toEqual(run(t.solution[0]));
    expect(ideal(request(`Task:\n${t.instruction}\nGood luck.`))).toEqual(run(t.solution[0]));
    expect(ideal(request(t.instruction, ran(t.solution[0])))).toEqual(run(t.solution[1]));
    expect(ideal(request(t.instruction, ran(t.solution[0]), ran(t.solution[1])))).toEqual(submit);
    const answer = harborFixtureOracle.answer(request(t.instruction)) as ToolCallOracleAnswer;
    expect(answer.kind).toBe('tool_call');
    expect(answer.conversation).toBe('episode');
  });

  it('counts only the solution commands run in order: other commands in between change nothing, a failed attempt is retried', () => {
    const t = task('edit-config');
    expect(ideal(request(t.instruction, ran('ls -la /app'), ran(t.solution[0]), ran('cat /app/service.ini')))).toEqual(run(t.solution[1]));
    expect(ideal(request(t.instruction, ran(t.solution[1])))).toEqual(run(t.solution[0]));
    expect(ideal(request(t.instruction, ran(t.solution[1]), ran(t.solution[0])))).toEqual(run(t.solution[1]));
  });

  it('does not answer requests of other tasks, and later turns of a longer episode are harder', () => {
    expect(harborFixtureOracle.answer(request('Please list the files in /srv.'))).toBeNull();
    expect(harborFixtureOracle.answer({ model: 'small', messages: [{ role: 'system', content: task('sum-column').instruction }] })).toBeNull();
    const t = task('edit-config');
    expect(harborDifficulty(t, 4)).toBeGreaterThan(harborDifficulty(t, 0));
    expect(harborDifficulty(t, 0)).toBeGreaterThan(harborDifficulty(task('count-errors'), 0));
  });
});

describe('harborMistakes', () => {
  const mistakes = Object.fromEntries(harborMistakes('edit-config').map((m) => [m.name, m]));
  const rng = () => createRng('harbor-mistakes');
  const cmd = "sed -i 's/^port = 8080$/port = 9090/' /app/service.ini";

  it('turn a command into a plausible wrong one, a value off by one, a premature submit, a look around, broken quoting', () => {
    expect(PLAUSIBLE_WRONG_COMMANDS['edit-config']).toContain((mistakes.plausible_wrong_command.apply(run(cmd), rng()) as ToolCallAnswer).arguments.command);
    expect(mistakes.wrong_value.apply(run(cmd), rng())).toEqual(run("sed -i 's/^port = 8081$/port = 9090/' /app/service.ini"));
    expect(mistakes.premature_submit.apply(run(cmd), rng())).toEqual(submit);
    expect((mistakes.look_around.apply(submit, rng()) as ToolCallAnswer).name).toBe('execute_command');
    expect(mistakes.broken_quoting.apply(run(cmd), rng())).toEqual(run("sed -i 's/^port = 8080$/port = 9090/ /app/service.ini"));
  });

  it('do not apply where they make no sense (the submit turn has no command to get wrong)', () => {
    for (const name of ['plausible_wrong_command', 'wrong_value', 'premature_submit', 'broken_quoting']) expect(mistakes[name].apply(submit, rng())).toBeNull();
    expect(mistakes.wrong_value.apply(run('ls /app'), rng())).toBeNull();
  });
});

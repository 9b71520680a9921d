import type { Mistake, ToolCallAnswer } from '../../common/oracle-contract/oracle';

/**
 * How a simulated terminal agent gets a Harbor fixture turn wrong. Some mistakes are fatal (the
 * tests fail: a wrong value, a plausible but wrong command, submitting too early), others cost a
 * step (looking around, a command with broken quoting) and only hurt when the horizon runs out.
 */

/** Per fixture task: commands that look right and are not (the traps of each task). */
export const PLAUSIBLE_WRONG_COMMANDS: Readonly<Record<string, readonly string[]>> = {
  'count-errors': ['grep -c ERROR /app/server.log > /app/answer.txt', "grep ' ERROR ' /app/server.log | wc -l > /app/answer.txt"],
  'edit-config': ["sed -i 's/8080/9090/; s/true/false/' /app/service.ini && echo 'debug = false' >> /app/service.ini", "sed -i 's/^port = 8080$/port=9090/' /app/service.ini"],
  'fix-word-count': ["sed -i 's/text.split(\" \")/text.split(\"\\\\n\")/' /app/word_count.py", "sed -i 's/len(text.split(\" \"))/len(text.split(\" \")) - 1/' /app/word_count.py"],
  'rename-logs': ['cd /app/logs && for f in *; do mv -- "$f" "${f%.*}.log"; done', 'cd /app/logs && rename .txt .log *.txt'],
  'sum-column': ["awk -F, '$2 == \"shipped\" { s += $3 } END { print s }' /app/orders.csv > /app/answer.txt", "awk -F, 'NR > 1 { s += $3 } END { printf \"%.2f\\n\", s }' /app/orders.csv > /app/answer.txt"],
};

const LOOK_AROUND = ['ls -la /app', 'pwd && ls', 'cat /app/*.md 2>/dev/null; ls /app', 'find /app -maxdepth 2 -type f | head -20'];

function command(call: ToolCallAnswer): string | null {
  return call.name === 'execute_command' && typeof call.arguments.command === 'string' ? call.arguments.command : null;
}

function run(cmd: string): ToolCallAnswer {
  return { name: 'execute_command', arguments: { command: cmd } };
}

export function harborMistakes(taskName: string): Mistake<ToolCallAnswer>[] {
  return [
    {
      // a command that looks right and is not
      name: 'plausible_wrong_command',
      weight: 3,
      apply: (call, rng) => {
        const wrong = PLAUSIBLE_WRONG_COMMANDS[taskName] ?? [];
        return command(call) === null || wrong.length === 0 ? null : run(rng.pick(wrong));
      },
    },
    {
      // the right command with one number off (a port, a count, a precision)
      name: 'wrong_value',
      weight: 2,
      apply: (call) => {
        const cmd = command(call);
        const changed = cmd?.replace(/\d+/, (digits) => String(Number(digits) + 1));
        return cmd && changed && changed !== cmd ? run(changed) : null;
      },
    },
    {
      // declares the task done before doing it
      name: 'premature_submit',
      weight: 2,
      apply: (call) => (command(call) === null ? null : { name: 'submit_solution', arguments: {} }),
    },
    {
      // looks around instead of acting: costs a step
      name: 'look_around',
      weight: 2,
      apply: (_call, rng) => run(rng.pick(LOOK_AROUND)),
    },
    {
      // drops the closing quote: the shell rejects it, nothing changes, a step is lost
      name: 'broken_quoting',
      weight: 1,
      apply: (call) => {
        const cmd = command(call);
        const last = cmd ? Math.max(cmd.lastIndexOf("'"), cmd.lastIndexOf('"')) : -1;
        return cmd && last > 0 ? run(cmd.slice(0, last) + cmd.slice(last + 1)) : null;
      },
    },
  ];
}

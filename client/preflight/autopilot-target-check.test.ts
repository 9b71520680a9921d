import { checkAutopilotTarget } from './autopilot-target-check';
import { AutopilotTargetSchema } from '../../config/schema';

const optimizerTarget = AutopilotTargetSchema.parse({ kind: 'python_optimizer', python_optimizer: { optimizer: 'gepa' } });

afterEach(() => delete process.env.AUTOPILOT_BENCH_OPTIMIZER_PYTHON);

test('a python_optimizer target without its virtualenv is refused, naming the interpreter and the fix', async () => {
  process.env.AUTOPILOT_BENCH_OPTIMIZER_PYTHON = '/nonexistent/.venv-optimizers/bin/python';
  expect(await checkAutopilotTarget(optimizerTarget, {}, 1000)).toEqual([
    {
      check: 'autopilot-target',
      where: 'autopilot_target.python_optimizer',
      message: '/nonexistent/.venv-optimizers/bin/python does not exist: run scripts/setup.sh (it creates .venv-optimizers from requirements-optimizers.txt)',
    },
  ]);
});

test('a python_optimizer target with an interpreter needs no key and no reachable service', async () => {
  process.env.AUTOPILOT_BENCH_OPTIMIZER_PYTHON = process.execPath; // any existing file stands in for the interpreter
  expect(await checkAutopilotTarget(optimizerTarget, {}, 1000)).toEqual([]);
});

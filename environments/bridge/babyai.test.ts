import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import * as path from 'node:path';

/**
 * Runs the Python tests of the bridge's own environments (BabyAI on real minigrid levels:
 * environments/bridge/python/tests) with the project's virtualenv, so the jest run that CI does
 * covers them. The venv is made by scripts/setup.sh (requirements.txt: minigrid, gymnasium).
 */
const repo = path.resolve(__dirname, '..', '..');
const python = path.join(repo, '.venv', 'bin', 'python');

describe('Python environment tests (unittest)', () => {
  it('pass with the project virtualenv', () => {
    expect(existsSync(python)).toBe(true);
    const run = spawnSync(python, ['-m', 'unittest', 'discover', '-s', 'environments/bridge/python/tests'], {
      cwd: repo,
      env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1' }, // no __pycache__ litter in the work tree
      encoding: 'utf8',
      timeout: 120_000,
    });
    // unittest reports on stderr; show it when something fails
    if (run.status !== 0) throw new Error(`unittest exited with ${run.status ?? run.signal}:\n${run.stderr}${run.stdout}`);
    expect(run.status).toBe(0);
  }, 150_000);
});

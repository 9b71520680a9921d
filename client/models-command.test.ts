import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Command } from 'commander';
import { LOCAL_MODELS } from '../local-models/catalog';
import { MODEL_DIR_VARIABLE } from '../local-models/model-cache';
import { addModelsCommand } from './models-command';

let cache: string;
const saved = process.env[MODEL_DIR_VARIABLE];
beforeEach(() => {
  cache = mkdtempSync(path.join(os.tmpdir(), 'models-list-'));
  process.env[MODEL_DIR_VARIABLE] = cache;
});
afterEach(() => {
  rmSync(cache, { recursive: true, force: true });
  if (saved === undefined) delete process.env[MODEL_DIR_VARIABLE];
  else process.env[MODEL_DIR_VARIABLE] = saved;
});

test('models list says which models are pulled into the cache', async () => {
  writeFileSync(path.join(cache, LOCAL_MODELS['smollm2-135m'].fileName), '');
  const lines: string[] = [];
  const program = new Command().exitOverride();
  addModelsCommand(program, (line) => lines.push(line));
  await program.parseAsync(['node', 'cli', 'models', 'list']);
  expect(lines[0]).toBe(`cache: ${cache}`);
  expect(lines.find((l) => l.startsWith('local::smollm2-135m '))).toMatch(/^local::smollm2-135m {2}pulled {2}/);
  expect(lines.find((l) => l.startsWith('local::qwen2.5-coder-0.5b '))).toMatch(/^local::qwen2\.5-coder-0\.5b {2}not pulled {2}/);
});

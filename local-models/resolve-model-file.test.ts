import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { LocalModelFileMissingError, LocalModelNotInstalledError, UnknownLocalModelError } from './errors';
import { resolveLocalModelFile } from './resolve-model-file';

let dir: string;
beforeEach(() => (dir = mkdtempSync(path.join(os.tmpdir(), 'resolve-model-'))));
afterEach(() => rmSync(dir, { recursive: true, force: true }));

test('a catalog model that is not pulled says how to pull it', () => {
  expect(() => resolveLocalModelFile('smollm2-135m', dir)).toThrow(LocalModelNotInstalledError);
  expect(() => resolveLocalModelFile('smollm2-135m', dir)).toThrow('models pull smollm2-135m');
});

test('a .gguf path that does not exist names the file and does not suggest a pull', () => {
  const file = path.join(dir, 'mine.gguf');
  expect(() => resolveLocalModelFile(file, dir)).toThrow(LocalModelFileMissingError);
  expect(() => resolveLocalModelFile(file, dir)).toThrow(`local model file ${file} does not exist`);
  writeFileSync(file, '');
  expect(resolveLocalModelFile(file, dir)).toEqual({ model: file, file });
});

test('anything else is an unknown model', () => {
  expect(() => resolveLocalModelFile('gpt-5', dir)).toThrow(UnknownLocalModelError);
});

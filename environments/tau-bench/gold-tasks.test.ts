import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadTau2Split, loadTau2Tasks, Tau2DataError } from './gold-tasks';

let dataDir: string;
beforeEach(() => {
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'tau2-data-'));
  mkdirSync(path.join(dataDir, 'retail'));
});
afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

test('a tasks file that is not JSON is an error naming the file', () => {
  const file = path.join(dataDir, 'retail', 'tasks.json');
  writeFileSync(file, '[{"id": ');
  expect(() => loadTau2Tasks(dataDir, 'retail')).toThrow(Tau2DataError);
  expect(() => loadTau2Tasks(dataDir, 'retail')).toThrow(`${file}: `);
});

test('a splits file of the wrong shape is an error naming the file and the key', () => {
  const file = path.join(dataDir, 'retail', 'split_tasks.json');
  writeFileSync(file, JSON.stringify({ test: 'not-a-list' }));
  expect(() => loadTau2Split(dataDir, 'retail', 'test')).toThrow(Tau2DataError);
  expect(() => loadTau2Split(dataDir, 'retail', 'test')).toThrow(new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: \\[test\\]`));
});

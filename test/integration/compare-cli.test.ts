import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { REPO_ROOT, runCli } from '../support/cli';
import { binaryOutcomes, writeRunDir } from '../fixtures/paired-run-dirs';

/**
 * `autopilot-benchmark compare` as the built CLI (dist/client/main.js) on fixture run directories:
 * what reaches stdout and stderr and the exit code for each outcome. It needs no server; the
 * environment points at one that does not exist, so a compare that tried to connect would fail.
 */
let root: string;
const noServer = { TEMPORAL_ADDRESS: '127.0.0.1:1', TEMPORAL_CLI_PATH: '/nonexistent/temporal', LOG_FORMAT: 'text' };
const compare = (...args: string[]) => runCli(['compare', ...args], { env: noServer, timeoutMs: 60_000 });

const baseline = binaryOutcomes({ both: 14, onlyPolicy: 0, onlyBaseline: 0, neither: 26 });
const improved = (gained: number) => binaryOutcomes({ both: 13, onlyPolicy: gained, onlyBaseline: 1, neither: 26 - gained });

beforeAll(() => {
  root = mkdtempSync(path.join(os.tmpdir(), 'compare-cli-'));
  for (const [seed, gained] of [[1, 10], [2, 9], [3, 12]]) writeRunDir(path.join(root, 'out'), { seed, iterations: [baseline, improved(gained)] });
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

test('a work dir with three seeds: the table on stdout, exit 0', async () => {
  const result = await compare(path.join(root, 'out'));
  expect(result.exitCode).toBe(0);
  expect(result.stderr).toBe('');
  expect(result.stdout).toMatch(/^Compare: ner_conllpp_v0 — exact_match \(boolean, higher is better\); 3 runs \(seed 1, seed 2, seed 3\)\n/);
  expect(result.stdout).toContain('Verdict: iteration 1: improved — mean Δ exact_match +0.233');
});

test('--json: the report as one JSON document, documented in compare/README.md', async () => {
  const result = await compare(path.join(root, 'out'), '--json');
  expect(result.exitCode).toBe(0);
  const report = JSON.parse(result.stdout);
  expect(Object.keys(report)).toEqual(['environment', 'metric', 'level', 'alpha', 'runs', 'iterations', 'final_verdict']);
  expect(report.iterations[1]).toMatchObject({ iteration: 1, seeds: 3, improved_significantly: 3, verdict: 'improved' });
  // every top-level and per-iteration field is named in the README's JSON section
  const readme = readFileSync(path.join(REPO_ROOT, 'compare/README.md'), 'utf8');
  for (const key of [...Object.keys(report), ...Object.keys(report.iterations[1]), ...Object.keys(report.iterations[1].per_seed[0]), ...Object.keys(report.runs[0])]) {
    expect(readme).toContain(`\`${key}\``);
  }
});

test('--markdown: a table ready to paste', async () => {
  const result = await compare(path.join(root, 'out'), '--markdown');
  expect(result.exitCode).toBe(0);
  expect(result.stdout.split('\n')[1]).toBe('| --- | --- | --- | --- | --- | --- | --- | --- |');
});

test('runs of two environments: exit 1 and the reason on stderr, nothing on stdout', async () => {
  const mixed = path.join(root, 'mixed');
  writeRunDir(mixed, { seed: 1, iterations: [baseline, improved(3)] });
  writeRunDir(mixed, { seed: 1, environment: 'babyai_pickup_v0', iterations: [baseline, improved(3)] });
  const result = await compare(mixed);
  expect(result.exitCode).toBe(1);
  expect(result.stdout).toBe('');
  expect(result.stderr).toMatch(/^error: runs of different environments cannot be aggregated; compare one at a time:\n/);
  expect(result.stderr).not.toMatch(/^\s+at /m);
});

test('only runs from before the paired evaluation: exit 1, naming them', async () => {
  const old = writeRunDir(path.join(root, 'old'), { seed: 1, paired: false, iterations: [baseline, improved(3)] });
  const result = await compare(path.join(root, 'old'));
  expect(result.exitCode).toBe(1);
  expect(result.stderr).toContain(`error: none of the 1 run(s) has a paired evaluation record`);
  expect(result.stderr).toContain(old);
});

test('a directory that does not exist: exit 1', async () => {
  const result = await compare(path.join(root, 'nope'));
  expect(result.exitCode).toBe(1);
  expect(result.stderr).toBe(`error: ${path.join(root, 'nope')}: no such directory\n`);
});

test('no directory at all: a usage error, exit 1', async () => {
  const result = await compare();
  expect(result.exitCode).toBe(1);
  expect(result.stderr).toContain("error: missing required argument 'dirs'");
});

test('a corrupt iterations.json: exit 1, naming the file', async () => {
  const dir = writeRunDir(path.join(root, 'corrupt'), { seed: 1, iterations: [baseline, improved(3)] });
  writeFileSync(path.join(dir, 'results/iterations.json'), '[{');
  const result = await compare(dir);
  expect(result.exitCode).toBe(1);
  expect(result.stderr).toContain(`error: ${path.join(dir, 'results/iterations.json')}: not valid JSON`);
});

// compare over run directories written to a temp dir (test/fixtures/paired-run-dirs.ts): the
// records are computed by the statistics module from per-task outcomes, as a run writes them.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { compareRunDirs } from './compare-runs';
import { CompareError } from './compare-error';
import { renderCompareTable } from './render-table';
import { renderCompareMarkdown } from './render-markdown';
import { binaryOutcomes, writeRunDir, type FixtureRun } from '../test/fixtures/paired-run-dirs';

/** Student's t quantile t(0.975, 2), from standard tables. */
const T_975_DF2 = 4.302652729911275;

let root: string;
beforeEach(() => {
  root = mkdtempSync(path.join(os.tmpdir(), 'compare-'));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

/** 40 tasks, the baseline solves 14; the policy adds `gained` tasks and loses `lost`. */
const iteration = (gained: number, lost: number) => binaryOutcomes({ both: 14 - lost, onlyPolicy: gained, onlyBaseline: lost, neither: 26 - gained });
const baseline = iteration(0, 0);

/** Three seeds that each improve clearly: Δ at iteration 1 = 9/40, 8/40, 11/40; at iteration 2 = 12/40, 12/40, 13/40. */
function threeImprovingSeeds(extra: Partial<FixtureRun> = {}): string[] {
  return [
    writeRunDir(root, { seed: 1, iterations: [baseline, iteration(10, 1), iteration(14, 2)], ...extra }),
    writeRunDir(root, { seed: 2, iterations: [baseline, iteration(9, 1), iteration(13, 1)], ...extra }),
    writeRunDir(root, { seed: 3, iterations: [baseline, iteration(12, 1), iteration(16, 3)], ...extra }),
  ];
}

function expectedTInterval(deltas: number[]) {
  const mean = deltas.reduce((s, d) => s + d, 0) / deltas.length;
  const sd = Math.sqrt(deltas.reduce((s, d) => s + (d - mean) ** 2, 0) / (deltas.length - 1));
  const half = (T_975_DF2 * sd) / Math.sqrt(deltas.length);
  return { mean, lower: mean - half, upper: mean + half };
}

async function refusal(paths: string[]): Promise<CompareError> {
  const err = await compareRunDirs(paths).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(CompareError);
  return err as CompareError;
}

describe('three seeds of one environment', () => {
  test('per iteration: the mean Δ over seeds with its t-interval, the significant seeds and the verdict', async () => {
    threeImprovingSeeds();
    const report = await compareRunDirs([root]);
    expect(report.environment).toBe('ner_conllpp_v0');
    expect(report.metric).toEqual({ name: 'exact_match', type: 'boolean', optimize: 'max' });
    expect(report.runs.map((r) => [r.seed, r.paired_iterations])).toEqual([[1, [0, 1, 2]], [2, [0, 1, 2]], [3, [0, 1, 2]]]);
    expect(report.iterations.map((it) => it.iteration)).toEqual([0, 1, 2]);

    const [base, first, second] = report.iterations;
    expect(base).toMatchObject({ seeds: 3, mean_delta: null, verdict: null });
    expect(base.baseline_mean).toBeCloseTo(0.35, 12);
    expect(base.verdict_line).toBe('baseline: exact_match 0.350 (mean over 3 seeds)');

    const expected = expectedTInterval([9 / 40, 8 / 40, 11 / 40]);
    expect(first.seeds).toBe(3);
    expect(first.mean_delta!.estimate).toBeCloseTo(expected.mean, 12);
    expect(first.mean_delta!.ci[0]).toBeCloseTo(expected.lower, 8);
    expect(first.mean_delta!.ci[1]).toBeCloseTo(expected.upper, 8);
    expect(first.mean_delta!.method).toBe('t');
    expect(first.policy_mean).toBeCloseTo((23 + 22 + 25) / 3 / 40, 12);
    // McNemar exact: 10 vs 1, 9 vs 1, 12 vs 1 discordant pairs are all below 0.05.
    expect(first.per_seed.map((s) => s.significant)).toEqual(['improved', 'improved', 'improved']);
    expect(first.per_seed[0].p_value).toBeCloseTo((2 * 12) / 2048, 12);
    expect(first).toMatchObject({ improved_significantly: 3, worsened_significantly: 0, verdict: 'improved' });
    expect(first.verdict_line).toMatch(/^iteration 1: improved — mean Δ exact_match \+0\.233 \(95% CI \+0\.138 to \+0\.328, t over 3 seeds\); 3 of 3 seeds improved significantly \(p < 0\.05\), 0 worsened$/);

    expect(second.verdict).toBe('improved');
    expect(report.final_verdict).toBe(second.verdict_line);
  });

  test('the per-seed figures are the ones each run recorded', async () => {
    const [dir] = threeImprovingSeeds();
    const recorded = JSON.parse(readFileSync(path.join(dir, 'results/iterations.json'), 'utf8'))[1].paired_evaluation;
    const report = await compareRunDirs([root]);
    expect(report.iterations[1].per_seed[0]).toEqual({
      seed: 1,
      dir,
      n_tasks: 40,
      baseline: recorded.baseline.mean,
      policy: recorded.policy_metric.mean,
      delta: recorded.delta.mean,
      delta_ci: recorded.delta.ci,
      p_value: recorded.p_value,
      test: 'mcnemar_exact',
      significant: 'improved',
    });
  });

  test('a parent directory, the environment directory and the run directories themselves find the same runs', async () => {
    const dirs = threeImprovingSeeds();
    const fromRoot = await compareRunDirs([root]);
    expect(await compareRunDirs([path.join(root, 'ner_conllpp_v0')])).toEqual(fromRoot);
    expect(await compareRunDirs([...dirs].reverse())).toEqual(fromRoot);
    expect(await compareRunDirs([dirs[0], root])).toEqual(fromRoot); // a run named twice counts once
  });

  test('policies no better than the baseline: no significant difference, with the numbers', async () => {
    writeRunDir(root, { seed: 1, iterations: [baseline, iteration(2, 1)] });
    writeRunDir(root, { seed: 2, iterations: [baseline, iteration(1, 3)] });
    writeRunDir(root, { seed: 3, iterations: [baseline, iteration(2, 2)] });
    const report = await compareRunDirs([root]);
    const it = report.iterations[1];
    expect(it.verdict).toBe('no-significant-difference');
    expect(it.improved_significantly + it.worsened_significantly).toBe(0);
    expect(it.mean_delta!.ci[0]).toBeLessThan(0);
    expect(it.mean_delta!.ci[1]).toBeGreaterThan(0);
    expect(it.verdict_line).toMatch(/^iteration 1: no significant difference — mean Δ exact_match −0\.008 \(95% CI −0\.103 to \+0\.087, t over 3 seeds\); 0 of 3 seeds improved significantly/);
  });

  test('policies that lose tasks in every seed: worse', async () => {
    writeRunDir(root, { seed: 1, iterations: [baseline, iteration(0, 9)] });
    writeRunDir(root, { seed: 2, iterations: [baseline, iteration(1, 10)] });
    writeRunDir(root, { seed: 3, iterations: [baseline, iteration(0, 11)] });
    const it = (await compareRunDirs([root])).iterations[1];
    expect(it).toMatchObject({ verdict: 'worse', improved_significantly: 0, worsened_significantly: 3 });
    expect(it.verdict_line).toMatch(/^iteration 1: worse — mean Δ exact_match −0\.242/);
  });

  test('a metric where lower is better: a negative Δ is the improvement (Wilcoxon on a float metric)', async () => {
    const questions = (seed: number) => Array.from({ length: 20 }, (_, i) => 10 + ((i * 7 + seed) % 6));
    for (const seed of [1, 2]) {
      const before = questions(seed);
      writeRunDir(root, {
        seed,
        environment: '21_questions_v0',
        metricName: 'num_questions',
        metricType: 'float',
        optimize: 'min',
        iterations: [{ baseline: before, policy: before }, { baseline: before, policy: before.map((q, i) => q - 2 - (i % 3)) }],
      });
    }
    const report = await compareRunDirs([root]);
    const it = report.iterations[1];
    expect(report.metric).toEqual({ name: 'num_questions', type: 'float', optimize: 'min' });
    expect(it.per_seed.map((s) => [s.test, s.significant])).toEqual([['wilcoxon_signed_rank', 'improved'], ['wilcoxon_signed_rank', 'improved']]);
    expect(it.mean_delta!.estimate).toBeLessThan(0);
    expect(it.verdict).toBe('improved');
  });

  test('one seed: its own paired test decides, and the line says so', async () => {
    writeRunDir(root, { seed: 7, iterations: [baseline, iteration(10, 1)] });
    const it = (await compareRunDirs([root])).iterations[1];
    expect(it.verdict).toBe('improved');
    expect(it.verdict_line).toContain('p = 0.0117 (mcnemar_exact); one run (seed 7), so its own paired test decides');
  });
});

describe('runs without a paired record', () => {
  test('an older run is listed, left out of the aggregate, and the others are aggregated as without it', async () => {
    threeImprovingSeeds();
    const alone = await compareRunDirs([root]);
    const old = writeRunDir(root, { seed: 4, paired: false, iterations: [baseline, iteration(10, 1), iteration(10, 1)] });
    const report = await compareRunDirs([root]);
    expect(report.runs.find((r) => r.dir === old)).toMatchObject({ seed: 4, paired_iterations: [], unpaired_iterations: [0, 1, 2] });
    for (const it of report.iterations) expect(it.without_record).toEqual([old]);
    expect(report.iterations.map((it) => it.mean_delta)).toEqual(alone.iterations.map((it) => it.mean_delta));
    const table = renderCompareTable(report);
    expect(table).toContain('Without a paired evaluation record (older runs, or no test rollout), left out of the aggregate:');
    expect(table).toContain(`  iteration 1: ${old}`);
    expect(renderCompareMarkdown(report)).toContain(`Without a paired evaluation record at iteration 0, 1, 2: seed 4 (${old}).`);
  });

  test('only older runs: refused, naming them', async () => {
    const old = writeRunDir(root, { seed: 1, paired: false, iterations: [baseline, iteration(10, 1)] });
    const err = await refusal([root]);
    expect(err.problem).toBe('no-paired-records');
    expect(err.message).toContain('none of the 1 run(s) has a paired evaluation record');
    expect(err.message).toContain(old);
  });
});

describe('refusals', () => {
  test('two environments are not mixed; the message names each with its runs', async () => {
    const [ner] = threeImprovingSeeds();
    const babyai = writeRunDir(root, { seed: 1, environment: 'babyai_pickup_v0', iterations: [baseline, iteration(3, 0)] });
    const err = await refusal([root]);
    expect(err.problem).toBe('mixed-environments');
    expect(err.message).toContain('runs of different environments cannot be aggregated');
    expect(err.message).toContain(`"ner_conllpp_v0": ${ner}`);
    expect(err.message).toContain(`"babyai_pickup_v0": ${babyai}`);
    // one environment at a time works
    expect((await compareRunDirs([path.join(root, 'ner_conllpp_v0')])).runs).toHaveLength(3);
  });

  test('two metrics of one environment are not mixed', async () => {
    threeImprovingSeeds();
    writeRunDir(root, { seed: 9, metricName: 'jaccard_similarity', metricType: 'float', iterations: [baseline, iteration(3, 0)] });
    const err = await refusal([root]);
    expect(err.problem).toBe('mixed-metrics');
    expect(err.message).toMatch(/runs of different metrics cannot be aggregated/);
    expect(err.message).toContain('"jaccard_similarity"');
  });

  test('the same seed twice is not two replicates', async () => {
    const first = writeRunDir(root, { seed: 1, iterations: [baseline, iteration(10, 1)] });
    const again = writeRunDir(root, { seed: 1, leaf: '20261204T090000Z_seed1', iterations: [baseline, iteration(10, 1)] });
    const err = await refusal([root]);
    expect(err.problem).toBe('duplicate-seed');
    expect(err.message).toContain('seed 1 appears in 2 runs');
    expect(err.message).toContain(first);
    expect(err.message).toContain(again);
  });

  test('a bad value in a record: the file, the key path and the value', async () => {
    const [dir] = threeImprovingSeeds();
    const file = path.join(dir, 'results/iterations.json');
    const records = JSON.parse(readFileSync(file, 'utf8'));
    records[1].paired_evaluation.p_value = 1.3;
    writeFileSync(file, JSON.stringify(records));
    const err = await refusal([root]);
    expect(err.problem).toBe('invalid-record');
    expect(err.message).toMatch(new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}: \\[1\\]\\.paired_evaluation\\.p_value: .* \\(got 1\\.3\\)$`));
  });

  test('a run.json that is not JSON is named', async () => {
    const [dir] = threeImprovingSeeds();
    writeFileSync(path.join(dir, 'results/run.json'), '{"id": ');
    const err = await refusal([dir]);
    expect(err.problem).toBe('unreadable-record');
    expect(err.message).toMatch(new RegExp(`run\\.json: not valid JSON`));
  });

  test('a missing directory, or one without runs, is an error rather than fewer seeds', async () => {
    threeImprovingSeeds();
    const missing = path.join(root, 'nope');
    expect((await refusal([root, missing])).message).toBe(`${missing}: no such directory`);
    const empty = mkdtempSync(path.join(os.tmpdir(), 'compare-empty-'));
    try {
      expect((await refusal([empty])).message).toBe(`${empty}: no run directories found (a run directory holds results/run.json; searched 4 levels down)`);
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });
});

describe('rendering', () => {
  test('the table for people: one row per iteration, the per-seed lines and the verdict', async () => {
    threeImprovingSeeds();
    const table = renderCompareTable(await compareRunDirs([root]));
    const lines = table.split('\n');
    expect(lines[0]).toBe('Compare: ner_conllpp_v0 — exact_match (boolean, higher is better); 3 runs (seed 1, seed 2, seed 3)');
    expect(lines[2]).toMatch(/^iteration\s+seeds\s+baseline\s+policy\s+mean Δ\s+95% CI \(t over seeds\)\s+improved \(p < 0\.05\)\s+verdict$/);
    expect(lines[3]).toMatch(/^0\s+3\s+0\.350\s+—\s+—\s+—\s+—\s+baseline$/);
    expect(lines[4]).toMatch(/^1\s+3\s+0\.350\s+0\.583\s+\+0\.233\s+\[\+0\.138, \+0\.328\]\s+3\/3\s+improved$/);
    expect(table).toContain('  iteration 1, seed 1: 0.350 → 0.575, Δ +0.225');
    expect(lines.at(-1)).toMatch(/^Verdict: iteration 2: improved — /);
  });

  test('the Markdown table has one column per seed and is ready to paste', async () => {
    threeImprovingSeeds();
    const markdown = renderCompareMarkdown(await compareRunDirs([root])).split('\n');
    expect(markdown[0]).toBe('| iteration | exact_match baseline → policy (mean over seeds) | mean Δ (95% CI, t over seeds) | seed 1: Δ (p) | seed 2: Δ (p) | seed 3: Δ (p) | seeds improved (p < 0.05) | verdict |');
    expect(markdown[1]).toBe('| --- | --- | --- | --- | --- | --- | --- | --- |');
    expect(markdown[2]).toBe('| 0 | 0.350 | — | 0.350 | 0.350 | 0.350 | — | baseline |');
    expect(markdown[3]).toBe('| 1 | 0.350 → 0.583 | +0.233 (+0.138 to +0.328) | +0.225 (0.012) | +0.200 (0.021) | +0.275 (0.003) | 3 of 3 | improved |');
  });

  test('when every seed gives the same Δ, the renderings call the interval a bound, not a measured spread', async () => {
    for (const seed of [1, 2, 3]) writeRunDir(root, { seed, iterations: [baseline, baseline] });
    const report = await compareRunDirs([root]);
    expect(report.iterations[1].mean_delta).toMatchObject({ estimate: 0, method: 'all-equal-bounded' });
    expect(renderCompareMarkdown(report)).toMatch(/\| 1 \| 0\.350 → 0\.350 \| \+0\.000 \(every seed equal; bound −0\.\d{3} to \+0\.\d{3}\) \|/);
    const table = renderCompareTable(report);
    expect(table).toMatch(/^1\s+3\s+0\.350\s+0\.350\s+\+0\.000\s+\[−0\.\d{3}, \+0\.\d{3}\] \(bound: every seed equal\)/m);
    expect(table).toContain('(every seed equal, 95% bound −0.');
  });

  test('a float metric without a known range and equal Δ on every seed: no interval, and the renderings say so', async () => {
    const scores = [0.2, 0.5, 0.1, 0.4];
    for (const seed of [1, 2]) writeRunDir(root, { seed, metricName: 'jaccard_similarity', metricType: 'float', iterations: [{ baseline: scores, policy: scores }, { baseline: scores, policy: scores }] });
    const report = await compareRunDirs([root]);
    expect(report.iterations[1].mean_delta).toMatchObject({ estimate: 0, method: 'degenerate' });
    expect(renderCompareMarkdown(report)).toContain('| +0.000 (every seed equal; no interval) |');
    const table = renderCompareTable(report);
    expect(table).toContain('none (every seed equal)');
    expect(table).toContain('(every seed equal, no interval, t over 2 seeds)');
    // the iteration row (per-seed lines keep their own paired intervals)
    expect(table).not.toMatch(/^1\s+2\s.*\[\+0\.000, \+0\.000\]/m);
    expect(table).not.toContain('no interval +0.000');
  });
});

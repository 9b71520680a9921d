import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { binaryOutcomes, writeRunDir, type IterationOutcomes } from '../test/fixtures/paired-run-dirs';
import { writeOutcomes } from '../evaluation/outcomes-file';
import { buildArenaReport, renderArenaMarkdown } from './arena-table';

let root: string;
beforeEach(() => (root = mkdtempSync(path.join(os.tmpdir(), 'arena-table-'))));
afterEach(() => rmSync(root, { recursive: true, force: true }));

/** One autopilot's run for a seed: the paired record, the final per-task outcomes and the budget it spent. */
function writeAutopilotRun(autopilot: string, seed: number, outcomes: IterationOutcomes, budget: { model_calls: number; cost_usd: number; stopped: boolean } | null) {
  const dir = writeRunDir(path.join(root, autopilot), { seed, iterations: [outcomes, outcomes] });
  const file = path.join(dir, 'results', 'iterations.json');
  const iterations = JSON.parse(readFileSync(file, 'utf8'));
  iterations[1].autopilot_budget = budget && { limit: { max_model_calls: 40, max_cost_usd: null }, refused_calls: budget.stopped ? 1 : 0, ...budget };
  writeFileSync(file, JSON.stringify(iterations));
  const taskIds = iterations[1].paired_evaluation.task_ids as string[];
  return writeOutcomes(dir, { iteration: 1, repeats: 1, variant_by_task: {}, outcomes: taskIds.map((taskId, i) => ({ taskId, values: [outcomes.policy[i]] })) });
}

test('autopilots are ranked by mean Δ, with wins and losses counted per task on the same seeds', async () => {
  // strong: +6 tasks over the baseline on each seed; weak: no change
  const strong = binaryOutcomes({ both: 8, onlyPolicy: 6, onlyBaseline: 0, neither: 6 });
  const weak = { policy: strong.baseline, baseline: strong.baseline };
  for (const seed of [1, 2]) {
    await writeAutopilotRun('weak', seed, weak, { model_calls: 10, cost_usd: 0.01, stopped: false });
    await writeAutopilotRun('strong', seed, strong, { model_calls: 40, cost_usd: 0.05, stopped: seed === 2 });
  }
  const report = await buildArenaReport([
    { name: 'weak', dir: path.join(root, 'weak'), wall_seconds: 12 },
    { name: 'strong', dir: path.join(root, 'strong'), wall_seconds: 34 },
  ]);
  expect(report.rows.map((r) => [r.rank, r.autopilot])).toEqual([[1, 'strong'], [2, 'weak']]);
  const [first, second] = report.rows;
  expect(first.mean_delta).toBeCloseTo(6 / 20);
  expect(second.mean_delta).toBeCloseTo(0);
  // the 6 tasks only the strong policy solves, on each of the two seeds
  expect(first.versus.weak).toEqual({ wins: 12, losses: 0, ties: 28 });
  expect(second.versus.strong).toEqual({ wins: 0, losses: 12, ties: 28 });
  expect(first).toMatchObject({ model_calls: 80, budget_stops: 1, wall_seconds: 34, seeds: 2 });
  expect(first.cost_usd).toBeCloseTo(0.1);
  const markdown = renderArenaMarkdown(report);
  expect(markdown).toContain('| 1 | strong | 0.400 → 0.700 | +0.300');
  expect(markdown).toContain('| — | 12/0 | 80 | 0.1000 | 1 | 34 |');
  // both seeds gave the same Δ: the interval is the no-spread rule's bound, and the cell says so
  expect(first.delta_method).toBe('all-equal-bounded');
  expect(markdown).toMatch(/\| 2 \| weak \| 0\.400 → 0\.400 \| \+0\.000 \(every seed equal; bound −0\.\d{3} to \+0\.\d{3}\) \|/);
});

test('an autopilot whose sessions were not metered shows n/a for calls and cost', async () => {
  const same = binaryOutcomes({ both: 5, onlyPolicy: 0, onlyBaseline: 0, neither: 5 });
  await writeAutopilotRun('external', 1, same, null);
  const report = await buildArenaReport([{ name: 'external', dir: path.join(root, 'external'), wall_seconds: 1 }]);
  expect(report.rows[0]).toMatchObject({ model_calls: null, cost_usd: null, budget_stops: 0 });
  expect(renderArenaMarkdown(report)).toContain('| n/a | n/a | 0 | 1 |');
});

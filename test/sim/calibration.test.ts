import { loadSyntheticRows } from '../../environments/ner/dataset';
import { comparePaired, type PairedTask } from '../../statistics/paired-comparison';
import { sampleTaskIndices } from '../../statistics/task-sampling';
import { binomialCdf } from '../../statistics/special-functions';
import type { ChatCompletionRequest } from '../../common/oracle-contract/chat-request';
import { exactMatchOutcome, misfiled, type NerPromptOptions } from '../fixtures/ner-scenarios';

/**
 * Calibration of the benchmark itself (issue 14, item 5), through the simulator and the
 * statistics module directly (no gateway), so thousands of evaluations take seconds:
 *
 * - coverage: the simulated model's exact match over the whole NER dataset is its true accuracy
 *   (the simulator is deterministic per seed and request); evaluations on 40 tasks drawn like the
 *   harness draws its test set report a 95% interval that covers it at the stated rate;
 * - placebo: a policy whose prompt carries no new content (a renamed copy sends the same request,
 *   so here the policy's request gets a content-free trailing newline, which redraws the
 *   simulator's per-request noise, the stronger null) is called a significant improvement in no
 *   more seeds than the test's false-positive rate allows;
 * - harmful edit: misfiled few-shot labels lower exact match, significantly, in the paired test.
 */
const rows = loadSyntheticRows();
const population = rows.filter((r) => r.split === 'test');
const trainRows = rows.filter((r) => r.split === 'train');
const small: NerPromptOptions = { tier: 'small', system: 'template', responseFormat: 'json_schema' };
const N_TASKS = 40;
const ALPHA = 0.05;

function outcomes(options: NerPromptOptions, seed: number, transform?: (r: ChatCompletionRequest) => ChatCompletionRequest): number[] {
  return population.map((row) => exactMatchOutcome(row, options, seed, transform));
}

function paired(policy: number[], baseline: number[], indices: number[]): PairedTask[] {
  return indices.map((i) => ({ taskId: String(i), policy: [policy[i]], baseline: [baseline[i]] }));
}

const trailingNewline = (request: ChatCompletionRequest): ChatCompletionRequest => ({
  ...request,
  messages: request.messages.map((m, i) => (i === 0 && typeof m.content === 'string' ? { ...m, content: `${m.content}\n` } : m)),
});

describe('calibration: the reported interval covers a known true accuracy', () => {
  it('95% intervals from 40-task evaluations cover the simulated model’s true exact match in about 95% of evaluations', () => {
    const DRAWS = 400;
    let covered = 0;
    let total = 0;
    for (const seed of [1, 2, 3]) {
      const truth = outcomes(small, seed);
      const trueAccuracy = truth.reduce((a, b) => a + b, 0) / truth.length;
      // a model that is always right or always wrong would make coverage trivial
      expect(trueAccuracy).toBeGreaterThan(0.1);
      expect(trueAccuracy).toBeLessThan(0.9);
      for (let draw = 0; draw < DRAWS; draw++) {
        const indices = sampleTaskIndices({ splitSize: population.length, num: N_TASKS, seed: seed * 100_000 + draw });
        const { baseline } = comparePaired(paired(truth, truth, indices), { scale: { kind: 'binary' }, seed: draw });
        if ((baseline.lower ?? 1) <= trueAccuracy && trueAccuracy <= (baseline.upper ?? 0)) covered++;
        total++;
      }
    }
    // Sampling without replacement from a finite set only narrows the spread, so coverage may sit
    // above 95%; below it by more than 3.5 standard errors of 1,200 draws means the interval lies.
    const rate = covered / total;
    expect(rate).toBeGreaterThan(0.95 - 3.5 * Math.sqrt((0.95 * 0.05) / total));
  });
});

describe('calibration: a placebo is not an improvement', () => {
  it('a content-free change is a significant improvement in no more seeds than α allows', () => {
    const SEEDS = Array.from({ length: 40 }, (_, i) => i + 1);
    let improved = 0;
    let differing = 0;
    for (const seed of SEEDS) {
      const baseline = outcomes(small, seed);
      const policy = outcomes(small, seed, trailingNewline);
      if (policy.some((v, i) => v !== baseline[i])) differing++;
      const indices = sampleTaskIndices({ splitSize: population.length, num: N_TASKS, seed });
      const result = comparePaired(paired(policy, baseline, indices), { scale: { kind: 'binary' }, seed });
      if (result.pValue < ALPHA && (result.difference.estimate ?? 0) > 0) improved++;
    }
    // the noise really is redrawn, otherwise this would only test identical answers
    expect(differing).toBeGreaterThan(SEEDS.length / 2);
    // at most α of seeds improve by chance; allow what Binomial(40, α) reaches with 99.9% probability
    let allowed = 0;
    while (binomialCdf(allowed, SEEDS.length, ALPHA) < 0.999) allowed++;
    expect(improved).toBeLessThanOrEqual(allowed);
  });
});

describe('calibration: a harmful edit is measured as harmful', () => {
  it('six worked examples with misfiled labels lower exact match significantly (paired, pooled over seeds)', () => {
    const examples = trainRows.slice(0, 6).map(misfiled);
    const tasks: PairedTask[] = [];
    for (const seed of [1, 2, 3, 4, 5]) {
      const baseline = outcomes(small, seed);
      const harmed = outcomes({ ...small, examples }, seed);
      tasks.push(...population.map((_, i) => ({ taskId: `${seed}:${i}`, policy: [harmed[i]], baseline: [baseline[i]] })));
    }
    const result = comparePaired(tasks, { scale: { kind: 'binary' }, seed: 1 });
    expect(result.difference.upper).not.toBeNull();
    expect(result.difference.upper as number).toBeLessThan(0);
    expect(result.pValue).toBeLessThan(0.001);
  });
});

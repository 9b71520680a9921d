/**
 * Simulation checks of the paired tests: with two identical policies they flag a difference
 * in about α of simulated runs (never much more), and a known true difference is found at the
 * rate theory predicts. Every simulation is seeded, so the counts are the same on every run;
 * the tolerances are what the binomial spread of that many simulations allows (3.5 standard
 * errors), so a test that is off by a few points of size or power fails.
 */
import { mcnemarExactPValue, newcombePairedInterval, pairedBinaryTable } from './paired-binary';
import { comparePaired, type PairedTask } from './paired-comparison';
import { type Random, seededRandom } from './seeded-random';
import { binomialPmf, logGamma, normalCdf, studentTQuantile } from './special-functions';
import { wilcoxonSignedRank } from './wilcoxon-signed-rank';

const SIMULATIONS = 2000;
const ALPHA = 0.05;

/** Allowed gap between a simulated rate and its expected value. */
function tolerance(expectedRate: number): number {
  return 3.5 * Math.sqrt((expectedRate * (1 - expectedRate)) / SIMULATIONS);
}

function rejectionRate(simulate: (random: Random) => number, stream: string): number {
  const random = seededRandom(2026, stream);
  let rejected = 0;
  for (let s = 0; s < SIMULATIONS; s++) if (simulate(random) < ALPHA) rejected++;
  return rejected / SIMULATIONS;
}

function bernoulli(random: Random, p: number): number {
  return random() < p ? 1 : 0;
}

const { sqrt, log, cos, PI } = Math; // global lookups are slow inside Jest's vm context

function normal(random: Random): number {
  // Box–Muller; 1 − u keeps the logarithm finite
  return sqrt(-2 * log(1 - random())) * cos(2 * PI * random());
}

/**
 * Exact rejection rate of McNemar's exact test when each of n pairs is discordant with
 * probability q and a discordant pair favours the policy with probability r: the number of
 * discordant pairs is Binomial(n, q), and given m of them, the policy's count is Binomial(m, r).
 */
function mcnemarRejectionRate(n: number, q: number, r: number): number {
  let rate = 0;
  for (let m = 0; m <= n; m++) {
    let rejectGivenM = 0;
    for (let b = 0; b <= m; b++) {
      const table = { bothSucceeded: 0, onlyPolicySucceeded: b, onlyBaselineSucceeded: m - b, bothFailed: n - m };
      if (mcnemarExactPValue(table) < ALPHA) rejectGivenM += binomialPmf(b, m, r);
    }
    rate += binomialPmf(m, n, q) * rejectGivenM;
  }
  return rate;
}

/**
 * Power of the two-sided paired t-test for a standardised shift `effect` with n pairs, from
 * the noncentral t distribution: P(|Z + effect·√n| > c·√(V/ν)) with V ~ χ²(ν), integrated
 * over V by the midpoint rule.
 */
function pairedTPower(n: number, effect: number): number {
  const df = n - 1;
  const critical = studentTQuantile(1 - ALPHA / 2, df);
  const shift = effect * Math.sqrt(n);
  const top = df + 12 * Math.sqrt(2 * df);
  const steps = 4000;
  const width = top / steps;
  let power = 0;
  for (let i = 0; i < steps; i++) {
    const v = (i + 0.5) * width;
    const density = Math.exp((df / 2 - 1) * Math.log(v) - v / 2 - (df / 2) * Math.log(2) - logGamma(df / 2));
    const cut = critical * Math.sqrt(v / df);
    power += density * width * (1 - normalCdf(cut - shift) + normalCdf(-cut - shift));
  }
  return power;
}

describe('binary metric, one try per task: McNemar exact', () => {
  const tasks = 40;

  it('identical policies: flags a difference at its exact size, which is at most α', () => {
    // Both policies succeed independently with probability 0.6 on each task.
    const size = mcnemarRejectionRate(tasks, 2 * 0.6 * 0.4, 0.5);
    expect(size).toBeLessThanOrEqual(ALPHA);
    const rate = rejectionRate((random) => {
      const policy = Array.from({ length: tasks }, () => bernoulli(random, 0.6));
      const baseline = Array.from({ length: tasks }, () => bernoulli(random, 0.6));
      return mcnemarExactPValue(pairedBinaryTable(policy, baseline));
    }, 'mcnemar-null');
    expect(Math.abs(rate - size)).toBeLessThanOrEqual(tolerance(size));
    expect(rate).toBeLessThanOrEqual(ALPHA + tolerance(ALPHA));
  });

  it('a true gain of 0.25 (0.75 against 0.5) is found at the exact power', () => {
    // Discordant with probability 0.75·0.5 + 0.25·0.5 = 0.5; a discordant pair favours the policy 3 times in 4.
    const power = mcnemarRejectionRate(tasks, 0.5, 0.75);
    const rate = rejectionRate((random) => {
      const policy = Array.from({ length: tasks }, () => bernoulli(random, 0.75));
      const baseline = Array.from({ length: tasks }, () => bernoulli(random, 0.5));
      return mcnemarExactPValue(pairedBinaryTable(policy, baseline));
    }, 'mcnemar-power');
    expect(power).toBeGreaterThan(0.5);
    expect(Math.abs(rate - power)).toBeLessThanOrEqual(tolerance(power));
  });

  it("Newcombe's interval covers the true difference in about 95% of runs", () => {
    const random = seededRandom(2026, 'newcombe-coverage');
    let covered = 0;
    for (let s = 0; s < SIMULATIONS; s++) {
      const policy = Array.from({ length: tasks }, () => bernoulli(random, 0.75));
      const baseline = Array.from({ length: tasks }, () => bernoulli(random, 0.5));
      const { lower, upper } = newcombePairedInterval(pairedBinaryTable(policy, baseline));
      if (lower! <= 0.25 && 0.25 <= upper!) covered++;
    }
    expect(Math.abs(covered / SIMULATIONS - 0.95)).toBeLessThanOrEqual(tolerance(0.95) + 0.01);
  });
});

describe('continuous metric: Wilcoxon signed-rank', () => {
  it('identical policies (symmetric differences around 0): rejects in about α of runs', () => {
    const rate = rejectionRate((random) => wilcoxonSignedRank(Array.from({ length: 20 }, () => normal(random))).pValue, 'wilcoxon-null');
    expect(Math.abs(rate - ALPHA)).toBeLessThanOrEqual(tolerance(ALPHA));
  });

  it('a shift of half a standard deviation over 30 tasks is found at the expected power', () => {
    // Expected: the paired t-test's power at 30·3/π pairs, the signed-rank test's asymptotic
    // efficiency against t for normal data (Hodges & Lehmann 1956); 0.02 allowed for the
    // asymptotics on top of the simulation spread.
    const expected = pairedTPower(Math.round((30 * 3) / Math.PI), 0.5);
    expect(pairedTPower(30, 0.5)).toBeCloseTo(0.7539, 2); // G*Power's figure for dz = 0.5, n = 30
    const rate = rejectionRate((random) => wilcoxonSignedRank(Array.from({ length: 30 }, () => 0.5 + normal(random))).pValue, 'wilcoxon-power');
    expect(Math.abs(rate - expected)).toBeLessThanOrEqual(tolerance(expected) + 0.02);
  });
});

describe('binary metric with repeats through comparePaired', () => {
  it('identical policies with task-to-task difficulty: at most about α of runs flag a difference', () => {
    const rate = rejectionRate((random) => {
      const tasks: PairedTask[] = Array.from({ length: 30 }, (_, i) => {
        const difficulty = random();
        const tries = () => [0, 1, 2].map(() => bernoulli(random, difficulty));
        return { taskId: String(i), policy: tries(), baseline: tries() };
      });
      return comparePaired(tasks, { scale: { kind: 'binary' }, seed: 1, resamples: 1 }).pValue // the p-value does not use the bootstrap;
    }, 'repeats-null');
    expect(rate).toBeLessThanOrEqual(ALPHA + tolerance(ALPHA));
    expect(rate).toBeGreaterThan(ALPHA / 2);
  });
});

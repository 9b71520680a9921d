import { planOptimization } from './plan-optimization';
import { describeAnalysis, describeCandidate, describeErrorModes, describeProposal, describeUsage } from './plan-report';
import { resolveStrategyOptions } from './strategy-options';
import { NER_FUNCTION, nerConfig, nerInference, nerInferences, nerInitialMessage, nerPerformances } from '../../../test/fixtures/ner-train-data';

function plan() {
  const withCost = nerInferences().map((i, n) => ({ ...i, processing_time_ms: 100 + 10 * n, usage: { ...i.usage, cost: 0.0002 } }));
  return planOptimization({
    config: nerConfig(),
    functionName: NER_FUNCTION,
    metricName: 'exact_match',
    initialMessage: nerInitialMessage(),
    inferences: withCost,
    performances: nerPerformances('exact_match'),
    strategy: resolveStrategyOptions(),
  });
}

describe('plan report', () => {
  it('gives each variant its metric with interval, invalid share, cost, tokens and latency', () => {
    const text = describeAnalysis(plan());
    expect(text).toContain('- initial on sim::small: mean 0.667 ± 0.278 over 12 episodes; 17% of its 12 stored outputs were invalid');
    expect(text).toContain('cost $0.00020/inference ($0.0024 total), 180→40 tokens, latency p50 155 ms / p90 199 ms');
  });

  it('lists error modes: invalid outputs and wrong-answer categories with an example', () => {
    const text = describeErrorModes(plan().analysis);
    expect(text).toContain('Error modes of ner_conllpp_v0::extract_entities (4 failures among 12 scored inferences):');
    expect(text).toContain('Invalid outputs: 2 unparseable JSON.');
    expect(text).toContain('Wrong answers (2 of 4 failures had valid output):');
    expect(text).toMatch(/- right keys, wrong values .*: 2, e\.g\. \{"person":\["Jacinda Ardern"\]/);
    expect(describeAnalysis(plan())).toContain(text);
  });

  it('says when there is no feedback yet', () => {
    const p = plan();
    const bare = { ...p.analysis, errorModes: { ...p.analysis.errorModes, scoredCount: 0, failedCount: 0, invalid: { unparseable_json: 0, schema_violation: 0, empty_output: 0 }, wrongAnswers: [] } };
    expect(describeErrorModes(bare)).toMatch(/none of the 12 stored inferences has exact_match feedback yet/);
  });

  it('describes each candidate by its strategies and names skipped strategies with the reason', () => {
    const p = plan();
    const [first] = p.candidates;
    expect(describeCandidate(first, 'initial')).toBe(
      `- ${first.name}: sim::large, the prompt of initial plus explicit output-format instructions, 4 worked examples from successful inferences`,
    );
    expect(describeCandidate({ ...first, strategies: ['model_sweep'] }, 'initial')).toMatch(/the prompt of initial unchanged$/);
    const text = describeProposal(p, [{ strategy: 'chain_of_thought', reason: 'json functions are parsed against their output schema' }]);
    expect(text).toContain('I did not try brief reasoning before the answer (chain_of_thought): json functions are parsed against their output schema.');
  });

  it('leaves out usage it does not have', () => {
    expect(describeUsage({ inferenceCount: 1, costTotalUsd: null, costMeanUsd: null, costKnownCount: 0, inputTokensMean: null, outputTokensMean: null, latencyP50Ms: 5, latencyP90Ms: 9 })).toBe(
      'latency p50 5 ms / p90 9 ms',
    );
    expect(nerInference(1, 'x', null, {}).usage.cost).toBeUndefined();
  });
});

import type { Oracle } from '../common/oracle-contract/oracle';
import { babyaiOracle } from '../environments/babyai/oracle';
import { harborFixtureOracle } from '../environments/harbor/oracle';
import { nerOracle } from '../environments/ner/oracle';
import { TAU_ORACLES } from '../environments/tau-bench/oracles';
import { TWENTY_QUESTIONS_ORACLES } from '../environments/twenty-questions/oracles';
import { registerOracle } from '../sim-provider/oracles';

/**
 * The composition root of the simulated provider's task knowledge: the built-in environments'
 * oracles, in the order they are asked. Environments and the simulator never import each other;
 * only the processes that start a simulator (the worker, the standalone simulator) wire them here.
 */
export const BUILTIN_ORACLES: readonly Oracle[] = [
  nerOracle,
  // 21 Questions: generator and answerer before the asker (their prompts are the specific ones)
  ...TWENTY_QUESTIONS_ORACLES,
  babyaiOracle,
  // τ-bench: the customer (tau2's user simulator) and the agent (τ tools on offer)
  ...TAU_ORACLES,
  harborFixtureOracle,
];

/** Registers the built-in oracles with the process-wide registry; safe to call more than once. */
export function registerBuiltinOracles(): void {
  for (const oracle of BUILTIN_ORACLES) registerOracle(oracle);
}

import { babyaiOracle } from '../environments/babyai/oracle';
import { nerOracle } from '../environments/ner/oracle';
import { TWENTY_QUESTIONS_ORACLES } from '../environments/twenty-questions/oracles';
import { registerOracle } from './oracles';
import { rewriteOracle } from './rewrite-oracle';

/** Registers the oracles of the built-in environments; safe to call more than once. */
export function registerBuiltinOracles(): void {
  // first: the optimiser meta-prompt quotes environment prompts and examples
  registerOracle(rewriteOracle);
  registerOracle(nerOracle);
  // 21 Questions: generator and answerer before the asker (their prompts are the specific ones)
  for (const oracle of TWENTY_QUESTIONS_ORACLES) registerOracle(oracle);
  registerOracle(babyaiOracle);
}

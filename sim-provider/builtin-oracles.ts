import { nerOracle } from '../environments/ner/oracle';
import { registerOracle } from './oracles';

/** Registers the oracles of the built-in environments; safe to call more than once. */
export function registerBuiltinOracles(): void {
  registerOracle(nerOracle);
}

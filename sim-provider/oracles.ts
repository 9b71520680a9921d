import type { ChatCompletionRequest } from './openai-wire';
import type { Oracle, OracleAnswer } from '../common/oracle-contract/oracle';

/**
 * The process-wide oracle registry. The composition root (workers/sim-oracles.ts) registers the
 * environments' oracles; the simulator asks them in registration order and the first non-null
 * answer wins.
 */
const oracles: Oracle[] = [];

/** Registers an oracle; an oracle with the same name is replaced (re-registering is harmless). */
export function registerOracle(oracle: Oracle): void {
  const existing = oracles.findIndex((o) => o.name === oracle.name);
  if (existing === -1) oracles.push(oracle);
  else oracles[existing] = oracle;
}

export function unregisterOracle(name: string): boolean {
  const existing = oracles.findIndex((o) => o.name === name);
  if (existing === -1) return false;
  oracles.splice(existing, 1);
  return true;
}

export function listOracles(): Oracle[] {
  return [...oracles];
}

/** The first oracle answer for the request, or null when no oracle recognises it. */
export function findOracleAnswer(
  request: ChatCompletionRequest,
  candidates: readonly Oracle[] = oracles,
): { oracle: string; answer: OracleAnswer; judgeExample?: Oracle['judgeExample'] } | null {
  for (const oracle of candidates) {
    const answer = oracle.answer(request);
    if (answer) return { oracle: oracle.name, answer, judgeExample: oracle.judgeExample?.bind(oracle) };
  }
  return null;
}

/**
 * The gateway contract suite on TensorZero's engine (PyPI `tensorzero` wheel) behind the HTTP
 * stand-in, started by gateway/process.ts as a TensorZero gateway binary on a freshly reset and
 * migrated Postgres database (see README.md). Runs by default and fails loudly when the engine,
 * dist/ or Postgres is missing; `TENSORZERO_CONTRACT=off` skips it on purpose (and says so).
 */
import { defineGatewayContractSuite } from './suite';
import { startTensorZeroStandIn } from './tensorzero-stand-in-engine';

process.env.LOG_LEVEL ??= 'silent';
jest.setTimeout(180_000);

if (process.env.TENSORZERO_CONTRACT === 'off') {
  describe('gateway contract: TensorZero engine (HTTP stand-in)', () => {
    it.skip('skipped on purpose: TENSORZERO_CONTRACT=off', () => undefined);
  });
} else {
  defineGatewayContractSuite('TensorZero engine (HTTP stand-in)', startTensorZeroStandIn);
}

/**
 * The gateway contract suite on TensorZero's engine: the embedded gateway of the PyPI
 * `tensorzero` wheel on a real, freshly reset and migrated Postgres database. No HTTP layer
 * (see README.md). Runs by default and fails loudly when the engine or Postgres is missing;
 * `TENSORZERO_CONTRACT=off` skips it on purpose (and says so).
 */
import { defineGatewayContractSuite } from './suite';
import { startTensorZeroEmbedded } from './tensorzero-embedded-engine';

process.env.LOG_LEVEL ??= 'silent';
jest.setTimeout(180_000);

if (process.env.TENSORZERO_CONTRACT === 'off') {
  describe("gateway contract: TensorZero's embedded engine", () => {
    it.skip('skipped on purpose: TENSORZERO_CONTRACT=off', () => undefined);
  });
} else {
  defineGatewayContractSuite("TensorZero's embedded engine", startTensorZeroEmbedded, { http: false });
}

/**
 * The conformance suite against the minimal third-party autopilot in
 * test/fixtures/minimal-autopilot/ (a separate process that imports nothing from this
 * repository), reading the NER config from the fake train gateway.
 */
import { startFakeTrainGateway } from '../builtin/testing/fake-train-gateway';
import { nerSnapshot } from '../builtin/testing/ner-train-data';
import { startMinimalAutopilot } from '../../test/support/minimal-autopilot';
import { defineAutopilotConformanceSuite } from './suite';

defineAutopilotConformanceSuite('minimal external autopilot (test/fixtures/minimal-autopilot)', async () => {
  // It only reads GET /internal/config.
  const gateway = await startFakeTrainGateway({ snapshot: nerSnapshot(), inferences: {}, performances: {} });
  const token = 'conformance-token-minimal-0123456789';
  const service = await startMinimalAutopilot({ token, gatewayUrl: gateway.url, stepDelayMs: 50 });
  return {
    baseUrl: service.url,
    token,
    async close() {
      await service.stop();
      await gateway.close();
    },
  };
});

/**
 * The conformance suite against the minimal third-party autopilot in
 * test/fakes/minimal-autopilot/ (a separate process that imports nothing from this
 * repository), reading the NER config from the fake train gateway.
 */
import { startFakeTrainGateway } from '../../fakes/fake-train-gateway';
import { nerSnapshot } from '../../fixtures/ner-train-data';
import { startMinimalAutopilot } from '../../fakes/minimal-autopilot/process';
import { defineAutopilotConformanceSuite } from './suite';

defineAutopilotConformanceSuite('minimal external autopilot (test/fakes/minimal-autopilot)', async () => {
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

/**
 * The conformance suite against the built-in autopilot (autopilot/builtin/server.ts), reading
 * NER train data from the fake train gateway.
 */
import { getLogger } from '../../../common/logger';
import { createBuiltinAutopilotServer } from '../../../autopilot/builtin/server';
import { startFakeTrainGateway } from '../../fakes/fake-train-gateway';
import { NER_FUNCTION, nerInferences, nerPerformances, nerSnapshot } from '../../fixtures/ner-train-data';
import { defineAutopilotConformanceSuite } from './suite';

const logger = getLogger('builtin-autopilot-conformance');
logger.level = 'silent';

defineAutopilotConformanceSuite('built-in autopilot', async () => {
  const gateway = await startFakeTrainGateway({
    snapshot: nerSnapshot(),
    inferences: { [NER_FUNCTION]: nerInferences() },
    performances: { exact_match: nerPerformances('exact_match'), jaccard_similarity: nerPerformances('jaccard_similarity') },
  });
  const token = 'conformance-token-builtin-0123456789';
  // A short step delay keeps the session in its working statuses long enough to be interrupted there.
  const server = await createBuiltinAutopilotServer({ apiToken: token, gatewayUrl: gateway.url, stepDelayMs: 50, retryDelayMs: 0, logger });
  return {
    baseUrl: server.url,
    token,
    async close() {
      await server.close();
      await gateway.close();
    },
  };
}, {
  // names no models, so the built-in asks which ones it may use (once per run)
  questionMessage: 'Improve the exact match accuracy of the NER entity extraction function.',
});

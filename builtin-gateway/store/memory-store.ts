import { newDeploymentId } from './deployment-id';
import type {
  FeedbackRecord,
  GatewayStore,
  InferenceRecord,
  ListInferencesQuery,
  MetricSample,
  MetricSamplesQuery,
  ModelInferenceRecord,
  StoredFeedback,
} from './types';

/** A store that lives in process memory; everything is lost on close. */
export function createMemoryStore(): GatewayStore {
  const inferences: InferenceRecord[] = [];
  const inferenceById = new Map<string, InferenceRecord>();
  const modelInferences: ModelInferenceRecord[] = [];
  const feedback: StoredFeedback[] = [];
  const variantByEpisode = new Map<string, string>();
  let deploymentId: string | undefined;
  const key = (fn: string, episode: string) => `${fn}\u0000${episode}`;
  const clone = <T>(value: T): T => structuredClone(value);

  return {
    async insertInference(inference, models) {
      if (inferenceById.has(inference.id)) throw new Error(`inference ${inference.id} already stored`);
      const copy = clone(inference);
      inferences.push(copy);
      inferenceById.set(copy.id, copy);
      modelInferences.push(...clone(models));
    },
    async getInference(id) {
      const found = inferenceById.get(id);
      return found ? clone(found) : undefined;
    },
    async hasEpisode(episodeId) {
      return inferences.some((i) => i.episodeId === episodeId);
    },
    async listInferences(query: ListInferencesQuery) {
      const matching = inferences.filter(
        (i) =>
          (query.functionName === undefined || i.functionName === query.functionName) &&
          (query.variantName === undefined || i.variantName === query.variantName) &&
          (query.after === undefined || i.createdAt >= query.after) &&
          (query.before === undefined || i.createdAt < query.before),
      );
      return clone(matching.reverse().slice(query.offset, query.offset + query.limit));
    },
    async listModelInferences(inferenceId) {
      return clone(modelInferences.filter((m) => m.inferenceId === inferenceId));
    },
    async insertFeedback(record: FeedbackRecord) {
      feedback.push({ ...clone(record), seq: feedback.length + 1 });
    },
    async feedbackForTargets(targetIds) {
      const wanted = new Set(targetIds);
      return clone(feedback.filter((f) => wanted.has(f.targetId)));
    },
    async metricSamples(query: MetricSamplesQuery) {
      const samples: MetricSample[] = [];
      const ofFunction = inferences.filter((i) => i.functionName === query.functionName);
      for (const row of feedback) {
        if (row.metricName !== query.metricName || (row.kind !== 'boolean' && row.kind !== 'float')) continue;
        const joined =
          query.level === 'inference'
            ? ofFunction.filter((i) => i.id === row.targetId)
            : ofFunction.filter((i) => i.episodeId === row.targetId);
        for (const inference of joined) {
          samples.push({
            feedbackId: row.id,
            feedbackSeq: row.seq,
            targetId: row.targetId,
            value: typeof row.value === 'boolean' ? Number(row.value) : (row.value as number),
            inferenceId: inference.id,
            episodeId: inference.episodeId,
            variantName: inference.variantName,
            inferenceCreatedAt: inference.createdAt,
          });
        }
      }
      return samples;
    },
    async getEpisodeVariant(functionName, episodeId) {
      return variantByEpisode.get(key(functionName, episodeId));
    },
    async assignEpisodeVariant(functionName, episodeId, variantName) {
      const k = key(functionName, episodeId);
      const existing = variantByEpisode.get(k);
      if (existing !== undefined) return existing;
      variantByEpisode.set(k, variantName);
      return variantName;
    },
    async getDeploymentId() {
      deploymentId ??= newDeploymentId();
      return deploymentId;
    },
    async close() {},
  };
}

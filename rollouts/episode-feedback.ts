import type { FeedbackCollection, FeedbackValue } from '../environments/types';
import type { FeedbackRequest } from '../gateway/wire';
import type { RetryPolicy } from '../scheduler/retry-policy';
import { withRetries } from '../scheduler/with-retries';
import type { RolloutGateway } from './types';

/** Adds a step's numeric and boolean feedback (booleans as 0/1) to the episode's values per name. */
export function collectFeedback(collection: FeedbackCollection, into: Record<string, number[]>): void {
  for (const item of [...collection.inference, ...collection.episode]) {
    const value = numericValue(item.value);
    if (value !== null) (into[item.name] ??= []).push(value);
  }
}

function numericValue(value: FeedbackValue): number | null {
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  return null;
}

/** Sends a step's feedback to the gateway: inference-level items name the inference of their step. */
export async function sendFeedback(
  gateway: RolloutGateway,
  collection: FeedbackCollection,
  episodeId: string,
  inferenceIdByStep: Map<number, string>,
  policy: RetryPolicy,
  signal: AbortSignal,
): Promise<void> {
  const requests: FeedbackRequest[] = [
    ...collection.inference.map((item) => {
      const inferenceId = inferenceIdByStep.get(item.step);
      if (!inferenceId) throw new Error(`feedback "${item.name}" names step ${item.step}, which made no inference`);
      return { metric_name: item.name, value: item.value, inference_id: inferenceId };
    }),
    ...collection.episode.map((item) => ({ metric_name: item.name, value: item.value, episode_id: episodeId })),
  ];
  await Promise.all(requests.map((request) => withRetries(() => gateway.feedback(request), { policy, signal })));
}

import type { FeedbackRequest, FeedbackResponse, InferenceRequest, InferenceResponse } from '../../gateway/wire';
import type { RolloutGateway } from '../../rollouts/types';

/** An in-process gateway that records every call; `beforeReply` lets a test hold, fail or cancel a call. */
export interface InProcessGateway extends RolloutGateway {
  inferences: InferenceRequest[];
  feedbacks: FeedbackRequest[];
}

export function inProcessGateway(beforeReply: (request: InferenceRequest, call: number) => Promise<void> | void = () => undefined): InProcessGateway {
  const inferences: InferenceRequest[] = [];
  const feedbacks: FeedbackRequest[] = [];
  return {
    inferences,
    feedbacks,
    async inference(request): Promise<InferenceResponse> {
      inferences.push(request);
      const call = inferences.length;
      await beforeReply(request, call);
      return {
        inference_id: `inference-${call}`,
        episode_id: request.episode_id ?? 'none',
        variant_name: 'initial',
        usage: { input_tokens: 1, output_tokens: 1 },
        content: [{ type: 'text', text: 'ok' }],
      };
    },
    async feedback(request): Promise<FeedbackResponse> {
      feedbacks.push(request);
      return { feedback_id: `feedback-${feedbacks.length}` };
    },
  };
}

import type { StoredInferenceWithFeedback } from '../../gateway/wire';
import { inContentOrder } from './session-inputs';

const inference = (id: string, text: string, variant: string, answer: string, feedback: Record<string, number>): StoredInferenceWithFeedback =>
  ({
    inference_id: id,
    episode_id: `e-${id}`,
    function_name: 'f',
    variant_name: variant,
    input: { messages: [{ role: 'user', content: [{ type: 'text', text }] }] },
    output: [{ type: 'text', text: answer }],
    created_at: `2026-01-01T00:00:0${id}.000Z`,
    processing_time_ms: Number(id),
    usage: { input_tokens: 1, output_tokens: 1 },
    feedback,
  }) as StoredInferenceWithFeedback;

describe('inContentOrder', () => {
  it('orders inferences by what they hold, so any arrival order gives the same list', () => {
    const stored = [
      inference('1', 'Paris', 'initial', 'city', { ok: 1, len: 2 }),
      inference('2', 'Berlin', 'initial', 'city', { ok: 1 }),
      inference('3', 'Paris', 'candidate', 'town', { ok: 0 }),
      inference('4', 'Berlin', 'initial', 'place', { ok: 0 }),
    ];
    const order = (list: StoredInferenceWithFeedback[]) => inContentOrder(list).map((i) => i.inference_id);
    const expected = order(stored);
    expect(order([...stored].reverse())).toEqual(expected);
    expect(order([stored[2], stored[0], stored[3], stored[1]])).toEqual(expected);
    // same input: variant, then output, then feedback decide
    expect(expected).toEqual(['2', '4', '3', '1']);
  });
});

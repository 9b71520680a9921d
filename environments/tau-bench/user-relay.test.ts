/** The customer's relay over real loopback HTTP, with a recording stand-in for the gateway. */
import type { InferenceRequest, InferenceResponse } from '../../gateway/wire';
import { episodeSeed, startUserRelay } from './user-relay';
import { uuid7FromRandom } from '../../common/uuid7';
import { seededRandom } from '../../statistics/seeded-random';

type ErrorBody = { error: { message: string } };
const post = (url: string, body: unknown) => fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

describe('user relay', () => {
  it('turns a chat-completions call into an inference of the helper function, with the episode id and a seed from it', async () => {
    const seen: InferenceRequest[] = [];
    const gateway = {
      async inference(request: InferenceRequest): Promise<InferenceResponse> {
        seen.push(request);
        return { inference_id: 'inf-1', episode_id: 'ep-1', variant_name: 'initial', content: [{ type: 'text', text: 'Yes, please go ahead.' }], usage: { input_tokens: 7, output_tokens: 5 } };
      },
    };
    const relay = await startUserRelay({ gateway, functionName: 'tau_bench_retail_v0::simulate_user', episodeId: 'ep-1' });
    try {
      const response = await post(`${relay.baseUrl}/chat/completions`, {
        model: 'anything',
        messages: [
          { role: 'system', content: 'guidelines <scenario>…</scenario>' },
          { role: 'user', content: 'Hi! How can I help you today?' },
          { role: 'assistant', content: 'I want to return a lamp.' },
          { role: 'user', content: 'Shall I go ahead?' },
        ],
      });
      expect(response.status).toBe(200);
      const body = (await response.json()) as { choices: { message: unknown }[]; usage: unknown };
      expect(body.choices[0].message).toEqual({ role: 'assistant', content: 'Yes, please go ahead.' });
      expect(body.usage).toEqual({ prompt_tokens: 7, completion_tokens: 5, total_tokens: 12 });
      expect(seen).toHaveLength(1);
      expect(seen[0]).toMatchObject({
        function_name: 'tau_bench_retail_v0::simulate_user',
        episode_id: 'ep-1',
        input: {
          system: 'guidelines <scenario>…</scenario>',
          messages: [
            { role: 'user', content: [{ type: 'text', text: 'Hi! How can I help you today?' }] },
            { role: 'assistant', content: [{ type: 'text', text: 'I want to return a lamp.' }] },
            { role: 'user', content: [{ type: 'text', text: 'Shall I go ahead?' }] },
          ],
        },
      });
      expect(seen[0].params?.chat_completion?.seed).toBe(episodeSeed('ep-1'));
    } finally {
      await relay.close();
    }
  });

  it('answers a failing gateway with a 502 that names the function, and a non-chat request likewise', async () => {
    const gateway = { inference: async (): Promise<InferenceResponse> => Promise.reject(Object.assign(new Error('unknown model sim::huge'), { status: 400 })) };
    const relay = await startUserRelay({ gateway, functionName: 'tau_bench_airline_v0::simulate_user' });
    try {
      const failed = await post(`${relay.baseUrl}/chat/completions`, { messages: [{ role: 'user', content: 'hi' }] });
      expect(failed.status).toBe(502);
      expect(((await failed.json()) as ErrorBody).error.message).toBe('user relay → gateway tau_bench_airline_v0::simulate_user: unknown model sim::huge');
      const wrong = await post(`${relay.baseUrl}/chat/completions`, { prompt: 'hi' });
      expect(wrong.status).toBe(502);
      expect(((await wrong.json()) as ErrorBody).error.message).toContain('not a chat-completions request');
    } finally {
      await relay.close();
    }
  });

  it('seeds an episode from its id without the timestamp: a seeded episode greets alike on a rerun', () => {
    const earlier = uuid7FromRandom(seededRandom(4, 'episode-id:test:1'), Date.UTC(2026, 0, 1));
    const later = uuid7FromRandom(seededRandom(4, 'episode-id:test:1'), Date.UTC(2026, 5, 1));
    const other = uuid7FromRandom(seededRandom(4, 'episode-id:test:2'), Date.UTC(2026, 0, 1));
    expect(earlier).not.toEqual(later);
    expect(episodeSeed(later)).toBe(episodeSeed(earlier));
    expect(episodeSeed(other)).not.toBe(episodeSeed(earlier));
    expect(episodeSeed('not-a-uuid')).not.toBe(episodeSeed('another-id'));
  });
});

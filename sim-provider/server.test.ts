import { loadSyntheticRows } from '../environments/ner/dataset';
import { nerOracle } from '../environments/ner/oracle';
import { createSimProviderServer } from './server';
import { nerRequest } from '../test/fixtures/ner-scenarios';
import type { SimProviderServer } from './types';

const row = loadSyntheticRows().find((r) => r.output.person.length > 0)!;

async function post(server: SimProviderServer, body: unknown): Promise<{ status: number; json: any; text: string }> {
  const res = await fetch(new URL('chat/completions', server.url), {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: 'Bearer anything' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  let json: unknown = null;
  try {
    json = JSON.parse(text);
  } catch {
    // streamed responses are not JSON
  }
  return { status: res.status, json, text };
}

describe('sim provider HTTP server', () => {
  let server: SimProviderServer;
  let other: SimProviderServer;

  beforeAll(async () => {
    server = await createSimProviderServer({ seed: 11, latencyScale: 0, oracles: [nerOracle] });
    other = await createSimProviderServer({ seed: 12, latencyScale: 0, oracles: [nerOracle] });
  });
  afterAll(async () => {
    await server.close();
    await other.close();
  });

  it('serves a loopback base URL ending in /v1/', () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v1\/$/);
  });

  it('answers chat completions in the OpenAI wire format, with usage and cost', async () => {
    const { status, json } = await post(server, nerRequest(row.input, { tier: 'large', system: 'template', responseFormat: 'json_schema' }));
    expect(status).toBe(200);
    expect(json).toEqual({
      id: expect.stringMatching(/^chatcmpl-/),
      object: 'chat.completion',
      created: expect.any(Number),
      model: 'large',
      system_fingerprint: 'sim-seed-11',
      choices: [{ index: 0, message: { role: 'assistant', content: expect.any(String), refusal: null }, finish_reason: 'stop', logprobs: null }],
      usage: { prompt_tokens: expect.any(Number), completion_tokens: expect.any(Number), total_tokens: expect.any(Number), cost: expect.any(Number) },
    });
    expect(Object.keys(JSON.parse(json.choices[0].message.content)).sort()).toEqual(['location', 'miscellaneous', 'organization', 'person']);
    expect(json.usage.cost).toBeGreaterThan(0);
  });

  it('is deterministic per seed across requests and servers', async () => {
    const seen = { same: 0, differs: 0 };
    for (const r of loadSyntheticRows().slice(0, 12)) {
      const body = nerRequest(r.input, { tier: 'small', system: 'template', responseFormat: 'none' });
      const a = (await post(server, body)).json.choices[0].message.content;
      const b = (await post(server, body)).json.choices[0].message.content;
      const c = (await post(other, body)).json.choices[0].message.content;
      expect(b).toBe(a);
      if (c === a) seen.same++;
      else seen.differs++;
    }
    expect(seen.differs).toBeGreaterThan(0);
  });

  it('lists the tiers at GET /v1/models', async () => {
    const res = await fetch(new URL('models', server.url));
    expect(res.status).toBe(200);
    const body = (await res.json()) as { object: string; data: { id: string }[] };
    expect(body.object).toBe('list');
    expect(body.data.map((m) => m.id)).toEqual(['small', 'medium', 'large']);
  });

  it('answers an unknown model with an OpenAI-style 404', async () => {
    const { status, json } = await post(server, { model: 'gpt-4o', messages: [{ role: 'user', content: 'hi' }] });
    expect(status).toBe(404);
    expect(json.error).toMatchObject({ type: 'invalid_request_error', param: 'model', code: 'model_not_found' });
    expect(json.error.message).toMatch(/gpt-4o/);
  });

  it('answers a malformed body with a 400 naming the problem', async () => {
    expect((await post(server, '{not json')).status).toBe(400);
    const { status, json } = await post(server, { model: 'small', messages: [] });
    expect(status).toBe(400);
    expect(json.error.param).toBe('messages');
  });

  it('streams as one content chunk, a finish chunk, a usage chunk and [DONE]', async () => {
    const body = { ...nerRequest(row.input, { tier: 'medium', system: 'template', responseFormat: 'json_schema' }), stream: true, stream_options: { include_usage: true } };
    const { status, text } = await post(server, body);
    expect(status).toBe(200);
    const events = text.split('\n\n').filter(Boolean).map((e) => e.replace(/^data: /, ''));
    expect(events[events.length - 1]).toBe('[DONE]');
    const chunks = events.slice(0, -1).map((e) => JSON.parse(e));
    const plain = (await post(server, { ...body, stream: false })).json;
    expect(chunks[0].choices[0].delta.content).toBe(plain.choices[0].message.content);
    expect(chunks[1].choices[0].finish_reason).toBe('stop');
    expect(chunks[2].usage).toEqual(plain.usage);
  });

  it('answers with the default simulated latency too', async () => {
    const slow = await createSimProviderServer({ seed: 1 });
    try {
      expect((await post(slow, { model: 'small', messages: [{ role: 'user', content: 'hello?' }] })).status).toBe(200);
    } finally {
      await slow.close();
    }
  });

  it('answers /v1/embeddings: unit vectors, the same for the same text, closer for texts sharing words; bad input → 400', async () => {
    const embed = async (input: unknown) => fetch(new URL('embeddings', server.url), { method: 'POST', body: JSON.stringify({ model: 'embeddings', input }) });
    const res = await embed(['the capital of France', 'the capital of Italy', 'zebra quokka', 'the capital of France']);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { object: string; data: { index: number; embedding: number[] }[]; model: string };
    expect(body.object).toBe('list');
    expect(body.model).toBe('embeddings');
    const [france, italy, zebra, franceAgain] = body.data.map((d) => d.embedding);
    const dot = (a: number[], b: number[]) => a.reduce((sum, x, i) => sum + x * b[i], 0);
    expect(france).toHaveLength(256);
    expect(dot(france, france)).toBeCloseTo(1, 10);
    expect(franceAgain).toEqual(france);
    expect(dot(france, italy)).toBeGreaterThan(dot(france, zebra));
    const bad = await embed(42);
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { message: string } }).error.message).toContain("'input'");
  });

  it('answers unknown routes with 404 and closes cleanly (twice is fine)', async () => {
    const res = await fetch(new URL('audio/speech', server.url), { method: 'POST', body: '{}' });
    expect(res.status).toBe(404);
    const temp = await createSimProviderServer({ seed: 1, latencyScale: 0 });
    await temp.close();
    await temp.close();
    await expect(fetch(new URL('models', temp.url))).rejects.toThrow();
  });
});

/** `internal_dynamic_variant_config` on `POST /inference`: a request-supplied variant, dry-run only. */
import { chatCompletion } from '../test/fakes/providers/fake-openai-server';
import { fixtureConfigFiles } from '../test/fixtures/gateway-config';
import { startTestGateway, type TestGateway } from '../test/support/test-gateway';

const inline = (path: string, data: string) => ({ __tensorzero_remapped_path: path, __data: data });

const request = (variant: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
  function_name: 'assistant',
  input: { system: { tone: 'calm' }, messages: [{ role: 'user', content: 'hi' }] },
  dryrun: true,
  internal_dynamic_variant_config: variant,
  ...extra,
});

const candidate = {
  type: 'chat_completion',
  model: 'sim::medium',
  system_template: inline('functions/assistant/variants/cand/system_template.minijinja', 'Candidate prompt, tone {{ tone }}.'),
  max_tokens: 77,
};

describe('built-in gateway: internal_dynamic_variant_config', () => {
  let gw: TestGateway;
  beforeEach(async () => {
    gw = await startTestGateway({ files: fixtureConfigFiles(), fakeHandler: () => ({ body: chatCompletion({ text: 'dynamic answer' }) }) });
  });
  afterEach(async () => {
    await gw.close();
  });

  it('renders and runs the request’s variant like a deployed one, and stores nothing', async () => {
    const { status, body } = await gw.post('/inference', request(candidate));
    expect(status).toBe(200);
    expect(body.variant_name).toBe('tensorzero::dynamic_variant');
    expect(body.content).toEqual([{ type: 'text', text: 'dynamic answer' }]);
    const sent = gw.fake.requests[0].body as any;  
    expect(sent.model).toBe('medium');
    expect(sent.max_tokens).toBe(77);
    // its own system template; the function's other templates are not borrowed
    expect(sent.messages[0]).toEqual({ role: 'system', content: 'Candidate prompt, tone calm.' });
    const stored = await gw.get('/internal/inferences?function_name=assistant');
    expect(stored.body.inferences).toEqual([]);
  });

  it('requires dryrun, function_name and no pinned variant', async () => {
    const notDry = await gw.post('/inference', request(candidate, { dryrun: false }));
    expect(notDry.status).toBe(400);
    expect(JSON.stringify(notDry.body)).toContain('requires dryrun = true');
    const pinned = await gw.post('/inference', request(candidate, { variant_name: 'a' }));
    expect(pinned.status).toBe(400);
    const model = await gw.post('/inference', { model_name: 'sim::small', input: { messages: [] }, dryrun: true, internal_dynamic_variant_config: candidate });
    expect(model.status).toBe(400);
    expect(gw.fake.requests).toHaveLength(0);
  });

  it('rejects invalid variants with the key path: file paths, unknown models, template syntax, missing schema templates', async () => {
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ ...candidate, system_template: '/etc/passwd' }, 'internal_dynamic_variant_config.system_template: expected an inline file'],
      [{ ...candidate, model: 'nonsense' }, 'internal_dynamic_variant_config.model'],
      [{ ...candidate, system_template: inline('x.minijinja', '{% if %}') }, 'internal_dynamic_variant_config.system_template'],
      [{ type: 'chat_completion', model: 'sim::small' }, "'system' schema"],
      [{ ...candidate, temprature: 1 }, 'internal_dynamic_variant_config.temprature: unknown key'],
    ];
    for (const [variant, message] of cases) {
      const { status, body } = await gw.post('/inference', request(variant));
      expect({ status, message: JSON.stringify(body) }).toEqual({ status: 400, message: expect.stringContaining(message) });
    }
    expect(gw.fake.requests).toHaveLength(0);
  });

  it('validates a json variant’s output against the function’s schema', async () => {
    const { status, body } = await gw.post('/inference', {
      function_name: 'extract',
      input: { messages: [{ role: 'user', content: { text: 'Paris is in France' } }] },
      dryrun: true,
      internal_dynamic_variant_config: {
        type: 'chat_completion',
        model: 'sim::small',
        json_mode: 'strict',
        user_template: inline('functions/extract/variants/c/user_template.minijinja', 'Extract from: {{ text }}'),
      },
    });
    expect(status).toBe(200);
    expect(body.output).toEqual({ raw: 'dynamic answer', parsed: null });
    expect((gw.fake.requests[0].body as any).messages.at(-1))  
      .toEqual({ role: 'user', content: 'Extract from: Paris is in France' });
  });
});

import * as http from 'node:http';
import { z } from 'zod';
import { listen } from '../common/http-server';
import { parseOpenAiBody, sendOpenAiError } from './openai-http';

const schema = z.object({ model: z.string(), messages: z.array(z.object({ role: z.enum(['user', 'assistant']) })).min(1) });

describe('the OpenAI wire over HTTP (shared by the simulated and the local model servers)', () => {
  let server: http.Server;
  let url: string;
  beforeAll(async () => {
    server = http.createServer((req, res) => {
      if (req.url === '/late-error') {
        res.writeHead(200, { 'content-type': 'text/plain' });
        res.write('partial');
        sendOpenAiError(res, 500, 'server_error', null, 'too late'); // the answer has begun: nothing more is sent
        res.end();
        return;
      }
      void parseOpenAiBody(req, res, schema, 64).then((body) => body && res.end(JSON.stringify({ echoed: body.model })));
    });
    url = `http://127.0.0.1:${(await listen(server, 0, '127.0.0.1')).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const post = async (body: string, path = '/') => {
    const res = await fetch(url + path, { method: 'POST', body });
    return { status: res.status, text: await res.text() };
  };

  it('passes a valid body through', async () => {
    expect(await post(JSON.stringify({ model: 'm', messages: [{ role: 'user' }] }))).toEqual({ status: 200, text: '{"echoed":"m"}' });
  });

  it('answers bad JSON and a bad field with 400s that name the problem, and refuses an oversized body', async () => {
    const badJson = await post('{nope');
    expect(badJson.status).toBe(400);
    expect(JSON.parse(badJson.text).error).toMatchObject({ type: 'invalid_request_error', param: null, code: null });
    expect(JSON.parse(badJson.text).error.message).toMatch(/^The request body is not valid JSON: /);

    const badField = JSON.parse((await post(JSON.stringify({ model: 'm', messages: [{ role: 'robot' }] }))).text).error;
    expect(badField.param).toBe('messages.0.role');
    expect(badField.message).toMatch(/^Invalid request at 'messages\.0\.role': /);

    const badRoot = JSON.parse((await post('[]')).text).error;
    expect(badRoot.param).toBeNull();
    expect(badRoot.message).toMatch(/^Invalid request at '\(root\)': /);

    // over the limit the request is destroyed (common/http-server.ts): the 400 may or may not get out first
    const tooBig = await post(JSON.stringify({ model: 'x'.repeat(100), messages: [{ role: 'user' }] })).catch(() => 'connection closed' as const);
    if (tooBig !== 'connection closed') {
      expect(tooBig.status).toBe(400);
      expect(JSON.parse(tooBig.text).error.message).toContain('body larger than 64 bytes');
    }
  });

  it('sends no error once an answer has begun', async () => {
    expect(await post('', '/late-error')).toEqual({ status: 200, text: 'partial' });
  });
});

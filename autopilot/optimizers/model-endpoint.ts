/**
 * The loopback HTTP endpoint the Python helper talks to during one session:
 *
 *   POST /v1/chat/completions  OpenAI's wire format; forwarded as a dry-run `POST /inference`
 *                              with `model_name` to the train gateway (metered by the session's
 *                              budget: 429 once it is spent)
 *   POST /grade                {id, output} → {score, feedback} for a train example
 *
 * Nothing leaves the machine but what the gateway itself sends to its model provider.
 */
import * as http from 'node:http';
import { z } from 'zod';
import { listen } from '../../common/http-server';
import { readJsonBody, sendError, sendJson } from '../builtin/http-io';
import { TrainDataSourceError, type TrainDataSource } from '../builtin/strategy/train-data-source';
import type { Grade } from './reference-grading';

const chatRequestSchema = z.looseObject({
  model: z.string().min(1),
  messages: z
    .array(z.looseObject({ role: z.enum(['system', 'user', 'assistant']), content: z.union([z.string(), z.array(z.looseObject({ text: z.string().optional() }))]) }))
    .min(1),
  max_tokens: z.number().int().positive().optional(),
});

const gradeRequestSchema = z.object({ id: z.string().min(1), output: z.string() });

export interface ModelEndpointStats {
  modelCalls: number;
  grades: number;
  refused: number;
}

export interface ModelEndpoint {
  url: string;
  stats: ModelEndpointStats;
  close(): Promise<void>;
}

function text(content: string | { text?: string }[]): string {
  return typeof content === 'string' ? content : content.map((c) => c.text ?? '').join('');
}

export async function startModelEndpoint(dataSource: TrainDataSource, grade: (id: string, output: string) => Grade | null): Promise<ModelEndpoint> {
  const stats: ModelEndpointStats = { modelCalls: 0, grades: 0, refused: 0 };

  async function chat(body: unknown): Promise<unknown> {
    const request = chatRequestSchema.parse(body);
    const system = request.messages.filter((m) => m.role === 'system').map((m) => text(m.content)).join('\n\n');
    const turns = request.messages
      .filter((m) => m.role !== 'system')
      .map((m) => ({ role: m.role as 'user' | 'assistant', content: text(m.content) }));
    const result = await dataSource.infer({ kind: 'chat', modelName: request.model, system: system || null, messages: turns, maxTokens: request.max_tokens });
    stats.modelCalls++;
    return {
      id: `chatcmpl-${stats.modelCalls}`,
      object: 'chat.completion',
      model: request.model,
      choices: [{ index: 0, finish_reason: 'stop', message: { role: 'assistant', content: result.text } }],
      usage: { prompt_tokens: 0, completion_tokens: 0, total_tokens: 0 },
    };
  }

  const server = http.createServer((req, res) => {
    (async () => {
      const url = new URL(req.url ?? '/', 'http://localhost');
      if (req.method === 'POST' && url.pathname === '/v1/chat/completions') return sendJson(res, 200, await chat(await readJsonBody(req)));
      if (req.method === 'POST' && url.pathname === '/grade') {
        const request = gradeRequestSchema.parse(await readJsonBody(req));
        const result = grade(request.id, request.output);
        if (!result) return sendError(res, 404, `no train example with id ${request.id}`);
        stats.grades++;
        return sendJson(res, 200, result);
      }
      return sendError(res, 404, `no route for ${req.method} ${url.pathname}`);
    })().catch((err: unknown) => {
      if (err instanceof TrainDataSourceError && err.status === 429) {
        stats.refused++;
        return sendError(res, 429, err.message);
      }
      if (err instanceof z.ZodError) return sendError(res, 400, `invalid request: ${err.message}`);
      if (!res.headersSent) sendError(res, 502, (err as Error).message ?? String(err));
    });
  });
  const address = await listen(server, 0, '127.0.0.1');
  return {
    url: `http://127.0.0.1:${address.port}`,
    stats,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

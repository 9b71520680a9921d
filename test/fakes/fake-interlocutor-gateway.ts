import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A loopback `/inference` endpoint standing in for the interlocutor's gateway. It refuses
 * (HTTP 400) anything that is not a dry-run call to function `interlocutor`.
 */
export interface FakeInterlocutorGateway {
  url: string;
  /** the inference request bodies received */
  requests: Record<string, unknown>[];
  /** the user texts of the received requests */
  questions(): string[];
  close(): Promise<void>;
}

export async function startFakeInterlocutorGateway(replyBlocks: unknown[] = [{ type: 'text', text: 'Use exact match.' }]): Promise<FakeInterlocutorGateway> {
  const requests: Record<string, unknown>[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as Record<string, unknown>;
      requests.push(body);
      res.setHeader('content-type', 'application/json');
      if (req.method !== 'POST' || req.url !== '/inference' || body.dryrun !== true || body.function_name !== 'interlocutor') {
        res.writeHead(400).end(JSON.stringify({ error: 'expected a dry-run inference on function interlocutor' }));
        return;
      }
      res.writeHead(200).end(
        JSON.stringify({
          inference_id: '0196f0a2-8000-7000-8000-000000000001',
          episode_id: '0196f0a2-8000-7000-8000-000000000002',
          variant_name: 'default',
          content: replyBlocks,
          usage: { input_tokens: 10, output_tokens: 5 },
        }),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    questions: () =>
      requests.map((r) => {
        const messages = (r.input as { messages?: { content?: { text?: string }[] }[] } | undefined)?.messages ?? [];
        return messages.map((m) => (m.content ?? []).map((b) => b.text ?? '').join('')).join('\n');
      }),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}

/**
 * One JSON POST over node:http(s) with shared keep-alive agents. The thin OpenAI-compatible
 * client uses this instead of global fetch because it sits on the gateway's hot path: fetch
 * (undici + web streams) costs about 0.4 ms of CPU per call here against about 0.1 ms for
 * node:http with a known content-length (scripts/bench-gateway.ts, README "Performance").
 */
import * as http from 'node:http';
import * as https from 'node:https';

const httpAgent = new http.Agent({ keepAlive: true, maxSockets: Infinity });
const httpsAgent = new https.Agent({ keepAlive: true, maxSockets: Infinity });

export interface HttpPostResponse {
  status: number;
  statusText: string;
  headers: Record<string, string>;
  body: string;
}

/** Rejects on network errors and on abort (with the signal's reason as `cause`). */
export function postJson(url: URL, body: string, headers: Record<string, string>, signal?: AbortSignal): Promise<HttpPostResponse> {
  return new Promise((resolve, reject) => {
    const client = url.protocol === 'https:' ? https : http;
    const payload = Buffer.from(body, 'utf8');
    const request = client.request(
      url,
      {
        method: 'POST',
        agent: url.protocol === 'https:' ? httpsAgent : httpAgent,
        headers: { ...headers, 'content-length': String(payload.length) },
        signal,
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('error', reject);
        response.on('end', () => {
          const flat: Record<string, string> = {};
          for (const [name, value] of Object.entries(response.headers)) if (value !== undefined) flat[name] = Array.isArray(value) ? value.join(', ') : value;
          resolve({ status: response.statusCode ?? 0, statusText: response.statusMessage ?? '', headers: flat, body: Buffer.concat(chunks).toString('utf8') });
        });
      },
    );
    request.on('error', reject);
    request.end(payload);
  });
}

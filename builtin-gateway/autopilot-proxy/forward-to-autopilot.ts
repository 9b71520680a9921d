import type { IncomingMessage, ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import {
  AutopilotProtocolError,
  MAX_RESPONSE_BYTES,
  NIL_SESSION_ID,
  forwardedBodySchema,
  readCappedText,
  toServiceActionPath,
  type GatewayFields,
} from '../../autopilot/protocol';
import { errorMessageOf } from '../../common/error-body';
import type { GatewayContext } from '../gateway-context';
import { HttpError } from '../http/http-error';
import { readBody, sendError } from '../http/json-io';
import type { AutopilotSettings } from './autopilot-settings';

export { NIL_SESSION_ID };

const EVENTS_PATH = /^\/v1\/sessions\/([^/]+)\/events$/;

/**
 * Forwards `/internal/autopilot/v1/...` to the Autopilot service at `/v1/...` with the bearer
 * key, renaming `approve_all` → `approve-all` and adding `deployment_id`,
 * `tensorzero_version` (and on event creation `config_snapshot_hash`: the live config hash
 * for a new session, null otherwise) to POST bodies. Upstream statuses pass through; error
 * bodies become `{"error": message}`; event streams are piped as they arrive.
 */
export async function forwardToAutopilot(
  ctx: GatewayContext,
  settings: AutopilotSettings,
  req: IncomingMessage,
  res: ServerResponse,
  upstreamPath: string,
  search: string,
): Promise<void> {
  if (!settings.apiKey) throw new HttpError(501, 'Autopilot is not configured: set TENSORZERO_AUTOPILOT_API_KEY');
  const path = toServiceActionPath(upstreamPath);
  const method = req.method ?? 'GET';
  const headers: Record<string, string> = { authorization: `Bearer ${settings.apiKey}` };
  if (req.headers.accept) headers.accept = String(req.headers.accept);

  let body: string | undefined;
  if (method === 'POST' || method === 'PUT' || method === 'PATCH') {
    const raw = (await readBody(req)).toString('utf8');
    if (raw.trim() !== '') {
      let parsed: unknown;
      try {
        parsed = JSON.parse(raw);
      } catch (err) {
        throw new HttpError(400, `request body is not valid JSON: ${(err as Error).message}`);
      }
      const object = forwardedBodySchema.safeParse(parsed);
      if (!object.success) throw new HttpError(400, 'request body must be a JSON object');
      const fields: GatewayFields = { deployment_id: await ctx.store.getDeploymentId(), tensorzero_version: ctx.version };
      const events = EVENTS_PATH.exec(path);
      if (events && method === 'POST') {
        fields.config_snapshot_hash = events[1] === NIL_SESSION_ID ? ctx.config.hash : null;
        for (const [name, value] of Object.entries(req.headers)) {
          if (name.startsWith('tensorzero-') && typeof value === 'string') headers[name] = value;
        }
      }
      body = JSON.stringify({ ...object.data, ...fields });
      headers['content-type'] = 'application/json';
    }
  }

  const abort = new AbortController();
  res.on('close', () => abort.abort());
  let upstream: Response;
  try {
    upstream = await fetch(new URL(path + search, settings.origin), { method, headers, body, signal: abort.signal });
  } catch (err) {
    throw new HttpError(502, `Autopilot request failed: ${(err as Error).message}`);
  }

  if (!upstream.ok) {
    let text: string;
    try {
      text = await readCappedText(upstream, MAX_RESPONSE_BYTES, `${method} ${path}`);
    } catch (err) {
      // an enormous error body is not passed on; its status still is, with the reason
      if (!(err instanceof AutopilotProtocolError)) throw new HttpError(502, `Autopilot request failed: ${(err as Error).message}`);
      sendError(res, upstream.status, err.message);
      return;
    }
    sendError(res, upstream.status, errorMessageOf(text) ?? (upstream.statusText || `Autopilot returned HTTP ${upstream.status}`));
    return;
  }
  const responseHeaders: Record<string, string> = {};
  const contentType = upstream.headers.get('content-type');
  if (contentType) responseHeaders['content-type'] = contentType;
  if (contentType?.includes('text/event-stream')) responseHeaders['cache-control'] = 'no-cache';
  res.writeHead(upstream.status, responseHeaders);
  if (!upstream.body) {
    res.end();
    return;
  }
  await new Promise<void>((resolve) => {
    const stream = Readable.fromWeb(upstream.body as import('node:stream/web').ReadableStream);
    stream.on('error', () => {
      res.destroy();
      resolve();
    });
    stream.on('end', resolve);
    res.on('close', resolve);
    stream.pipe(res);
  });
}

import { z } from 'zod';
import type { InferenceRequest } from '../gateway/wire';
import type { FetchFunction } from '../common/inference-fetch';

/**
 * Answers the autopilot's questions and writes its nudges, standing in for a human
 * (reference/original-harness.md §4.7, §14). One instance serves every iteration of a run.
 */
export interface Interlocutor {
  /** One answer to one question (or nudge prompt). */
  answer(question: string): Promise<string>;
  close(): Promise<void>;
}

/** The function every interlocutor config defines. */
export const INTERLOCUTOR_FUNCTION_NAME = 'interlocutor';

export interface GatewayInterlocutorOptions {
  /** default 300 000 ms: answers come from a real model and may be long */
  requestTimeoutMs?: number;
  /** default global fetch; `local::` runs pass common/inference-fetch.ts (no 300 s header limit) */
  fetch?: FetchFunction;
}

/** The interlocutor's gateway failed or answered with something we cannot read. */
export class InterlocutorError extends Error {
  override readonly name = 'InterlocutorError';
  constructor(
    readonly gatewayUrl: string,
    /** the HTTP status, or null when no usable response arrived */
    readonly status: number | null,
    detail: string,
    options?: { cause?: unknown },
  ) {
    super(`interlocutor inference at ${gatewayUrl} failed: ${detail}`, options);
  }
}

const InferenceResponseSchema = z.looseObject({ content: z.unknown().optional(), output: z.unknown().optional() });

/**
 * An interlocutor backed by a gateway that serves the interlocutor config: each answer is one
 * dry-run inference (nothing is stored) on function `interlocutor` with the question as the
 * only user message; the variant supplies the system prompt.
 */
export function createGatewayInterlocutor(gatewayUrl: string, options: GatewayInterlocutorOptions = {}): Interlocutor {
  const url = `${gatewayUrl.replace(/\/+$/, '')}/inference`;
  const timeoutMs = options.requestTimeoutMs ?? 300_000;
  const send = options.fetch ?? fetch;
  const inFlight = new Set<AbortController>();

  return {
    async answer(question) {
      const body: InferenceRequest = {
        function_name: INTERLOCUTOR_FUNCTION_NAME,
        input: { messages: [{ role: 'user', content: [{ type: 'text', text: question }] }] },
        dryrun: true,
      };
      const controller = new AbortController();
      inFlight.add(controller);
      let status: number;
      let text: string;
      try {
        const response = await send(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(body),
          signal: AbortSignal.any([controller.signal, AbortSignal.timeout(timeoutMs)]),
        });
        status = response.status;
        text = await response.text();
      } catch (err) {
        throw new InterlocutorError(gatewayUrl, null, err instanceof Error ? err.message : String(err), { cause: err });
      } finally {
        inFlight.delete(controller);
      }
      if (status < 200 || status >= 300) throw new InterlocutorError(gatewayUrl, status, `HTTP ${status}: ${text.slice(0, 500)}`);
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch {
        throw new InterlocutorError(gatewayUrl, status, 'response is not JSON');
      }
      const parsed = InferenceResponseSchema.safeParse(json);
      if (!parsed.success) throw new InterlocutorError(gatewayUrl, status, 'response is not an inference result');
      return answerText(parsed.data.content ?? parsed.data.output);
    },

    async close() {
      // Nothing is pooled; cancel whatever is still waiting so shutdown is not held up.
      for (const controller of inFlight) controller.abort();
      inFlight.clear();
    },
  };
}

/** Content blocks → their `text` joined with newlines; any other content is stringified. */
function answerText(content: unknown): string {
  if (Array.isArray(content)) {
    return content
      .filter((block): block is { text: string } => typeof block === 'object' && block !== null && typeof (block as { text?: unknown }).text === 'string')
      .map((block) => block.text)
      .join('\n');
  }
  if (typeof content === 'string') return content;
  return JSON.stringify(content) ?? '';
}

import { createHash } from 'node:crypto';
import { z } from 'zod';

/**
 * `POST /v1/embeddings` of the simulated provider, in OpenAI's wire format: each input becomes a
 * bag of its lower-cased word tokens hashed into `EMBEDDING_DIMENSIONS` buckets, L2-normalised.
 * Texts sharing words are close in cosine distance, so nearest-neighbour search (dynamic
 * in-context learning) finds related examples; deterministic and independent of the seed.
 */

export const EMBEDDING_DIMENSIONS = 256;

/** The name configs use for these embeddings (any model name is answered the same way). */
export const SIM_EMBEDDING_MODEL = 'sim::embeddings';

export const embeddingsRequestSchema = z.looseObject({
  model: z.string().min(1),
  input: z.union([z.string(), z.array(z.string()).min(1)]),
  encoding_format: z.enum(['float']).optional(),
});

export interface EmbeddingsResponse {
  object: 'list';
  data: { object: 'embedding'; index: number; embedding: number[] }[];
  model: string;
  usage: { prompt_tokens: number; total_tokens: number };
}

export function embeddingsResponse(request: z.infer<typeof embeddingsRequestSchema>): EmbeddingsResponse {
  const inputs = typeof request.input === 'string' ? [request.input] : request.input;
  const tokens = inputs.map(wordTokens);
  const used = tokens.reduce((n, t) => n + t.length, 0);
  return {
    object: 'list',
    data: tokens.map((t, index) => ({ object: 'embedding', index, embedding: hashedBagOfWords(t) })),
    model: request.model,
    usage: { prompt_tokens: used, total_tokens: used },
  };
}

function wordTokens(text: string): string[] {
  return text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
}

function hashedBagOfWords(tokens: string[]): number[] {
  const vector = new Array<number>(EMBEDDING_DIMENSIONS).fill(0);
  for (const token of tokens) {
    const digest = createHash('sha256').update(token).digest();
    // one bucket per token, with a sign, so unrelated words cancel rather than pile up
    vector[digest.readUInt16BE(0) % EMBEDDING_DIMENSIONS] += digest[2] & 1 ? 1 : -1;
  }
  const norm = Math.sqrt(vector.reduce((sum, x) => sum + x * x, 0));
  return norm === 0 ? vector : vector.map((x) => x / norm);
}

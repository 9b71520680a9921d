import { lastUserText, type ChatCompletionRequest } from './openai-wire';
import type { Rng } from '../common/oracle-contract/oracle';

/**
 * The reply of a model that has no task knowledge (no oracle recognised the request): short,
 * plausible, built from the last user message — e.g. the interlocutor answering an autopilot's
 * question. Shaped to `response_format` when one is given.
 */
export function genericReply(request: ChatCompletionRequest, rng: Rng): string {
  const text = replyText(lastUserText(request), rng);
  const format = request.response_format;
  if (format?.type === 'json_schema' && format.json_schema.schema) {
    return JSON.stringify(fillSchema(format.json_schema.schema, text, rng, 0));
  }
  if (format?.type === 'json_object') return JSON.stringify({ response: text });
  return text;
}

const QUESTION_REPLIES = [
  'Yes, go ahead with that. I have no further constraints, so use your judgement and focus on what improves the results most.',
  'I do not have a strong preference about {topic}. Please pick the option you think is best and keep the change measurable.',
  'That sounds reasonable. Please continue without waiting for me.',
  'Good question. Prefer the simplest change that addresses {topic}, then check the effect on the metrics.',
];
const STATEMENT_REPLIES = [
  'Thanks, noted. Please continue.',
  'Understood: {topic}. Go ahead with the next step.',
  'Sounds good. Proceed as you see fit.',
  'Got it. Keep going and let me know what you find about {topic}.',
];

function replyText(userText: string, rng: Rng): string {
  const trimmed = userText.trim();
  if (!trimmed) return 'Understood.';
  const templates = trimmed.includes('?') ? QUESTION_REPLIES : STATEMENT_REPLIES;
  return rng.pick(templates).replace('{topic}', topicOf(trimmed));
}

/** The first clause of the message, at most ten words, as a lower-case phrase. */
function topicOf(text: string): string {
  const lastQuestion = text.split(/(?<=[.!?])\s+/).find((sentence) => sentence.includes('?')) ?? text;
  const clause = lastQuestion.split(/[,;:?!.\n]/)[0].trim();
  const words = clause.split(/\s+/).slice(0, 10).join(' ');
  return words ? words.charAt(0).toLowerCase() + words.slice(1) : 'this';
}

/** A value that satisfies a (simple) JSON schema, with strings drawn from `text`. */
export function fillSchema(schema: Record<string, unknown>, text: string, rng: Rng, depth: number): unknown {
  if ('const' in schema) return schema.const;
  if (Array.isArray(schema.enum) && schema.enum.length > 0) return rng.pick(schema.enum);
  for (const key of ['anyOf', 'oneOf', 'allOf'] as const) {
    const options = schema[key];
    if (Array.isArray(options) && options.length > 0) return fillSchema(options[0] as Record<string, unknown>, text, rng, depth + 1);
  }
  const type = Array.isArray(schema.type) ? schema.type.find((t) => t !== 'null') ?? 'null' : schema.type;
  switch (type) {
    case 'object': {
      const properties = (schema.properties ?? {}) as Record<string, Record<string, unknown>>;
      const out: Record<string, unknown> = {};
      if (depth > 5) return out;
      for (const [key, sub] of Object.entries(properties)) out[key] = fillSchema(sub, text, rng, depth + 1);
      return out;
    }
    case 'array': {
      const items = (schema.items ?? { type: 'string' }) as Record<string, unknown>;
      const minItems = typeof schema.minItems === 'number' ? schema.minItems : 1;
      return Array.from({ length: Math.max(1, minItems) }, () => fillSchema(items, text, rng, depth + 1));
    }
    case 'string':
      return text;
    case 'integer':
      return typeof schema.minimum === 'number' ? Math.ceil(schema.minimum) : rng.int(10);
    case 'number':
      return typeof schema.minimum === 'number' ? schema.minimum : Math.round(rng.next() * 100) / 10;
    case 'boolean':
      return rng.chance(0.5);
    case 'null':
      return null;
    default:
      return text;
  }
}

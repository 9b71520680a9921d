import { findJsonObjectSpans, tryParseObject } from '../common/oracle-contract/embedded-json';
import { messageText, type ChatCompletionRequest } from '../common/oracle-contract/chat-request';
import type { ExampleVerdict, WorkedExample } from '../common/oracle-contract/oracle';

/**
 * Worked examples in a request, judged by content: each is checked against the oracle's answer
 * for its own input. Examples come as earlier user/assistant turns (unless those turns are the
 * episode's own moves) or as JSON objects written into the system or user text, whose input is
 * the text just before them.
 */
export interface ExampleAssessment {
  /** distinct examples that show the output's shape (right or wrong, relevant or not) */
  shown: number;
  /** distinct examples of this task whose output is the oracle's answer */
  correct: number;
  /** distinct examples of this task whose output is wrong */
  wrong: number;
  /** distinct examples the oracle does not recognise as its task */
  irrelevant: number;
  /** examples that repeat one already counted */
  duplicates: number;
  /** how many wrong examples demonstrate each mistake (by the oracle's mistake names) */
  demonstrates: Record<string, number>;
}

export interface ExampleContext {
  /** the keys a JSON answer holds; [] for text answers */
  outputKeys: readonly string[];
  /** `episode`: earlier turns are the episode's own moves, not examples */
  conversation: 'examples' | 'episode';
  /** the oracle's judgement; absent when no oracle (or one without judgement) answers */
  judge?: (example: WorkedExample) => ExampleVerdict | null;
}

export const NO_EXAMPLES: ExampleAssessment = { shown: 0, correct: 0, wrong: 0, irrelevant: 0, duplicates: 0, demonstrates: {} };

export function assessExamples(request: ChatCompletionRequest, context: ExampleContext): ExampleAssessment {
  const seen = new Set<string>();
  const out: ExampleAssessment = { ...NO_EXAMPLES, demonstrates: {} };
  for (const example of findWorkedExamples(request, context)) {
    const verdict = context.judge?.(example) ?? null;
    const identity = `${verdict ? verdict.instance : example.input.trim().slice(-200)}\u0000${canonical(example.output)}`;
    if (seen.has(identity)) {
      out.duplicates++;
      continue;
    }
    seen.add(identity);
    out.shown++;
    if (!verdict) out.irrelevant++;
    else if (verdict.correct) out.correct++;
    else {
      out.wrong++;
      for (const name of verdict.demonstrates) out.demonstrates[name] = (out.demonstrates[name] ?? 0) + 1;
    }
  }
  return out;
}

/** Every worked example in the request, in order, duplicates included. */
export function findWorkedExamples(request: ChatCompletionRequest, context: ExampleContext): WorkedExample[] {
  const examples: WorkedExample[] = [];
  const { messages } = request;
  const lastUser = messages.map((m) => m.role).lastIndexOf('user');
  messages.forEach((message, i) => {
    const text = messageText(message);
    if (message.role === 'assistant') {
      if (context.conversation === 'episode' || i > lastUser || i === 0 || messages[i - 1].role !== 'user') return;
      const output = asExampleOutput(text, context.outputKeys);
      if (output !== null) examples.push({ input: messageText(messages[i - 1]), output });
    } else if ((message.role === 'system' || message.role === 'developer' || message.role === 'user') && context.outputKeys.length > 0) {
      examples.push(...embeddedExamples(text, context.outputKeys));
    }
  });
  return examples;
}

/** Embedded examples by message text and keys: a run sends the same system prompt on every request. Cleared when full. */
const embedded = new Map<string, WorkedExample[]>();
const MAX_EMBEDDED = 5_000;

/** JSON objects in the text that hold the output keys, each with the text before it as its input. */
function embeddedExamples(text: string, outputKeys: readonly string[]): WorkedExample[] {
  const key = `${outputKeys.join('\u0000')}\u0001${text}`;
  const known = embedded.get(key);
  if (known) return known;
  const found: WorkedExample[] = [];
  let from = 0;
  for (const span of findJsonObjectSpans(text)) {
    if (outputKeys.every((k) => k in span.value)) found.push({ input: text.slice(from, span.start), output: span.value });
    from = span.end;
  }
  if (embedded.size >= MAX_EMBEDDED) embedded.clear();
  embedded.set(key, found);
  return found;
}

/** An assistant turn as an example output: the JSON object holding the output keys, or the text for text answers. */
function asExampleOutput(text: string, outputKeys: readonly string[]): WorkedExample['output'] | null {
  if (outputKeys.length === 0) return text.trim() ? text.trim() : null;
  const value = tryParseObject(text.trim()) ?? findJsonObjectSpans(text).map((s) => s.value).find((v) => outputKeys.every((k) => k in v)) ?? null;
  return value && outputKeys.every((key) => key in value) ? value : null;
}

function canonical(output: WorkedExample['output']): string {
  if (typeof output === 'string') return output.trim();
  const sorted = Object.fromEntries(Object.entries(output).sort(([a], [b]) => a.localeCompare(b)));
  return JSON.stringify(sorted);
}

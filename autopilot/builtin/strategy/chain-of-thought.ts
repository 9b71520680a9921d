/**
 * Chain-of-thought instructions for chat functions — only where the reasoning cannot break what
 * reads the answer. The answer form is read off the function's successful outputs:
 *
 * * JSON objects: the reasoning goes into a leading "reasoning" key; the answer keys stay as they
 *   were, so a reader that looks the answer up by key still finds it.
 * * bare short answers from a closed set (e.g. BabyAI's "go forward"): not offered. Such readers
 *   match the whole reply against the set; BabyAI's parser (environments/babyai/answers.ts and its
 *   Python twin) accepts only the bare action or {"action": …}, so any reasoning text is "not
 *   understood", and the data does not tell which JSON key the reader would accept.
 * * free text: not offered — the whole reply is the product (it reaches a user or a judge).
 * * tool calls: not offered — text next to a tool call may be shown to the user.
 *
 * json functions never get it here: reasoning there needs a schema key (TensorZero's
 * chain-of-thought variant type), not prompt text.
 */

export type ChatAnswerForm = 'json_object' | 'bare_answer' | 'free_text' | 'tool_calls' | 'unknown';

export type ChainOfThoughtPlan =
  | { offered: true; form: 'json_object'; instructions: string }
  | { offered: false; form: ChatAnswerForm | 'json_function'; reason: string };

/** The key the reasoning goes into; the simulator looks for it too (sim-provider/prompt-features.ts). */
export const REASONING_KEY = 'reasoning';

const BARE_MAX_WORDS = 6;

function parseObject(text: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(text.trim());
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/** The form most successful outputs take (a majority decides; ties favour the safer reading). */
export function detectChatAnswerForm(outputs: string[]): ChatAnswerForm {
  const texts = outputs.map((o) => o.trim()).filter(Boolean);
  if (texts.length === 0) return 'unknown';
  const counts: Record<Exclude<ChatAnswerForm, 'unknown'>, number> = { json_object: 0, bare_answer: 0, free_text: 0, tool_calls: 0 };
  for (const text of texts) {
    if (text.startsWith('[tool call ')) counts.tool_calls++;
    else if (parseObject(text)) counts.json_object++;
    else if (!text.includes('\n') && text.split(/\s+/).length <= BARE_MAX_WORDS) counts.bare_answer++;
    else counts.free_text++;
  }
  // Order = precedence on ties: the forms CoT must not touch come first.
  const order: Exclude<ChatAnswerForm, 'unknown'>[] = ['tool_calls', 'bare_answer', 'free_text', 'json_object'];
  return order.reduce((best, form) => (counts[form] > counts[best] ? form : best), order[0]);
}

function answerKeys(outputs: string[]): string[] {
  const keys: string[] = [];
  for (const text of outputs) for (const key of Object.keys(parseObject(text) ?? {})) if (key !== REASONING_KEY && !keys.includes(key)) keys.push(key);
  return keys;
}

/** Whether chain of thought is offered for the function, with the instructions or the reason it is not. */
export function planChainOfThought(functionType: 'chat' | 'json', successfulOutputs: string[]): ChainOfThoughtPlan {
  if (functionType === 'json') {
    return { offered: false, form: 'json_function', reason: 'json functions are parsed against their output schema; reasoning would need a schema key' };
  }
  const form = detectChatAnswerForm(successfulOutputs);
  switch (form) {
    case 'json_object': {
      const keys = answerKeys(successfulOutputs).map((k) => JSON.stringify(k)).join(', ');
      return {
        offered: true,
        form,
        instructions: [
          'Think step by step before you answer, but keep it brief.',
          `Reply with one JSON object whose first key is "${REASONING_KEY}": one to three short sentences of reasoning about this turn.`,
          `After it, give the answer keys exactly as you would otherwise (${keys}); the worked examples show only those keys.`,
          'Write nothing outside the JSON object.',
        ].join('\n'),
      };
    }
    case 'bare_answer':
      return {
        offered: false,
        form,
        reason: 'successful outputs are bare short answers from a closed set; the reader matches the whole reply, so reasoning text would not parse',
      };
    case 'free_text':
      return { offered: false, form, reason: 'successful outputs are free text: the whole reply is the answer, so reasoning would change it' };
    case 'tool_calls':
      return { offered: false, form, reason: 'successful outputs are tool calls; reasoning text next to them may reach the user' };
    default:
      return { offered: false, form, reason: 'there are no successful outputs to tell which answer form the application parses' };
  }
}

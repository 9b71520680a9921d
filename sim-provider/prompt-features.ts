import { findJsonObjects, tryParseObject } from './embedded-json';
import { messageText, type ChatCompletionRequest } from './openai-wire';

/** What a prompt measurably contains; the inputs of the skill model (skill.ts). */
export interface PromptFeatures {
  /** system/user text mentions JSON */
  mentionsJson: boolean;
  /** the output keys the answer needs (from the oracle, else the response schema's `required`) */
  outputKeys: string[];
  /** every output key appears as a word in the system/user text */
  namesOutputKeys: boolean;
  responseFormat: 'none' | 'text' | 'json_object' | 'json_schema';
  /** response_format carries a json_schema, or the text says JSON and names every output key */
  formatInstructions: boolean;
  /** JSON objects in system/user text that parse and hold the output keys, plus prior assistant turns */
  workedExamples: number;
  /** the prompt asks the model to reason step by step */
  asksStepByStep: boolean;
  /**
   * the JSON key the prompt asks the reasoning to go into (a quoted "reasoning" or "thinking"
   * next to a step-by-step request), so the answer shows its reasoning there; null = none asked
   */
  reasoningKey: string | null;
  /** null = the request leaves it to the model's default */
  temperature: number | null;
}

export interface PromptFeatureOptions {
  /** the keys a correct answer contains, when the task is known */
  outputKeys?: string[];
}

const STEP_BY_STEP_RE =
  /\bstep[- ]by[- ]step\b|\bthink (?:carefully|through|about)\b|\breason (?:carefully|through|about)\b|\bchain[- ]of[- ]thought\b|\bexplain your reasoning\b|\bwork through\b/i;

const REASONING_KEY_RE = /"(reasoning|thinking)"/;

export function extractPromptFeatures(request: ChatCompletionRequest, options: PromptFeatureOptions = {}): PromptFeatures {
  const responseFormat = request.response_format?.type ?? 'none';
  const outputKeys = options.outputKeys ?? schemaRequiredKeys(request);
  const instructionText = request.messages
    .filter((m) => m.role === 'system' || m.role === 'developer' || m.role === 'user')
    .map(messageText)
    .join('\n');
  const mentionsJson = /\bjson\b/i.test(instructionText);
  const namesOutputKeys = outputKeys.length > 0 && outputKeys.every((key) => containsWord(instructionText, key));
  const formatInstructions = responseFormat === 'json_schema' || (mentionsJson && (outputKeys.length === 0 || namesOutputKeys));
  return {
    mentionsJson,
    outputKeys,
    namesOutputKeys,
    responseFormat,
    formatInstructions,
    workedExamples: countWorkedExamples(request, outputKeys),
    asksStepByStep: STEP_BY_STEP_RE.test(instructionText),
    reasoningKey: STEP_BY_STEP_RE.test(instructionText) ? (REASONING_KEY_RE.exec(instructionText)?.[1] ?? null) : null,
    temperature: request.temperature ?? null,
  };
}

/** Examples embedded in system/user text plus prior assistant turns that look like answers. */
export function countWorkedExamples(request: ChatCompletionRequest, outputKeys: string[]): number {
  const isExample = (value: Record<string, unknown>) =>
    outputKeys.length > 0 ? outputKeys.every((key) => key in value) : Object.keys(value).length > 0;
  let count = 0;
  for (const message of request.messages) {
    const text = messageText(message);
    if (message.role === 'assistant') {
      if (outputKeys.length === 0) {
        if (text.trim().length > 0 || (message.tool_calls?.length ?? 0) > 0) count++;
      } else {
        const whole = tryParseObject(text.trim());
        if ((whole && isExample(whole)) || findJsonObjects(text).some(isExample)) count++;
      }
    } else if (message.role === 'system' || message.role === 'developer' || message.role === 'user') {
      count += findJsonObjects(text).filter(isExample).length;
    }
  }
  return count;
}

function schemaRequiredKeys(request: ChatCompletionRequest): string[] {
  const format = request.response_format;
  if (format?.type !== 'json_schema') return [];
  const required = format.json_schema.schema?.required;
  return Array.isArray(required) ? required.filter((key): key is string => typeof key === 'string') : [];
}

function containsWord(text: string, word: string): boolean {
  const escaped = word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`(^|[^A-Za-z0-9_])${escaped}($|[^A-Za-z0-9_])`, 'i').test(text);
}

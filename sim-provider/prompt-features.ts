import { messageText, type ChatCompletionRequest } from '../common/oracle-contract/chat-request';
import { readInstructions, type Contradiction } from './instructions';
import { assessExamples, type ExampleAssessment, type ExampleContext } from './worked-examples';

/** What a prompt is worth, judged by content; the inputs of the skill model (skill.ts). */
export interface PromptFeatures {
  /** system/user text asks for JSON (a negated mention does not count) */
  mentionsJson: boolean;
  /** the output keys the answer needs (from the oracle, else the response schema's `required`) */
  outputKeys: string[];
  /** every output key appears as a word in the system/user text */
  namesOutputKeys: boolean;
  /** quoted names the instructions ask for as output keys that the output does not have */
  foreignKeys: string[];
  responseFormat: 'none' | 'text' | 'json_object' | 'json_schema';
  /** response_format carries a json_schema, or the text asks for JSON, names every output key and no other */
  formatInstructions: boolean;
  /** worked examples, checked against the oracle */
  examples: ExampleAssessment;
  /** the prompt asks the model to reason step by step (not negated) */
  asksStepByStep: boolean;
  /** instructions that contradict each other */
  contradictions: Contradiction[];
  /**
   * the JSON key the prompt asks the reasoning to go into (a quoted "reasoning" or "thinking"
   * next to a step-by-step request), so the answer shows its reasoning there; null = none asked
   */
  reasoningKey: string | null;
  /** null = the request leaves it to the model's default */
  temperature: number | null;
}

export interface PromptFeatureOptions extends Partial<Omit<ExampleContext, 'outputKeys'>> {
  /** the keys a correct answer contains, when the task is known */
  outputKeys?: string[];
}

const REASONING_KEY_RE = /"(reasoning|thinking)"/;

export function extractPromptFeatures(request: ChatCompletionRequest, options: PromptFeatureOptions = {}): PromptFeatures {
  const responseFormat = request.response_format?.type ?? 'none';
  const outputKeys = options.outputKeys ?? schemaRequiredKeys(request);
  const instructionTexts = request.messages.filter((m) => m.role === 'system' || m.role === 'developer' || m.role === 'user').map(messageText);
  const instructionText = instructionTexts.join('\n');
  const reading = readInstructions(instructionTexts, outputKeys, strictSchemaKeys(request));
  const mentionsJson = reading.asksJson;
  const namesOutputKeys = outputKeys.length > 0 && outputKeys.every((key) => containsWord(instructionText, key));
  const formatInstructions =
    responseFormat === 'json_schema' || (mentionsJson && (outputKeys.length === 0 || namesOutputKeys) && reading.foreignKeys.length === 0);
  return {
    mentionsJson,
    outputKeys,
    namesOutputKeys,
    foreignKeys: reading.foreignKeys,
    responseFormat,
    formatInstructions,
    examples: assessExamples(request, { outputKeys, conversation: options.conversation ?? 'examples', judge: options.judge }),
    asksStepByStep: reading.asksStepByStep,
    contradictions: reading.contradictions,
    reasoningKey: reading.asksStepByStep ? (REASONING_KEY_RE.exec(instructionText)?.[1] ?? null) : null,
    temperature: request.temperature ?? null,
  };
}

function schemaRequiredKeys(request: ChatCompletionRequest): string[] {
  const format = request.response_format;
  if (format?.type !== 'json_schema') return [];
  const required = format.json_schema.schema?.required;
  return Array.isArray(required) ? required.filter((key): key is string => typeof key === 'string') : [];
}

/** The keys a strict json_schema response format allows; null when the format does not constrain keys. */
export function strictSchemaKeys(request: ChatCompletionRequest): string[] | null {
  const format = request.response_format;
  if (format?.type !== 'json_schema') return null;
  const schema = format.json_schema.schema ?? {};
  if (schema.additionalProperties !== false) return null;
  const properties = schema.properties;
  return properties && typeof properties === 'object' ? Object.keys(properties) : [];
}

function containsWord(text: string, word: string): boolean {
  const escaped = word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`(^|[^A-Za-z0-9_])${escaped}($|[^A-Za-z0-9_])`, 'i').test(text);
}

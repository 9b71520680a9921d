/**
 * How a function's stored inferences go wrong, without knowing the task: invalid outputs
 * (unparseable or schema-violating JSON, empty chat replies), tool misuse (unknown tools, invalid
 * arguments, no call when one is required) and wrong answers grouped into categories by comparing
 * each failed output with successful ones — the successful answer to the same input when there is
 * one, else the usual shape of successful answers.
 */
import { metricValue } from './metric-value';
import type { ResponseContentBlock, StoredInferenceWithFeedback } from '../../../gateway/wire';
import { detectChatAnswerForm } from './chain-of-thought';
import type { FunctionConfig, MetricConfig } from './config-types';
import { renderInputText, renderOutputText } from './example-rendering';
import { normaliseText, outputShape, quantile, successfulInferences } from './few-shot-selection';

export type InvalidKind = 'unparseable_json' | 'schema_violation' | 'empty_output';
export type ToolMisuseKind = 'unknown_tool' | 'invalid_arguments' | 'missing_tool_call';

export interface WrongAnswerCategory {
  category: string;
  count: number;
  /** one failed output of this category, shortened */
  example: string;
}

export interface ErrorModes {
  inferenceCount: number;
  /** inferences with feedback on the metric */
  scoredCount: number;
  /** scored inferences that count as failures (bad boolean value; bottom quartile of a float) */
  failedCount: number;
  invalid: Record<InvalidKind, number>;
  toolMisuse: Record<ToolMisuseKind, number>;
  /** failed inferences with a valid output, by category, most frequent first */
  wrongAnswers: WrongAnswerCategory[];
}

/** What the function declares about tools (`tools`, `tool_choice` in its config). */
export interface ToolContext {
  /** declared tool names; empty = unknown, so only `name: null` counts as an unknown tool */
  tools: string[];
  /** tool_choice is `required` or names a specific tool */
  toolsRequired: boolean;
}

export function toolContextOf(fn: FunctionConfig): ToolContext {
  const tools = Array.isArray(fn.tools) ? fn.tools.filter((t): t is string => typeof t === 'string') : [];
  const choice = fn.tool_choice;
  const toolsRequired = choice === 'required' || (typeof choice === 'object' && choice !== null && 'specific' in choice);
  return { tools, toolsRequired };
}

type Output = StoredInferenceWithFeedback['output'];

function parsesAsJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/** Why an output is invalid, or null when it is usable. */
export function invalidKind(output: Output): InvalidKind | null {
  if (Array.isArray(output)) {
    const hasText = output.some((b) => b.type === 'text' && b.text.trim() !== '');
    const hasCall = output.some((b) => b.type === 'tool_call');
    return hasText || hasCall ? null : 'empty_output';
  }
  if (!output || typeof output !== 'object') return 'empty_output';
  if (output.parsed !== null) return null;
  const raw = output.raw?.trim() ?? '';
  if (raw === '') return 'empty_output';
  return parsesAsJson(raw) ? 'schema_violation' : 'unparseable_json';
}

/** Every tool misuse in one output. */
export function toolMisuse(output: Output, context: ToolContext): ToolMisuseKind[] {
  if (!Array.isArray(output)) return [];
  const calls = output.filter((b): b is Extract<ResponseContentBlock, { type: 'tool_call' }> => b.type === 'tool_call');
  const found: ToolMisuseKind[] = [];
  for (const call of calls) {
    const name = call.name ?? null;
    if (name === null || (context.tools.length > 0 && !context.tools.includes(name))) found.push('unknown_tool');
    else if (call.arguments === null) found.push('invalid_arguments');
  }
  if (calls.length === 0 && context.toolsRequired) found.push('missing_tool_call');
  return found;
}

/** Scored inferences that failed: the bad boolean value, or a float in the worst quartile that is not also a success. */
export function failedInferences(inferences: StoredInferenceWithFeedback[], metricName: string, metric: MetricConfig): StoredInferenceWithFeedback[] {
  const scored = inferences
    .map((inference) => ({ inference, value: metricValue(inference.feedback?.[metricName]) }))
    .filter((s): s is { inference: StoredInferenceWithFeedback; value: number } => s.value !== null);
  if (metric.type === 'boolean') {
    const bad = metric.optimize === 'max' ? 0 : 1;
    return scored.filter((s) => s.value === bad).map((s) => s.inference);
  }
  const good = new Set(successfulInferences(inferences, metricName, metric));
  const sorted = scored.map((s) => s.value).sort((a, b) => a - b);
  const cut = quantile(sorted, metric.optimize === 'max' ? 0.25 : 0.75);
  return scored
    .filter((s) => !good.has(s.inference) && (metric.optimize === 'max' ? s.value <= cut : s.value >= cut))
    .map((s) => s.inference);
}

function clip(text: string, max = 100): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length <= max ? flat : `${flat.slice(0, max - 1)}…`;
}

function listKeys(keys: string[]): string {
  return keys.map((k) => JSON.stringify(k)).join(', ');
}

function jsonType(value: unknown): string {
  return value === null ? 'null' : Array.isArray(value) ? 'list' : typeof value;
}

/** What successful answers look like, to compare failures against. */
export interface SuccessReference {
  /** normalised input text → a successful output for it */
  byInput: Map<string, Output>;
  /** json: how often each key appears and with which value type */
  keyCounts: Map<string, number>;
  keyTypes: Map<string, string>;
  successCount: number;
  /** chat: the successful outputs' texts */
  texts: string[];
}

export function successReference(successes: StoredInferenceWithFeedback[]): SuccessReference {
  const byInput = new Map<string, Output>();
  const keyCounts = new Map<string, number>();
  const keyTypes = new Map<string, string>();
  const texts: string[] = [];
  for (const s of successes) {
    const input = normaliseText(renderInputText(s.input));
    if (input && !byInput.has(input)) byInput.set(input, s.output);
    if (!Array.isArray(s.output) && s.output?.parsed) {
      for (const [key, value] of Object.entries(s.output.parsed)) {
        keyCounts.set(key, (keyCounts.get(key) ?? 0) + 1);
        if (!keyTypes.has(key)) keyTypes.set(key, jsonType(value));
      }
    }
    const text = renderOutputText(s.output);
    if (text) texts.push(text);
  }
  return { byInput, keyCounts, keyTypes, successCount: successes.length, texts };
}

function jsonCategory(parsed: Record<string, unknown>, reference: SuccessReference, sameInput: Output | undefined): string {
  const usual = [...reference.keyCounts].filter(([, n]) => n >= reference.successCount / 2).map(([k]) => k);
  const missing = usual.filter((k) => !(k in parsed));
  if (missing.length > 0) return `missing key ${listKeys(missing)}`;
  const extra = Object.keys(parsed).filter((k) => reference.keyCounts.size > 0 && !reference.keyCounts.has(k));
  if (extra.length > 0) return `extra key ${listKeys(extra)}`;
  const mistyped = Object.keys(parsed).filter((k) => reference.keyTypes.has(k) && reference.keyTypes.get(k) !== jsonType(parsed[k]));
  if (mistyped.length > 0) return `wrong value type in ${listKeys(mistyped)}`;
  const correct = sameInput && !Array.isArray(sameInput) ? sameInput.parsed : null;
  if (correct) {
    const keys = [...new Set([...Object.keys(correct), ...Object.keys(parsed)])];
    const wrong = keys.filter((k) => JSON.stringify(correct[k] ?? null) !== JSON.stringify(parsed[k] ?? null));
    return wrong.length === 0 ? 'same as a successful answer to this input' : `wrong ${listKeys(wrong)}`;
  }
  return 'right keys, wrong values (no successful answer to this input to compare)';
}

function lastAssistantText(inference: StoredInferenceWithFeedback): string | null {
  const messages = inference.input.messages ?? [];
  for (let i = messages.length - 1; i >= 0; i--) {
    const m = messages[i];
    if (m.role !== 'assistant') continue;
    if (typeof m.content === 'string') return m.content;
    const text = m.content.map((b) => (b.type === 'text' && 'text' in b ? b.text : '')).join('').trim();
    return text || null;
  }
  return null;
}

function chatCategory(inference: StoredInferenceWithFeedback, text: string, reference: SuccessReference, sameInput: Output | undefined): string {
  const calls = Array.isArray(inference.output) ? inference.output.filter((b) => b.type === 'tool_call') : [];
  const successForm = detectChatAnswerForm(reference.texts);
  const ownForm = detectChatAnswerForm([text]);
  if (successForm === 'tool_calls' && calls.length === 0) return 'text instead of a tool call';
  if (calls.length > 0) {
    const usualTools = new Set(reference.texts.map((t) => outputShape(t)).filter((s) => s.startsWith('tool:')));
    const own = outputShape(text);
    return usualTools.size > 0 && !usualTools.has(own) ? `calls ${own.slice(5)}, which successful answers do not` : 'usual tool, wrong arguments';
  }
  const previous = lastAssistantText(inference);
  if (previous !== null && normaliseText(previous) === normaliseText(text)) return 'repeats the previous turn';
  if (sameInput !== undefined) {
    const correct = renderOutputText(sameInput);
    if (correct !== null && normaliseText(correct) === normaliseText(text)) return 'same as a successful answer to this input';
  }
  if (successForm === 'bare_answer') {
    const usual = new Set(reference.texts.map(normaliseText));
    if (usual.has(normaliseText(text))) return 'a usual answer, wrong here';
    const wrapped = [...usual].some((answer) => answer.length > 0 && normaliseText(text).includes(answer));
    return wrapped ? 'answer wrapped in extra text' : 'answer outside the set successful answers use';
  }
  if (successForm !== 'unknown' && ownForm !== successForm) return `${ownForm.replace('_', ' ')} where successful answers are ${successForm.replace('_', ' ')}`;
  const lengths = reference.texts.map((t) => t.length).sort((a, b) => a - b);
  const median = lengths.length > 0 ? quantile(lengths, 0.5) : 0;
  if (median > 0 && text.length > 3 * median) return 'much longer than successful answers';
  if (median > 0 && text.length * 3 < median) return 'much shorter than successful answers';
  return 'same form as successful answers, wrong content';
}

/** The category of one failed inference with a valid output. */
export function wrongAnswerCategory(inference: StoredInferenceWithFeedback, reference: SuccessReference): string {
  const sameInput = reference.byInput.get(normaliseText(renderInputText(inference.input)));
  const output = inference.output;
  if (!Array.isArray(output)) return output?.parsed ? jsonCategory(output.parsed, reference, sameInput) : 'invalid output';
  return chatCategory(inference, renderOutputText(output) ?? '', reference, sameInput);
}

export interface ErrorModeOptions {
  metricName: string;
  metric: MetricConfig;
  tools: ToolContext;
  /** successful answers to compare with; default: the successes among `inferences` */
  reference?: SuccessReference;
  /** ids of failed inferences, decided over a larger set (so float quartiles are the function's, not one variant's) */
  failedIds?: ReadonlySet<string>;
}

export function analyseErrorModes(inferences: StoredInferenceWithFeedback[], options: ErrorModeOptions): ErrorModes {
  const reference = options.reference ?? successReference(successfulInferences(inferences, options.metricName, options.metric));
  const invalid: Record<InvalidKind, number> = { unparseable_json: 0, schema_violation: 0, empty_output: 0 };
  const misuse: Record<ToolMisuseKind, number> = { unknown_tool: 0, invalid_arguments: 0, missing_tool_call: 0 };
  for (const inference of inferences) {
    const kind = invalidKind(inference.output);
    if (kind) invalid[kind]++;
    for (const m of toolMisuse(inference.output, options.tools)) misuse[m]++;
  }
  const failedIds = options.failedIds;
  const failed = failedIds ? inferences.filter((i) => failedIds.has(i.inference_id)) : failedInferences(inferences, options.metricName, options.metric);
  const categories = new Map<string, WrongAnswerCategory>();
  for (const inference of failed) {
    if (invalidKind(inference.output)) continue;
    const category = wrongAnswerCategory(inference, reference);
    const entry = categories.get(category) ?? { category, count: 0, example: clip(renderOutputText(inference.output) ?? '') };
    entry.count++;
    categories.set(category, entry);
  }
  const scoredCount = inferences.filter((i) => metricValue(i.feedback?.[options.metricName]) !== null).length;
  return {
    inferenceCount: inferences.length,
    scoredCount,
    failedCount: failed.length,
    invalid,
    toolMisuse: misuse,
    wrongAnswers: [...categories.values()].sort((a, b) => b.count - a.count || a.category.localeCompare(b.category)),
  };
}

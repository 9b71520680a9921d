import type { ValidateFunction } from 'ajv';
import type { ResponseContentBlock } from '../../gateway/wire';
import type { ProviderResponse, ProviderToolCall } from '../../providers/types';
import type { JsonMode } from '../config/types';

/** Chat output: the text (if any), then each tool call with `name`/`arguments` null when they do not validate. */
export function chatContent(response: ProviderResponse, validators: Map<string, ValidateFunction>): ResponseContentBlock[] {
  const blocks: ResponseContentBlock[] = [];
  if (response.text) blocks.push({ type: 'text', text: response.text });
  for (const call of response.toolCalls) blocks.push(toolCallBlock(call, validators));
  return blocks;
}

function toolCallBlock(call: ProviderToolCall, validators: Map<string, ValidateFunction>): ResponseContentBlock {
  const validate = validators.get(call.name);
  let args: Record<string, unknown> | null = null;
  if (validate) {
    const parsed = parseJson(call.arguments);
    if (parsed !== undefined && parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed) && validate(parsed)) {
      args = parsed as Record<string, unknown>;
    }
  }
  return { type: 'tool_call', id: call.id, raw_name: call.name, raw_arguments: call.arguments, name: validate ? call.name : null, arguments: args };
}

/** JSON output: `raw` is the model's text (or the forced tool call's arguments); `parsed` is null unless it is JSON that passes the schema. */
export function jsonOutput(response: ProviderResponse, jsonMode: JsonMode, validate: ValidateFunction): { raw: string | null; parsed: Record<string, unknown> | null } {
  const raw = jsonMode === 'tool' ? (response.toolCalls[0]?.arguments ?? response.text) : response.text;
  if (raw === null) return { raw: null, parsed: null };
  const parsed = parseJson(raw);
  return { raw, parsed: parsed !== undefined && validate(parsed) ? (parsed as Record<string, unknown>) : null };
}

/** Strict JSON (surrounding whitespace allowed); undefined when the text is not JSON. */
function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Tool name used to force structured output in `json_mode = "tool"`. */
export const JSON_TOOL_NAME = 'respond';

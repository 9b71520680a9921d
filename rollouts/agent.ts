import type { Action, AgentBlock, InputBlock, Message, Observation } from '../environments/types';
import type { InferenceInput, InferenceResponse, InputContentBlock, InputMessage } from '../gateway/wire';

/**
 * The agent's translation between llmgym observations/actions and TensorZero inference
 * requests/responses (reference/llmgym-envs.md §2.3). The agent is stateless: observations
 * carry the full history of the function being called.
 */

function inputBlock(block: InputBlock, role: 'user' | 'assistant'): InputContentBlock {
  switch (block.type) {
    case 'text_result':
      return typeof block.value === 'string'
        ? { type: 'text', text: block.value }
        : { type: 'template', name: role, arguments: block.value };
    case 'tool_result':
      return { type: 'tool_result', id: block.id, name: block.name, result: block.result };
    case 'tool_call':
      return { type: 'tool_call', id: block.id, name: block.name, arguments: block.arguments };
  }
}

function actionBlocks(action: Action): InputContentBlock[] {
  if (!Array.isArray(action)) return [{ type: 'text', text: JSON.stringify(action.content ?? {}) }];
  return action.map((block: AgentBlock): InputContentBlock =>
    block.type === 'text' ? { type: 'text', text: block.content } : { type: 'tool_call', id: block.id, name: block.name, arguments: block.arguments },
  );
}

function message(msg: Message): InputMessage {
  if (msg.role === 'user') return { role: 'user', content: msg.content.map((b) => inputBlock(b, 'user')) };
  return { role: 'assistant', content: actionBlocks(msg.content) };
}

/** Converts an observation into the gateway's `input`. */
export function observationToInput(observation: Observation): InferenceInput {
  const input: InferenceInput = { messages: observation.messages.map(message) };
  const system = observation.system?.find((b) => b.type === 'text_result');
  if (system && system.type === 'text_result') input.system = system.value;
  return input;
}

function parseArguments(raw: string): Record<string, unknown> {
  try {
    const value = JSON.parse(raw);
    return value && typeof value === 'object' && !Array.isArray(value) ? value : {};
  } catch {
    return {};
  }
}

/** Converts a gateway response into the action the environment receives. */
export function responseToAction(response: InferenceResponse): Action {
  if ('output' in response) return { type: 'json', content: response.output.parsed };
  return response.content.map((block): AgentBlock =>
    block.type === 'text'
      ? { type: 'text', content: block.text }
      : { type: 'tool_call', id: block.id, name: block.name ?? block.raw_name, arguments: block.arguments ?? parseArguments(block.raw_arguments) },
  );
}

export interface ActionSummary {
  kind: 'json' | 'tool_call' | 'text' | 'mixed' | 'unknown';
  toolName: string | null;
  toolTimeout: number | null;
  commandPreview: string | null;
}

/** Summarises an action for the timing record (original-harness.md §6.8). */
export function summariseAction(action: Action): ActionSummary {
  const none = { toolName: null, toolTimeout: null, commandPreview: null };
  if (!Array.isArray(action)) return { kind: 'json', ...none };
  const calls = action.filter((b) => b.type === 'tool_call');
  if (calls.length === 1 && action.length === 1) {
    const call = calls[0] as Extract<AgentBlock, { type: 'tool_call' }>;
    const timeout = typeof call.arguments.timeout === 'number' ? call.arguments.timeout : null;
    const command = typeof call.arguments.command === 'string' ? call.arguments.command.replace(/\n/g, '\\n') : null;
    const preview = command && command.length > 120 ? command.slice(0, 117) + '...' : command;
    return { kind: 'tool_call', toolName: call.name, toolTimeout: timeout, commandPreview: preview };
  }
  if (action.length > 0 && calls.length === 0) return { kind: 'text', ...none };
  if (calls.length > 0) return { kind: 'mixed', toolName: calls.map((c) => (c as { name: string }).name).join(','), toolTimeout: null, commandPreview: null };
  return { kind: 'unknown', ...none };
}

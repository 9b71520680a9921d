import type { InferenceRequestBody, InputBlock } from './request-schema';

/** Input content after resolving the shorthand forms (string content, legacy `text.arguments`, object content). */
export type NormalisedBlock =
  | { kind: 'text'; text: string }
  | { kind: 'template'; name: string; arguments: Record<string, unknown> }
  | { kind: 'raw_text'; value: string }
  | { kind: 'tool_call'; id: string; name: string; arguments: string }
  | { kind: 'tool_result'; id: string; name: string; result: string };

export interface NormalisedMessage {
  role: 'user' | 'assistant';
  blocks: NormalisedBlock[];
}

export interface NormalisedInput {
  system?: string | Record<string, unknown>;
  messages: NormalisedMessage[];
}

export function normaliseInput(input: InferenceRequestBody['input']): NormalisedInput {
  return {
    system: input.system,
    messages: (input.messages ?? []).map((message) => ({
      role: message.role,
      blocks:
        typeof message.content === 'string'
          ? [{ kind: 'text', text: message.content }]
          : Array.isArray(message.content)
            ? message.content.flatMap((block) => normaliseBlock(block, message.role))
            : [{ kind: 'template', name: message.role, arguments: message.content }], // deprecated object content
    })),
  };
}

function normaliseBlock(block: InputBlock, role: 'user' | 'assistant'): NormalisedBlock[] {
  switch (block.type) {
    case 'text':
      return block.arguments !== undefined
        ? [{ kind: 'template', name: role, arguments: block.arguments }]
        : [{ kind: 'text', text: block.text as string }];
    case 'template':
      return [{ kind: 'template', name: block.name, arguments: block.arguments }];
    case 'raw_text':
      return [{ kind: 'raw_text', value: block.value }];
    case 'tool_call': {
      // Response-shaped blocks (raw_name/raw_arguments) can be echoed back; prefer the raw text.
      const name = block.raw_name ?? (block.name as string);
      const args = block.raw_arguments ?? block.arguments ?? {};
      return [{ kind: 'tool_call', id: block.id, name, arguments: typeof args === 'string' ? args : JSON.stringify(args) }];
    }
    case 'tool_result':
      return [{ kind: 'tool_result', id: block.id, name: block.name, result: block.result }];
    case 'thought':
      return []; // reasoning blocks are not sent to chat-completions providers
  }
}

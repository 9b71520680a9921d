import type { ProviderContentPart, ProviderMessage, ProviderToolCall } from '../../providers/types';
import type { FunctionConfig, VariantTemplate } from '../config/types';
import { renderTemplate } from '../templates/render-template';
import type { NormalisedInput } from './normalise-input';

/** The input cannot be served by this variant (e.g. it names a template the variant lacks). */
export class VariantInputError extends Error {
  override name = 'VariantInputError';
  constructor(
    readonly variantName: string,
    message: string,
  ) {
    super(message);
  }
}

export interface Prompt {
  system?: string;
  messages: ProviderMessage[];
}

/**
 * Renders the request input through a variant's templates. `fn`/`variant` are undefined for
 * `model_name` calls (the passthrough function has no templates).
 *
 * - system: a string goes through the system template as `system_text` (or verbatim without
 *   one); an object is the system template's context.
 * - text blocks: through a legacy role template (no schema) as `<role>_text`, else verbatim.
 * - template blocks: the named template with the block's arguments.
 * - raw_text: verbatim. tool_call/tool_result: passed as tool calls and tool messages.
 */
export function buildPrompt(
  fn: FunctionConfig | undefined,
  variant: { name: string; templates: Record<string, VariantTemplate> } | undefined,
  input: NormalisedInput,
): Prompt {
  const templates = variant?.templates ?? {};
  const variantName = variant?.name ?? 'tensorzero::default';
  const template = (name: string): VariantTemplate | undefined => templates[name];

  let system: string | undefined;
  const systemTemplate = template('system');
  if (input.system === undefined) {
    system = systemTemplate ? renderTemplate(systemTemplate, {}) : undefined;
  } else if (typeof input.system === 'string') {
    system = systemTemplate ? renderTemplate(systemTemplate, { system_text: input.system }) : input.system;
  } else {
    if (!systemTemplate) throw new VariantInputError(variantName, `input.system is an object but variant '${variantName}' has no system template`);
    system = renderTemplate(systemTemplate, input.system);
  }

  const messages: ProviderMessage[] = [];
  for (const message of input.messages) {
    const parts: ProviderContentPart[] = [];
    const toolCalls: ProviderToolCall[] = [];
    const toolResults: ProviderMessage[] = [];
    for (const block of message.blocks) {
      switch (block.kind) {
        case 'text': {
          const roleTemplate = template(message.role);
          const wrap = roleTemplate?.legacy && !fn?.schemas[message.role];
          parts.push({ type: 'text', text: wrap ? renderTemplate(roleTemplate!, { [`${message.role}_text`]: block.text }) : block.text });
          break;
        }
        case 'template': {
          const named = template(block.name);
          if (!named) throw new VariantInputError(variantName, `variant '${variantName}' has no template named '${block.name}'`);
          parts.push({ type: 'text', text: renderTemplate(named, block.arguments) });
          break;
        }
        case 'raw_text':
          parts.push({ type: 'text', text: block.value });
          break;
        case 'tool_call':
          if (message.role !== 'assistant') throw new VariantInputError(variantName, 'tool_call blocks are only allowed in assistant messages');
          toolCalls.push({ id: block.id, name: block.name, arguments: block.arguments });
          break;
        case 'tool_result':
          if (message.role !== 'user') throw new VariantInputError(variantName, 'tool_result blocks are only allowed in user messages');
          toolResults.push({ role: 'tool', toolCallId: block.id, name: block.name, content: block.result });
          break;
      }
    }
    if (message.role === 'assistant') {
      messages.push({ role: 'assistant', content: parts, ...(toolCalls.length ? { toolCalls } : {}) });
    } else {
      // Tool results must directly follow the assistant's tool calls in the chat-completions format.
      messages.push(...toolResults);
      if (parts.length > 0) messages.push({ role: 'user', content: parts });
    }
  }
  return { system, messages };
}

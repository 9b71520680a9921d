/**
 * Handlers that make the wire-format fakes answer with the simulator's content, so a whole
 * benchmark can run through "OpenAI", "Anthropic" or "Gemini": each translates the provider's
 * request into a chat-completions request for `simulateCompletion` and the simulated answer back
 * into the provider's response. A model name that is not a sim tier is simulated as `tier`.
 * Like a real model, a forced tool choice turns a JSON-object answer into that tool's call, and
 * an Anthropic JSON prefill (`{` as the last assistant turn) is continued, not repeated.
 */
import type { ChatCompletionRequest } from '../../../sim-provider/openai-wire';
import { simulateCompletion, type SimulatedCompletion } from '../../../sim-provider/simulate';
import { SIM_TIER_NAMES } from '../../../sim-provider/tiers';
import { BUILTIN_ORACLES } from '../../../workers/sim-oracles';
import { anthropicMessage } from './fake-anthropic-server';
import type { FakeHandler } from './fake-http-server';
import { chatCompletion } from './fake-openai-server';
import { geminiResponse, modelOf } from './fake-gemini-server';

export interface SimulatedReplyOptions {
  seed?: number;
  /** the sim tier for model names that are not tiers (default `medium`) */
  tier?: string;
}

type Json = Record<string, unknown>;
type ChatMessage = ChatCompletionRequest['messages'][number];

function simulate(request: Json, model: string, options: SimulatedReplyOptions): SimulatedCompletion {
  const tier = (SIM_TIER_NAMES as string[]).includes(model) ? model : (options.tier ?? 'medium');
  return simulateCompletion({ ...request, model: tier } as ChatCompletionRequest, { seed: options.seed ?? 0, oracles: BUILTIN_ORACLES });
}

/** A JSON-object answer as the forced tool's call, when the request forces one and the model answered in text. */
function forcedToolCall(completion: SimulatedCompletion, forcedTool: string | undefined): { name: string; args: Json } | undefined {
  if (!forcedTool || completion.toolCalls.length > 0 || completion.content === null) return undefined;
  try {
    const parsed: unknown = JSON.parse(completion.content);
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? { name: forcedTool, args: parsed as Json } : undefined;
  } catch {
    return undefined;
  }
}

export function simulatedOpenAiHandler(options: SimulatedReplyOptions = {}): FakeHandler {
  return (request) => {
    const body = request.body;
    const completion = simulate(body, String(body.model), options);
    const choice = body.tool_choice as { function?: { name?: string } } | undefined;
    const forced = forcedToolCall(completion, choice?.function?.name);
    const toolCalls = forced
      ? [{ id: 'call_sim_0', name: forced.name, arguments: JSON.stringify(forced.args) }]
      : completion.toolCalls.map((c) => ({ id: c.id, name: c.function.name, arguments: c.function.arguments }));
    return {
      body: chatCompletion({
        text: forced ? null : completion.content,
        toolCalls: toolCalls.length > 0 ? toolCalls : undefined,
        finishReason: forced ? 'tool_calls' : completion.finishReason,
        usage: completion.usage as unknown as Record<string, number>,
        model: String(body.model),
      }),
    };
  };
}

export function simulatedAnthropicHandler(options: SimulatedReplyOptions = {}): FakeHandler {
  return (request) => {
    const body = request.body;
    const messages: ChatMessage[] = [];
    const system = body.system;
    if (typeof system === 'string') messages.push({ role: 'system', content: system });
    if (Array.isArray(system)) messages.push({ role: 'system', content: system.map((b: Json) => String(b.text ?? '')).join('\n') });
    const wire = body.messages as { role: string; content: string | Json[] }[];
    let prefill = '';
    wire.forEach((message, index) => {
      const blocks: Json[] = typeof message.content === 'string' ? [{ type: 'text', text: message.content }] : message.content;
      const text = blocks.filter((b) => b.type === 'text').map((b) => String(b.text)).join('');
      if (message.role === 'assistant' && index === wire.length - 1) {
        prefill = text;
        return;
      }
      if (message.role === 'assistant') {
        const toolCalls = blocks
          .filter((b) => b.type === 'tool_use')
          .map((b) => ({ id: String(b.id), type: 'function', function: { name: String(b.name), arguments: JSON.stringify(b.input) } }));
        messages.push({ role: 'assistant', content: text || null, ...(toolCalls.length > 0 ? { tool_calls: toolCalls } : {}) });
        return;
      }
      for (const result of blocks.filter((b) => b.type === 'tool_result')) {
        const content = typeof result.content === 'string' ? result.content : JSON.stringify(result.content);
        messages.push({ role: 'tool', tool_call_id: String(result.tool_use_id), content });
      }
      if (text) messages.push({ role: 'user', content: text });
    });
    const format = (body.output_config as { format?: { schema?: Json } } | undefined)?.format;
    const tools = (body.tools as Json[] | undefined)?.map((t) => ({ type: 'function', function: { name: String(t.name), description: t.description, parameters: t.input_schema } }));
    const completion = simulate(
      {
        messages,
        max_tokens: body.max_tokens,
        temperature: body.temperature,
        ...(format ? { response_format: { type: 'json_schema', json_schema: { name: 'response', schema: format.schema, strict: true } } } : {}),
        ...(prefill.startsWith('{') ? { response_format: { type: 'json_object' } } : {}),
        ...(tools ? { tools } : {}),
      },
      String(body.model),
      options,
    );
    const choice = body.tool_choice as { type?: string; name?: string } | undefined;
    const forced = forcedToolCall(completion, choice?.type === 'tool' ? choice.name : undefined);
    let text = completion.content;
    if (text !== null && prefill && text.startsWith(prefill)) text = text.slice(prefill.length);
    const toolUses = forced
      ? [{ id: 'toolu_sim_0', name: forced.name, input: forced.args }]
      : completion.toolCalls.map((c) => ({ id: c.id, name: c.function.name, input: parseObject(c.function.arguments) }));
    const stopReason = toolUses.length > 0 ? 'tool_use' : completion.finishReason === 'length' ? 'max_tokens' : 'end_turn';
    return {
      body: anthropicMessage({
        text: forced ? null : text,
        toolUses,
        stopReason,
        usage: { input_tokens: completion.usage.prompt_tokens, output_tokens: completion.usage.completion_tokens },
        model: String(body.model),
      }),
    };
  };
}

export function simulatedGeminiHandler(options: SimulatedReplyOptions = {}): FakeHandler {
  return (request) => {
    const body = request.body;
    const messages: ChatMessage[] = [];
    const systemParts = (body.systemInstruction as { parts?: Json[] } | undefined)?.parts;
    if (systemParts) messages.push({ role: 'system', content: systemParts.map((p) => String(p.text ?? '')).join('\n') });
    for (const content of body.contents as { role: string; parts: Json[] }[]) {
      const text = content.parts.filter((p) => typeof p.text === 'string').map((p) => String(p.text)).join('');
      const calls = content.parts.filter((p) => p.functionCall).map((p) => p.functionCall as Json);
      const results = content.parts.filter((p) => p.functionResponse).map((p) => p.functionResponse as Json);
      if (content.role === 'model') {
        const toolCalls = calls.map((c, i) => ({ id: `call_${i}`, type: 'function', function: { name: String(c.name), arguments: JSON.stringify(c.args ?? {}) } }));
        messages.push({ role: 'assistant', content: text || null, ...(toolCalls.length > 0 ? { tool_calls: toolCalls } : {}) });
        continue;
      }
      for (const result of results) messages.push({ role: 'tool', tool_call_id: String(result.name), content: JSON.stringify(result.response) });
      if (text) messages.push({ role: 'user', content: text });
    }
    const generation = (body.generationConfig ?? {}) as Json;
    const declarations = ((body.tools as Json[] | undefined) ?? []).flatMap((t) => (t.functionDeclarations as Json[] | undefined) ?? []);
    const tools = declarations.map((d) => ({ type: 'function', function: { name: String(d.name), description: d.description, parameters: d.parameters ?? d.parametersJsonSchema } }));
    const responseFormat =
      generation.responseMimeType === 'application/json'
        ? generation.responseSchema
          ? { type: 'json_schema', json_schema: { name: 'response', schema: generation.responseSchema, strict: true } }
          : { type: 'json_object' }
        : undefined;
    const completion = simulate(
      {
        messages,
        max_tokens: generation.maxOutputTokens,
        temperature: generation.temperature,
        seed: generation.seed,
        ...(responseFormat ? { response_format: responseFormat } : {}),
        ...(tools.length > 0 ? { tools } : {}),
      },
      modelOf(request),
      options,
    );
    const config = (body.toolConfig as { functionCallingConfig?: { mode?: string; allowedFunctionNames?: string[] } } | undefined)?.functionCallingConfig;
    const forcedName = config?.mode === 'ANY' && config.allowedFunctionNames?.length === 1 ? config.allowedFunctionNames[0] : undefined;
    const forced = forcedToolCall(completion, forcedName);
    const functionCalls = forced ? [forced] : completion.toolCalls.map((c) => ({ name: c.function.name, args: parseObject(c.function.arguments) }));
    return {
      body: geminiResponse({
        text: forced ? null : completion.content,
        functionCalls: functionCalls.map((c) => ({ name: c.name, args: c.args })),
        finishReason: completion.finishReason === 'length' ? 'MAX_TOKENS' : 'STOP',
        usage: { promptTokenCount: completion.usage.prompt_tokens, candidatesTokenCount: completion.usage.completion_tokens },
        model: modelOf(request),
      }),
    };
  };
}

function parseObject(text: string): Json {
  try {
    const parsed: unknown = JSON.parse(text);
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Json) : {};
  } catch {
    return {};
  }
}

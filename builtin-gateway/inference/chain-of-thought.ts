/**
 * `experimental_chain_of_thought` (json functions only; deprecated by TensorZero in 2026.2):
 * the model answers `{"thinking": …, "response": <the function's output>}` and `response` is the
 * output (`raw` its compact JSON). Output that is not such an object gives `parsed: null` with
 * the model's text as `raw`, like any unreadable json answer.
 */
import type { GatewayContext } from '../gateway-context';
import { createSchemaCompiler } from '../json-schema/schema-compiler';
import { runVariant, type VariantOutcome, type VariantRun } from './run-variant';

const compile = createSchemaCompiler();

export async function runChainOfThought(ctx: GatewayContext, run: VariantRun): Promise<VariantOutcome> {
  const functionSchema = run.outputSchema;
  if (!functionSchema) throw new Error('chain-of-thought variants serve json functions only (checked when the config loads)');
  const wrapped = {
    type: 'object',
    properties: {
      thinking: { type: 'string', description: 'The reasoning that leads to the answer, step by step.' },
      response: functionSchema.schema,
    },
    required: ['thinking', 'response'],
    additionalProperties: false,
  };
  const outcome = await runVariant(ctx, { ...run, outputSchema: { schema: wrapped, validate: compile(wrapped) } });
  const whole = outcome.output?.parsed ?? parseObject(outcome.output?.raw ?? null);
  if (!whole || !('response' in whole)) return { ...outcome, output: { raw: outcome.output?.raw ?? null, parsed: null } };
  const raw = JSON.stringify(whole.response);
  const parsed = functionSchema.validate(whole.response) ? (whole.response as Record<string, unknown>) : null;
  return { ...outcome, output: { raw, parsed } };
}

function parseObject(text: string | null): Record<string, unknown> | null {
  if (text === null) return null;
  try {
    const value: unknown = JSON.parse(text);
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

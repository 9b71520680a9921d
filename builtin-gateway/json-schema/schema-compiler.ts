import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import Ajv2020 from 'ajv/dist/2020';

export type CompileJsonSchema = (schema: Record<string, unknown>) => ValidateFunction;

/**
 * A JSON Schema compiler (draft-07 by default, 2020-12 when the schema says so). Unknown
 * keywords and formats are tolerated, as TensorZero's validator tolerates them; schemas
 * with the same `$id` in different files do not clash.
 */
export function createSchemaCompiler(): CompileJsonSchema {
  const options = { strict: false, allErrors: true, validateFormats: false, addUsedSchema: false } as const;
  let draft07: Ajv | undefined;
  let draft2020: Ajv2020 | undefined;
  return (schema) => {
    const dialect = typeof schema.$schema === 'string' ? schema.$schema : '';
    if (dialect.includes('2020-12') || dialect.includes('2019-09')) {
      draft2020 ??= new Ajv2020(options);
      return draft2020.compile(schema);
    }
    draft07 ??= new Ajv(options);
    return draft07.compile(schema);
  };
}

/** Ajv errors as one readable line: `/entities/0: must be string; …`. */
export function describeSchemaErrors(errors: ErrorObject[] | null | undefined): string {
  if (!errors || errors.length === 0) return 'does not match the schema';
  return errors
    .slice(0, 5)
    .map((e) => `${e.instancePath || '(root)'}: ${e.message ?? e.keyword}${e.keyword === 'additionalProperties' ? ` (${String((e.params as { additionalProperty?: string }).additionalProperty)})` : ''}`)
    .join('; ');
}

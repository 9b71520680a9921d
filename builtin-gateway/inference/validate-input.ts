import type { FunctionConfig } from '../config/types';
import { badRequest } from '../http/http-error';
import { describeSchemaErrors } from '../json-schema/schema-compiler';
import type { NormalisedInput } from './normalise-input';

/**
 * Checks template arguments against the function's schemas before any variant runs (so a
 * bad request is a 400, not a variant failure): `input.system` against the system schema,
 * each template block against the schema of the same name. Plain text for a role that has
 * a schema is rejected.
 */
export function validateInputAgainstSchemas(fn: FunctionConfig, input: NormalisedInput): void {
  const systemSchema = fn.schemas.system;
  if (systemSchema) {
    if (typeof input.system === 'string') {
      throw badRequest(`function '${fn.name}' has a system schema: input.system must be an object of template arguments, not a string`);
    }
    const args = input.system ?? {};
    if (!systemSchema.validate(args)) {
      throw badRequest(`input.system does not match the system schema of function '${fn.name}': ${describeSchemaErrors(systemSchema.validate.errors)}`);
    }
  }
  input.messages.forEach((message, m) => {
    message.blocks.forEach((block, b) => {
      const where = `input.messages[${m}].content[${b}]`;
      if (block.kind === 'text' && fn.schemas[message.role]) {
        throw badRequest(
          `${where}: function '${fn.name}' has a ${message.role} schema, so ${message.role} text must be sent as template arguments ({"type": "template", "name": "${message.role}", "arguments": {…}})`,
        );
      }
      if (block.kind === 'template') {
        const schema = fn.schemas[block.name];
        if (schema && !schema.validate(block.arguments)) {
          throw badRequest(`${where}: arguments do not match the '${block.name}' schema of function '${fn.name}': ${describeSchemaErrors(schema.validate.errors)}`);
        }
      }
    });
  });
}

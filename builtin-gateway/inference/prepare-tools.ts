import type { ValidateFunction } from 'ajv';
import type { ProviderTool, ProviderToolChoice } from '../../providers/types';
import type { FunctionConfig, GatewayConfig } from '../config/types';
import { badRequest } from '../http/http-error';
import { createSchemaCompiler } from '../json-schema/schema-compiler';
import type { InferenceRequestBody } from './request-schema';

/** The tools offered to the model for one request, and how to validate calls to them. */
export interface PreparedTools {
  tools: ProviderTool[];
  toolChoice?: ProviderToolChoice;
  parallelToolCalls?: boolean;
  /** by the name the model sees */
  validators: Map<string, ValidateFunction>;
}

/**
 * Function tools (restricted by `allowed_tools`) plus the request's `additional_tools`, with
 * `tool_choice` / `parallel_tool_calls` from the request or else the function.
 */
export function prepareTools(fn: FunctionConfig | undefined, config: GatewayConfig, body: InferenceRequestBody): PreparedTools {
  const tools: ProviderTool[] = [];
  const validators = new Map<string, ValidateFunction>();
  const staticKeys = body.allowed_tools ?? fn?.tools ?? [];
  const dynamicNames = new Set((body.additional_tools ?? []).map((t) => t.name));
  for (const key of staticKeys) {
    const tool = config.tools[key];
    if (!tool) {
      if (dynamicNames.has(key)) continue;
      throw badRequest(`allowed_tools names '${key}', which is not a configured tool`);
    }
    tools.push({ name: tool.name, description: tool.description, parameters: tool.parameters.schema, ...(tool.strict ? { strict: true } : {}) });
    validators.set(tool.name, tool.parameters.validate);
  }
  if (body.additional_tools?.length) {
    const compile = createSchemaCompiler();
    for (const tool of body.additional_tools) {
      let validate: ValidateFunction;
      try {
        validate = compile(tool.parameters);
      } catch (err) {
        throw badRequest(`additional_tools '${tool.name}': parameters is not a valid JSON Schema: ${(err as Error).message}`);
      }
      tools.push({ name: tool.name, description: tool.description, parameters: tool.parameters, ...(tool.strict !== undefined ? { strict: tool.strict } : {}) });
      validators.set(tool.name, validate);
    }
  }
  const choice = body.tool_choice ?? fn?.toolChoice ?? 'auto';
  let toolChoice: ProviderToolChoice = choice;
  if (typeof choice === 'object') {
    // checked even when no tool is left (e.g. `allowed_tools: []`): a specific choice needs its tool
    const target = config.tools[choice.specific]?.name ?? choice.specific;
    if (!validators.has(target)) throw badRequest(`tool_choice names '${choice.specific}', which is not among the tools offered`);
    toolChoice = { specific: target };
  }
  if (tools.length === 0) return { tools, validators };
  return { tools, toolChoice, parallelToolCalls: body.parallel_tool_calls ?? fn?.parallelToolCalls, validators };
}

import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { stringify } from 'smol-toml';
import type { EnvironmentSpec, FunctionSpec, JsonSchema } from '../environments/types';
import { makeSiblingDir, removeDir, swapDirectory } from './dir-swap';
import { T0ConfigError } from './errors';
import { unsafePathComponentProblem } from './safe-path';
import { INITIAL_VARIANT_NAME, t0FunctionDir, t0FunctionName } from './t0-names';

/**
 * Generates the baseline TensorZero config of an environment (reference/original-harness.md
 * §5.1, llmgym-envs.md §2.1–2.2): one function per env function with a single `initial`
 * variant on the initial model, schemas and example templates as files, metrics and tools.
 * The environment's auxiliary (helper) functions get the same layout on their own model.
 */

export interface GenerateT0ConfigOptions {
  spec: EnvironmentSpec;
  /** `provider::model`, e.g. `sim::small` */
  initialModel: string;
  /** set as `description` on every agent function when non-empty (helper functions get their own) */
  functionDescription?: string | null;
  /** the config directory to (re)create, conventionally `<work dir>/config` */
  outDir: string;
}

export interface T0ConfigLocation {
  configDir: string;
  /** `<configDir>/tensorzero.toml` */
  configFile: string;
  /** `<configDir>/**\/*.toml`, what TensorZero's `--config-file` and the edit applier take */
  configGlob: string;
}

type TomlTable = Record<string, unknown>;

const ROLES = ['system', 'user', 'assistant'] as const;
type Role = (typeof ROLES)[number];

/** A file of the generated config, relative to its root. */
interface ConfigFile { relPath: string; content: string }

export async function generateT0Config(options: GenerateT0ConfigOptions): Promise<T0ConfigLocation> {
  const configDir = path.resolve(options.outDir);
  const { toml, files } = buildT0Config(options);

  // Built next to the target and swapped in, so a crash never leaves a half-written config.
  const staging = await makeSiblingDir(configDir, 'staging');
  try {
    for (const file of [...files, { relPath: 'tensorzero.toml', content: toml }]) {
      const abs = path.join(staging, file.relPath);
      await fs.mkdir(path.dirname(abs), { recursive: true });
      await fs.writeFile(abs, file.content);
    }
    await swapDirectory(staging, configDir);
  } catch (err) {
    await removeDir(staging);
    throw err;
  }
  return {
    configDir,
    configFile: path.join(configDir, 'tensorzero.toml'),
    configGlob: path.join(configDir, '**', '*.toml'),
  };
}

/** The TOML text and the files it references; pure, so it is easy to test. */
export function buildT0Config(options: GenerateT0ConfigOptions): { toml: string; files: ConfigFile[] } {
  const { spec, initialModel } = options;
  const description = options.functionDescription ? options.functionDescription : null;
  const files: ConfigFile[] = [];
  const functions: TomlTable = {};

  for (const [fnName, fnSpec] of Object.entries(spec.functions)) {
    const dir = t0FunctionDir(spec.name, fnName);
    checkComponent(spec.name, `functions.${fnName}`, dir.slice('functions/'.length));
    functions[t0FunctionName(spec.name, fnName)] = buildFunction(spec, fnName, fnSpec, dir, initialModel, description, files);
  }

  // Helper functions the environment calls itself (e.g. 21 Questions' answerer): same layout, but
  // on their own model, and described as helpers (the configured description is the agent's).
  for (const [fnName, { model, ...fnSpec }] of Object.entries(spec.auxiliaryFunctions ?? {})) {
    const name = t0FunctionName(spec.name, fnName);
    if (functions[name]) throw new T0ConfigError(spec.name, `auxiliaryFunctions.${fnName}`, `'${name}' is also an agent function`);
    const dir = t0FunctionDir(spec.name, fnName);
    checkComponent(spec.name, `auxiliaryFunctions.${fnName}`, dir.slice('functions/'.length));
    functions[name] = buildFunction(spec, fnName, fnSpec, dir, model, auxiliaryDescription(spec.name), files);
  }

  const metrics: TomlTable = {};
  for (const [name, metric] of Object.entries(spec.metrics)) {
    metrics[name] = { type: metric.type, optimize: metric.optimize, level: metric.level };
  }

  const tools: TomlTable = {};
  for (const [key, tool] of Object.entries(spec.tools)) {
    checkComponent(spec.name, `tools.${key}`, key);
    const relPath = `tools/${key}.json`;
    files.push({ relPath, content: jsonFile(tool.parameters) });
    tools[key] = { description: tool.description, parameters: relPath };
  }

  const doc: TomlTable = {
    // The original's post-processing; the built-in gateway ignores the backend.
    gateway: { observability: { backend: 'postgres' } },
    functions,
    metrics,
  };
  if (Object.keys(tools).length > 0) doc.tools = tools;
  return { toml: stringify(doc), files };
}

function buildFunction(
  spec: EnvironmentSpec,
  fnName: string,
  fnSpec: FunctionSpec,
  dir: string,
  initialModel: string,
  description: string | null,
  files: ConfigFile[],
): TomlTable {
  const fn: TomlTable = { type: fnSpec.type };
  if (description) fn.description = description;

  const schemas: Record<Role, JsonSchema | null | undefined> = {
    system: fnSpec.systemSchema,
    user: fnSpec.userSchema,
    assistant: fnSpec.assistantSchema,
  };
  for (const role of ROLES) {
    const schema = schemas[role];
    if (!schema) continue;
    const relPath = `${dir}/${role}_schema.json`;
    files.push({ relPath, content: jsonFile(schema) });
    fn[`${role}_schema`] = relPath;
  }

  if (fnSpec.type === 'json') {
    if (fnSpec.outputSchema) {
      const relPath = `${dir}/output_schema.json`;
      files.push({ relPath, content: jsonFile(fnSpec.outputSchema) });
      fn.output_schema = relPath;
    }
  } else {
    const toolNames = fnSpec.toolsAvailable ?? [];
    for (const tool of toolNames) {
      if (!spec.tools[tool]) throw new T0ConfigError(spec.name, `functions.${fnName}.toolsAvailable`, `names unknown tool '${tool}'`);
    }
    if (toolNames.length > 0) fn.tools = [...toolNames];
    if (fnSpec.toolChoice) fn.tool_choice = fnSpec.toolChoice;
    if (fnSpec.parallelTools !== undefined) fn.parallel_tool_calls = fnSpec.parallelTools;
  }

  const variant: TomlTable = { type: 'chat_completion', model: initialModel };
  const templates: Record<Role, string | null | undefined> = {
    system: fnSpec.exampleSystemTemplate,
    user: fnSpec.exampleUserTemplate,
    assistant: fnSpec.exampleAssistantTemplate,
  };
  for (const role of ROLES) {
    const template = templates[role];
    if (template == null) {
      // TensorZero rejects a role schema without a template in the variant.
      if (schemas[role]) throw new T0ConfigError(spec.name, `functions.${fnName}`, `has a ${role} schema but no example ${role} template`);
      continue;
    }
    const relPath = `${dir}/${INITIAL_VARIANT_NAME}/${role}_template.minijinja`;
    files.push({ relPath, content: template });
    variant[`${role}_template`] = relPath;
  }
  if (fnSpec.type === 'json') variant.json_mode = 'strict';

  fn.variants = { [INITIAL_VARIANT_NAME]: variant };
  return fn;
}

/** Tells a reader of the config (and an autopilot) that this function is not the one under test. */
/** How every environment helper function's description starts; optimisers use it to leave helpers alone. */
export const HELPER_FUNCTION_DESCRIPTION_PREFIX = 'Helper function called by the ';

export function auxiliaryDescription(envName: string): string {
  return `${HELPER_FUNCTION_DESCRIPTION_PREFIX}${envName} environment itself, not by the agent under test.`;
}

function checkComponent(envName: string, keyPath: string, name: string): void {
  const problem = unsafePathComponentProblem(name);
  if (problem) throw new T0ConfigError(envName, keyPath, `name '${name}' ${problem}`);
}

function jsonFile(value: unknown): string {
  return JSON.stringify(value, null, 2) + '\n';
}

/**
 * Names of the generated TensorZero config (reference/llmgym-envs.md §2.1): the function
 * `<env>::<fn>` with '-' → '_' in the function part, stored on disk as `<env>__<fn>`.
 */

/** The TensorZero function name of an llmgym function, e.g. `ner_conllpp_v0::extract_entities`. */
export function t0FunctionName(envName: string, llmgymFunctionName: string): string {
  return `${envName}::${llmgymFunctionName.replace(/-/g, '_')}`;
}

/** The directory (relative to the config root) holding a generated function's files. */
export function t0FunctionDir(envName: string, llmgymFunctionName: string): string {
  return `functions/${t0FunctionName(envName, llmgymFunctionName).split('::').join('__')}`;
}

/** The only variant the baseline config has. */
export const INITIAL_VARIANT_NAME = 'initial';

/** Read helpers over the config JSON: templates and schemas in either spelling TensorZero accepts. */
import type { JsonSchema } from '../../../environments/types';
import { isRemappedFile, type FunctionConfig, type RemappedFile, type VariantConfig } from './config-types';

export type TemplateRole = 'system' | 'user' | 'assistant';

/** True when the variant declares templates new-style (`templates.<name>.path`). */
export function usesNewStyleTemplates(variant: VariantConfig): boolean {
  return typeof variant.templates === 'object' && variant.templates !== null;
}

/** The inline file of a role's template: legacy `<role>_template` or new-style `templates.<role>.path`. */
export function roleTemplateFile(variant: VariantConfig, role: TemplateRole): RemappedFile | null {
  const legacy = variant[`${role}_template`];
  if (isRemappedFile(legacy)) return legacy;
  const templates = variant.templates as Record<string, { path?: unknown }> | undefined;
  const path = templates?.[role]?.path;
  return isRemappedFile(path) ? path : null;
}

export function systemTemplateText(variant: VariantConfig): string | null {
  return roleTemplateFile(variant, 'system')?.__data ?? null;
}

/** The output schema of a json function, whether carried as a file object or already parsed. */
export function outputSchemaOf(fn: FunctionConfig): JsonSchema | null {
  const raw = fn.output_schema;
  if (isRemappedFile(raw)) {
    try {
      const parsed: unknown = JSON.parse(raw.__data);
      return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as JsonSchema) : null;
    } catch {
      return null;
    }
  }
  if (raw && typeof raw === 'object' && !Array.isArray(raw)) return raw as JsonSchema;
  return null;
}

/** Variants that can serve as a prompt base: plain chat completions with a model. */
export function isChatCompletionVariant(variant: VariantConfig): variant is VariantConfig & { model: string } {
  return variant.type === 'chat_completion' && typeof variant.model === 'string';
}

/** Candidate variants of an existing experimentation section, if it names any. */
export function experimentationCandidates(fn: FunctionConfig): string[] {
  const exp = fn.experimentation as { candidate_variants?: unknown } | undefined;
  const candidates = exp?.candidate_variants;
  if (Array.isArray(candidates)) return candidates.filter((c): c is string => typeof c === 'string');
  if (candidates && typeof candidates === 'object') return Object.keys(candidates);
  return [];
}

/**
 * `internal_dynamic_variant_config` of `POST /inference` (reference/tensorzero.md §1.2): a variant
 * object sent with the request — the same shape `upsert_variant` carries, template files inline as
 * `{__tensorzero_remapped_path, __data}` — that is validated and rendered exactly like a deployed
 * variant of the function, for one dry-run inference. The built-in autopilot scores candidates
 * this way before it proposes them.
 */
import * as path from 'node:path';
import type { ZodError } from 'zod';
import { ConfigFileRef } from '../config/config-file-ref';
import { REMAPPED_DATA_KEY, REMAPPED_PATH_KEY } from '../config/file-fields';
import { formatKeyPath, type KeyPath } from '../config/key-path';
import { normaliseVariant } from '../config/normalise-variant';
import { rawChatCompletionVariantSchema } from '../config/raw-schema';
import type { FunctionConfig, GatewayConfig } from '../config/types';
import { badRequest } from '../http/http-error';
import { createSchemaCompiler } from '../json-schema/schema-compiler';
import { createTemplateEnvironment } from '../templates/template-environment';
import type { InferenceRequestBody } from './request-schema';

/** The name the dynamic variant runs (and is reported) under. */
export const DYNAMIC_VARIANT_NAME = 'tensorzero::dynamic_variant';

const FIELD = 'internal_dynamic_variant_config';
const LEGACY_TEMPLATE_KEYS = ['system_template', 'user_template', 'assistant_template'];

/** Request-level rules: only with `function_name`, only with `dryrun: true`, never with a pinned variant. */
export function checkDynamicVariantRequest(body: InferenceRequestBody): void {
  if (body.internal_dynamic_variant_config === undefined) return;
  if (body.dryrun !== true) throw badRequest(`${FIELD} requires dryrun = true`);
  if (body.function_name === undefined) throw badRequest(`${FIELD} requires function_name`);
  if (body.variant_name !== undefined) throw badRequest(`${FIELD} cannot be combined with variant_name`);
}

/** An inline file object as a loaded file; a plain path is refused (a request may not read the gateway's disk). */
function inlineFile(value: unknown, keyPath: KeyPath, configDir: string): ConfigFileRef {
  const record = value as Record<string, unknown> | null;
  const ok =
    record !== null &&
    typeof record === 'object' &&
    Object.keys(record).length === 2 &&
    typeof record[REMAPPED_PATH_KEY] === 'string' &&
    typeof record[REMAPPED_DATA_KEY] === 'string';
  if (!ok) {
    throw badRequest(
      `${formatKeyPath([FIELD, ...keyPath])}: expected an inline file {${REMAPPED_PATH_KEY}, ${REMAPPED_DATA_KEY}}, got ${JSON.stringify(value)?.slice(0, 120)}`,
    );
  }
  const relative = record[REMAPPED_PATH_KEY] as string;
  return new ConfigFileRef(path.resolve(configDir, relative), relative, record[REMAPPED_DATA_KEY] as string);
}

function withLoadedFiles(raw: Record<string, unknown>, configDir: string): Record<string, unknown> {
  const out: Record<string, unknown> = { ...raw };
  for (const key of LEGACY_TEMPLATE_KEYS) if (out[key] !== undefined) out[key] = inlineFile(out[key], [key], configDir);
  if (out.templates && typeof out.templates === 'object' && !Array.isArray(out.templates)) {
    const templates: Record<string, unknown> = {};
    for (const [name, entry] of Object.entries(out.templates as Record<string, unknown>)) {
      const e = entry as Record<string, unknown> | null;
      templates[name] = e && typeof e === 'object' && 'path' in e ? { ...e, path: inlineFile(e.path, ['templates', name, 'path'], configDir) } : entry;
    }
    out.templates = templates;
  }
  return out;
}

function zodProblem(error: ZodError): string {
  return error.issues
    .map((issue) => {
      const keyPath = formatKeyPath([FIELD, ...(issue.path as (string | number)[])]);
      return issue.code === 'unrecognized_keys' ? issue.keys.map((k) => `${keyPath}.${k}: unknown key`).join('; ') : `${keyPath}: ${issue.message}`;
    })
    .join('; ');
}

/**
 * The function with the request's dynamic variant as its only variant, and the request pinned to
 * it. Invalid variants (unknown model, template syntax, missing templates for the function's
 * schemas, wrong json_mode) are 400s naming the key path.
 */
export function withDynamicVariant(
  config: GatewayConfig,
  fn: FunctionConfig,
  body: InferenceRequestBody,
): { fn: FunctionConfig; body: InferenceRequestBody } {
  const raw = body.internal_dynamic_variant_config;
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) throw badRequest(`${FIELD} must be a variant object`);
  const parsed = rawChatCompletionVariantSchema.safeParse(withLoadedFiles(raw as Record<string, unknown>, config.configDir));
  if (!parsed.success) throw badRequest(zodProblem(parsed.error));
  const fail = (keyPath: KeyPath, problem: string): never => {
    throw badRequest(`${formatKeyPath([FIELD, ...keyPath])}: ${problem}`);
  };
  const variant = normaliseVariant(DYNAMIC_VARIANT_NAME, parsed.data, fn.type, Object.keys(fn.schemas), [], {
    compileSchema: createSchemaCompiler(),
    templateEnv: createTemplateEnvironment({ baseDir: config.gateway.templateBaseDir }),
    metrics: config.metrics,
    tools: config.tools,
    models: config.models,
    fail,
    failZod: (keyPath: KeyPath, error: ZodError) => fail(keyPath, zodProblem(error)),
  });
  return {
    fn: { ...fn, variants: { [DYNAMIC_VARIANT_NAME]: variant } },
    body: { ...body, variant_name: DYNAMIC_VARIANT_NAME },
  };
}

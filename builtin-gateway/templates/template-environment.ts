import * as nunjucks from 'nunjucks';

// Jinja2 spellings MiniJinja templates use (`True`, `dict.items()`, slices); a global patch of nunjucks' runtime.
nunjucks.installJinjaCompat();

// MiniJinja's strict undefined rejects only *undefined* values: a supplied `null` (JSON null
// argument, Jinja `none`) prints as "none". nunjucks' throwOnUndefined rejects both, so the
// output check is replaced (compiled templates call it as `runtime.ensureDefined`).
const runtime = (nunjucks as unknown as { runtime: { ensureDefined: (value: unknown, line: number, col: number) => unknown } }).runtime;
const rejectNullAndUndefined = runtime.ensureDefined;
runtime.ensureDefined = (value, line, col) => (value === null ? 'none' : rejectNullAndUndefined(value, line, col));

export interface TemplateEnvironmentOptions {
  /** `gateway.template_filesystem_access.base_path`: enables `{% include %}` confined to this directory */
  baseDir?: string;
}

/**
 * A nunjucks environment configured like MiniJinja in TensorZero: strict undefined
 * (outputting a missing variable is an error), no HTML autoescaping, and the `tojson` filter.
 */
export function createTemplateEnvironment(options: TemplateEnvironmentOptions = {}): nunjucks.Environment {
  const loader = options.baseDir ? new nunjucks.FileSystemLoader(options.baseDir, { noCache: true }) : null;
  const env = new nunjucks.Environment(loader, { autoescape: false, throwOnUndefined: true });
  env.addFilter('tojson', (value: unknown, indent?: number) => JSON.stringify(value, null, indent));
  return env;
}

/** Raised when a template does not parse. */
export class TemplateSyntaxError extends Error {
  override name = 'TemplateSyntaxError';
  constructor(readonly file: string, detail: string) {
    super(`template ${file} does not parse: ${detail}`);
  }
}

/**
 * Compiles a template eagerly so syntax errors surface at config load. Like Jinja, a single
 * trailing newline of the source is dropped.
 */
export function compileTemplate(env: nunjucks.Environment, source: string, file: string): nunjucks.Template {
  const trimmed = source.replace(/\r?\n$/, '');
  try {
    return new nunjucks.Template(trimmed, env, file, true);
  } catch (err) {
    throw new TemplateSyntaxError(file, cleanNunjucksMessage(err));
  }
}

/** nunjucks prefixes messages with the path and wraps lines; keep the useful part. */
export function cleanNunjucksMessage(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  return message.replace(/^Template render error: /, '').replace(/\n\s*/g, ' ').trim();
}

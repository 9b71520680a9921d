import type { VariantTemplate } from '../config/types';
import { cleanNunjucksMessage } from './template-environment';

/** A template failed to render (e.g. it uses a variable the request did not supply). */
export class TemplateRenderError extends Error {
  override name = 'TemplateRenderError';
  constructor(
    readonly templateName: string,
    readonly file: string,
    readonly detail: string,
  ) {
    super(`failed to render template '${templateName}' (${file}): ${detail}`);
  }
}

/** Renders a variant template with `context` as its variables. */
export function renderTemplate(template: VariantTemplate, context: Record<string, unknown>): string {
  try {
    return template.compiled.render(context);
  } catch (err) {
    throw new TemplateRenderError(template.name, template.file.relativePath, explain(err, template.file.contents));
  }
}

/** nunjucks reports "attempted to output null or undefined value" with a position; quote the expression there. */
function explain(err: unknown, source: string): string {
  const message = cleanNunjucksMessage(err);
  const position = /\[Line (\d+), Column (\d+)\]/.exec(message);
  if (!/undefined value/.test(message) || !position) return message;
  const line = source.split(/\r?\n/)[Number(position[1]) - 1] ?? '';
  const start = line.lastIndexOf('{{', Number(position[2]));
  const end = line.indexOf('}}', Math.max(start, 0));
  const expression = start >= 0 && end > start ? line.slice(start, end + 2) : undefined;
  return expression
    ? `undefined variable in ${expression} at line ${position[1]} (strict undefined: every variable must be supplied)`
    : message;
}

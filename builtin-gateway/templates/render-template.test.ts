import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ConfigFileRef } from '../config/config-file-ref';
import type { VariantTemplate } from '../config/types';
import { renderTemplate, TemplateRenderError } from './render-template';
import { compileTemplate, createTemplateEnvironment, TemplateSyntaxError } from './template-environment';

function template(source: string, options: { baseDir?: string } = {}): VariantTemplate {
  const file = new ConfigFileRef('/cfg/user.minijinja', 'functions/f/v/user.minijinja', source);
  return { name: 'user', file, compiled: compileTemplate(createTemplateEnvironment(options), source, file.relativePath), legacy: false };
}

describe('MiniJinja-style templates', () => {
  it('substitutes schema arguments without HTML escaping and drops one trailing newline', () => {
    expect(renderTemplate(template('Ticket: {{ text }} <{{ product }}>\n'), { text: 'a & b', product: '"x"' })).toBe('Ticket: a & b <"x">');
  });

  it('fails on an undefined variable, naming the template, its file and the expression', () => {
    const t = template('Hello\n  {{ name }} and {{ missing }}');
    let error: unknown;
    try {
      renderTemplate(t, { name: 'Ada' });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(TemplateRenderError);
    const renderError = error as TemplateRenderError;
    expect(renderError.name).toBe('TemplateRenderError');
    expect(renderError.templateName).toBe('user');
    expect(renderError.file).toBe('functions/f/v/user.minijinja');
    expect(renderError.message).toContain('{{ missing }}');
    expect(renderError.message).toContain('line 2');
  });

  it('supports Jinja idioms: default, loops over items(), tojson, True/None', () => {
    const t = template('{{ product | default("unknown") }};{% for k, v in d.items() %}{{ k }}={{ v }},{% endfor %};{{ obj | tojson }};{% if flag == True %}yes{% endif %}');
    expect(renderTemplate(t, { d: { a: 1, b: 2 }, obj: { x: [1] }, flag: true })).toBe('unknown;a=1,b=2,;{"x":[1]};yes');
  });

  it('prints a supplied null as "none" (MiniJinja) but still rejects a missing variable', () => {
    expect(renderTemplate(template('[{{ hint }}]'), { hint: null })).toBe('[none]');
    expect(() => renderTemplate(template('[{{ hint }}]'), {})).toThrow(TemplateRenderError);
  });

  it('supports the MiniJinja features shipped and autopilot-written templates use', () => {
    const t = template(
      '{% raw %}{{ literal }}{% endraw %}|{%- for x in xs -%}{{ loop.index }}:{{ x }}{% if not loop.last %}, {% endif %}{%- endfor %}|' +
        '{{ xs | length }}|{{ xs | join("/") }}|{% if y is defined %}D{% else %}U{% endif %}|{{ "a" ~ s }}|{# note #}{% set z = 3 %}{{ z }}',
    );
    expect(renderTemplate(t, { xs: ['a', 'b'], s: 'b' })).toBe('{{ literal }}|1:a, 2:b|2|a/b|U|ab|3');
  });

  it('renders a legacy wrapper with user_text', () => {
    expect(renderTemplate(template('Answer concisely.\n{{ user_text }}'), { user_text: 'Why?' })).toBe('Answer concisely.\nWhy?');
  });

  it('rejects templates that do not parse', () => {
    expect(() => compileTemplate(createTemplateEnvironment(), '{% for %}', 'bad.minijinja')).toThrow(TemplateSyntaxError);
  });

  it('resolves {% include %} only inside template_filesystem_access.base_path', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'templates-'));
    try {
      writeFileSync(path.join(dir, 'part.minijinja'), 'included {{ x }}');
      expect(renderTemplate(template('[{% include "part.minijinja" %}]', { baseDir: dir }), { x: 1 })).toBe('[included 1]');
      expect(() => renderTemplate(template('[{% include "part.minijinja" %}]'), { x: 1 })).toThrow(TemplateRenderError);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

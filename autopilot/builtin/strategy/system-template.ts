/**
 * A candidate's system template: the base variant's template with the guidance this autopilot
 * adds (format instructions, further instructions such as chain of thought, worked examples) appended after a marker. The marker is a template
 * comment, so it never reaches the model, and it lets a later session strip earlier guidance
 * before adding its own instead of stacking it.
 */
import type { WorkedExample } from './few-shot-selection';

export const GENERATED_GUIDANCE_MARKER = '{# builtin-autopilot: generated guidance below #}';

/** The template without guidance an earlier session appended. */
export function stripGeneratedGuidance(template: string): string {
  const at = template.indexOf(GENERATED_GUIDANCE_MARKER);
  return (at === -1 ? template : template.slice(0, at)).trimEnd();
}

function examplesSection(examples: WorkedExample[]): string {
  if (examples.length === 0) return '';
  const blocks = examples.map((e, i) => `Example ${i + 1}\nInput:\n${e.inputText}\nOutput:\n${e.outputText}`);
  return `Worked examples (inputs with correct outputs):\n\n${blocks.join('\n\n')}`;
}

// Example text is data, not template code: anything that looks like template syntax is
// wrapped in a raw block so the gateway prints it verbatim.
const TEMPLATE_SYNTAX = /\{\{|\{%|\{#/;

export interface CandidateTemplateOptions {
  baseTemplate: string | null;
  formatInstructions: string;
  /** further instruction paragraphs, after the format instructions (e.g. chain of thought) */
  extraInstructions?: string[];
  examples: WorkedExample[];
}

export function buildCandidateSystemTemplate(options: CandidateTemplateOptions): string {
  const base = stripGeneratedGuidance(options.baseTemplate ?? '');
  const guidance = [options.formatInstructions, ...(options.extraInstructions ?? []), examplesSection(options.examples)]
    .filter(Boolean)
    .join('\n\n');
  if (!guidance) return base;
  const body = TEMPLATE_SYNTAX.test(guidance) ? `{% raw %}${guidance}{% endraw %}` : guidance;
  return [base, `${GENERATED_GUIDANCE_MARKER}\n${body}`].filter(Boolean).join('\n\n') + '\n';
}

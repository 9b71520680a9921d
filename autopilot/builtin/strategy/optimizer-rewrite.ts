/**
 * A system template rewritten by an optimiser model (in the spirit of MIPROv2's instruction
 * proposals and GEPA's reflective rewrites): a meta-prompt shows the current template, the output
 * schema, the analysis, successful and failed examples; the model returns a complete new template
 * between markers; the result is validated (non-empty, every `{{ variable }}` of the base kept,
 * balanced template tags, bounded length) and discarded when unusable.
 */
import type { FunctionConfig } from './config-types';
import { candidateRegistry, makeCandidate, registerCandidates, type CandidateVariant } from './candidate-planning';
import type { WorkedExample } from './few-shot-selection';
import {
  CURRENT_TEMPLATE_END,
  CURRENT_TEMPLATE_START,
  NEW_TEMPLATE_END,
  NEW_TEMPLATE_START,
  OUTPUT_SCHEMA_END,
  OUTPUT_SCHEMA_START,
  REWRITE_ROLE_LINE,
  templateVariables,
  textBetween,
} from './rewrite-protocol';
import { GENERATED_GUIDANCE_MARKER, stripGeneratedGuidance } from './system-template';

export interface RewriteInferenceRequest {
  modelName: string;
  system: string;
  user: string;
}

export interface RewriteSystemTemplateInput {
  functionName: string;
  functionType: 'chat' | 'json';
  baseTemplate: string;
  outputSchema: unknown;
  successes: WorkedExample[];
  failures: WorkedExample[];
  analysisSummary: string;
  optimizerModel: string;
  /** one model call; resolves to the reply text (throwing is treated as "no rewrite") */
  infer: (req: RewriteInferenceRequest) => Promise<string>;
}

/** Examples shown per kind, and characters per example side, to keep the meta-prompt bounded. */
const MAX_EXAMPLES = 4;
const MAX_EXAMPLE_CHARS = 600;
/** A rewrite may grow the template by this factor plus this many characters, no more. */
const GROWTH_FACTOR = 4;
const GROWTH_SLACK = 4000;
const MIN_TEMPLATE_CHARS = 20;

function clip(text: string): string {
  return text.length <= MAX_EXAMPLE_CHARS ? text : `${text.slice(0, MAX_EXAMPLE_CHARS)}…`;
}

function examplesBlock(title: string, examples: WorkedExample[]): string {
  if (examples.length === 0) return `${title}: none.`;
  const blocks = examples.slice(0, MAX_EXAMPLES).map((e, i) => `${title} ${i + 1}\nInput:\n${clip(e.inputText)}\nOutput:\n${clip(e.outputText)}`);
  return blocks.join('\n\n');
}

/** The optimiser's system and user messages. */
export function buildRewriteMetaPrompt(input: Omit<RewriteSystemTemplateInput, 'infer' | 'optimizerModel'>): { system: string; user: string } {
  const base = stripGeneratedGuidance(input.baseTemplate);
  const variables = [...templateVariables(base)].map((v) => `{{ ${v} }}`);
  const system = [
    REWRITE_ROLE_LINE,
    'You rewrite the system prompt template of one function so that the model answering it makes fewer mistakes.',
    'Rules:',
    `- Keep every template variable exactly as written${variables.length > 0 ? ` (${variables.join(', ')})` : ''}; they are filled in at run time.`,
    '- Keep the output format the application parses; make it more explicit, never change it.',
    '- Address the failure patterns you see: add clear, general instructions, not answers to the examples.',
    '- Keep it concise; do not copy the examples into the template.',
    `- Reply with the complete new template between a line ${NEW_TEMPLATE_START} and a line ${NEW_TEMPLATE_END}, and nothing else between them.`,
  ].join('\n');
  const schema = input.outputSchema ? JSON.stringify(input.outputSchema, null, 2) : 'none';
  const user = [
    `Function: ${input.functionName} (${input.functionType} function${input.functionType === 'json' ? ', its reply must be JSON matching the output schema' : ''})`,
    `Output schema:\n${OUTPUT_SCHEMA_START}\n${schema}\n${OUTPUT_SCHEMA_END}`,
    `Current system template:\n${CURRENT_TEMPLATE_START}\n${base}\n${CURRENT_TEMPLATE_END}`,
    `What the data shows:\n${input.analysisSummary.trim() || 'no analysis available'}`,
    `Successful examples (input and the output that scored well):\n\n${examplesBlock('Success', input.successes)}`,
    `Failed examples (input and the output that scored badly):\n\n${examplesBlock('Failure', input.failures)}`,
    'Write the improved system template now.',
  ].join('\n\n');
  return { system, user };
}

function tagBalance(template: string, open: RegExp, close: RegExp): boolean {
  return (template.match(open) ?? []).length === (template.match(close) ?? []).length;
}

/** Why a rewritten template is unusable, or null when it is fine. */
export function rewriteProblem(baseTemplate: string, candidate: string): string | null {
  const base = stripGeneratedGuidance(baseTemplate);
  const text = candidate.trim();
  if (text.length < MIN_TEMPLATE_CHARS) return 'empty or too short';
  if (text.length > base.length * GROWTH_FACTOR + GROWTH_SLACK) return 'too long';
  if (text.includes(GENERATED_GUIDANCE_MARKER)) return 'contains the generated-guidance marker';
  const kept = templateVariables(text);
  const lost = [...templateVariables(base)].filter((v) => !kept.has(v));
  if (lost.length > 0) return `drops template variables: ${lost.join(', ')}`;
  const added = [...kept].filter((v) => !templateVariables(base).has(v));
  if (added.length > 0) return `uses unknown template variables: ${added.join(', ')}`;
  const blocksBalanced = ['if', 'for', 'raw', 'macro', 'block'].every((tag) =>
    tagBalance(text, new RegExp(`\\{%-?\\s*${tag}\\b`, 'g'), new RegExp(`\\{%-?\\s*end${tag}\\b`, 'g')),
  );
  if (!tagBalance(text, /\{\{/g, /\}\}/g) || !tagBalance(text, /\{%/g, /%\}/g) || !blocksBalanced) return 'unbalanced template tags';
  if (text.trim() === base.trim()) return 'unchanged';
  return null;
}

/** The new template from the optimiser's reply, or null when it is missing or unusable. */
export function extractRewrittenTemplate(baseTemplate: string, reply: string): string | null {
  const between = textBetween(reply, NEW_TEMPLATE_START, NEW_TEMPLATE_END);
  if (between === null) return null;
  const template = between.replace(/^```[a-z]*\n/, '').replace(/\n```$/, '').trim();
  return rewriteProblem(baseTemplate, template) === null ? `${template}\n` : null;
}

/** Asks the optimiser model for a rewritten system template; null when the call fails or the result is unusable. */
export async function rewriteSystemTemplate(input: RewriteSystemTemplateInput): Promise<string | null> {
  const { system, user } = buildRewriteMetaPrompt(input);
  let reply: string;
  try {
    reply = await input.infer({ modelName: input.optimizerModel, system, user });
  } catch {
    return null;
  }
  return extractRewrittenTemplate(input.baseTemplate, reply);
}

export interface RewriteCandidateInput {
  functionName: string;
  fn: FunctionConfig;
  baseVariantName: string;
  /** the model the candidate runs on (usually the base variant's or the strongest available) */
  model: string;
  /** from `rewriteSystemTemplate` */
  template: string;
  iteration: number;
  /** fingerprints never to propose (e.g. rejected in earlier sessions) */
  excludeFingerprints?: ReadonlySet<string>;
  /** the rest of this session's pool, so names and fingerprints stay unique */
  otherCandidates?: CandidateVariant[];
}

/** The rewritten template as a candidate (label `optimizer_rewrite`, name tag `rw`); null when its fingerprint is taken. */
export function optimizerRewriteCandidate(input: RewriteCandidateInput): CandidateVariant | null {
  const base = input.fn.variants[input.baseVariantName];
  const registry = candidateRegistry(input.fn, input.excludeFingerprints);
  registerCandidates(registry, input.otherCandidates ?? []);
  const labels: CandidateVariant['strategies'] = ['optimizer_rewrite'];
  if (input.model !== String(base.model)) labels.unshift('model_sweep');
  return makeCandidate(
    {
      functionName: input.functionName,
      fn: input.fn,
      base,
      model: input.model,
      systemTemplate: input.template,
      examples: [],
      strategies: labels,
      nameTags: ['rw'],
      iteration: input.iteration,
    },
    registry,
  );
}

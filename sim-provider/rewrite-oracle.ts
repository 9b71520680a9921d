/**
 * The simulator as an optimiser model: recognises the built-in autopilot's rewrite meta-prompt
 * (autopilot/builtin/strategy/optimizer-rewrite.ts) and answers with the current template plus
 * instructions a real optimiser would plausibly add — the output keys written out for JSON
 * functions, "answer only" for chat functions, and a request to think carefully — between the
 * reply markers. Weaker tiers more often drop a template variable, forget the markers or return
 * the template unchanged; the autopilot's validation must reject those.
 */
import {
  CURRENT_TEMPLATE_END,
  CURRENT_TEMPLATE_START,
  NEW_TEMPLATE_END,
  NEW_TEMPLATE_START,
  OUTPUT_SCHEMA_END,
  OUTPUT_SCHEMA_START,
  REWRITE_ROLE_LINE,
  textBetween,
} from '../autopilot/builtin/strategy/rewrite-protocol';
import { tryParseObject } from './embedded-json';
import { lastUserText, messageText, type ChatCompletionRequest } from './openai-wire';
import type { Mistake, Oracle, TextOracleAnswer } from './types';

export const REWRITE_ORACLE_NAME = 'builtin_autopilot_rewrite';

function systemText(request: ChatCompletionRequest): string {
  return request.messages
    .filter((m) => m.role === 'system' || m.role === 'developer')
    .map(messageText)
    .join('\n');
}

function schemaKeys(schemaText: string | null): string[] {
  const schema = schemaText ? tryParseObject(schemaText.trim()) : null;
  const properties = schema?.properties;
  return properties && typeof properties === 'object' ? Object.keys(properties) : [];
}

/** The instructions the simulated optimiser adds to a template. */
export function rewriteAdditions(outputKeys: string[]): string[] {
  if (outputKeys.length > 0) {
    const keys = outputKeys.map((k) => `"${k}"`).join(', ');
    return [
      'Think carefully about every part of the input before you answer.',
      `Reply with a single JSON object with exactly these keys: ${keys}. Keep every key, even when it has nothing to hold; never rename, nest or add keys.`,
      'Write the JSON object only: no explanation and no code fences.',
    ];
  }
  return [
    'Think carefully about the situation before you choose your answer.',
    'Then reply with the answer only, in exactly the form asked for: no explanation before or after it.',
  ];
}

function wrap(template: string): string {
  return `I kept the template variables and added instructions against the failures.\n${NEW_TEMPLATE_START}\n${template}\n${NEW_TEMPLATE_END}`;
}

function rewriteMistakes(current: string): Mistake<string>[] {
  return [
    {
      // loses a template variable while rephrasing
      name: 'drops_variable',
      weight: 2,
      apply: (reply) => (/\{\{[^}]*\}\}/.test(reply) ? reply.replace(/\{\{[^}]*\}\}/, 'the goal') : null),
    },
    {
      // forgets to mark where the template starts and ends
      name: 'missing_markers',
      weight: 1,
      apply: (reply) => reply.replace(`${NEW_TEMPLATE_START}\n`, '').replace(`\n${NEW_TEMPLATE_END}`, ''),
    },
    {
      // returns the template unchanged
      name: 'no_change',
      weight: 1,
      apply: () => wrap(current.trimEnd()),
    },
  ];
}

export const rewriteOracle: Oracle = {
  name: REWRITE_ORACLE_NAME,
  answer(request) {
    if (!systemText(request).includes(REWRITE_ROLE_LINE)) return null;
    const user = lastUserText(request);
    const current = textBetween(user, CURRENT_TEMPLATE_START, CURRENT_TEMPLATE_END);
    if (current === null) return null;
    const keys = schemaKeys(textBetween(user, OUTPUT_SCHEMA_START, OUTPUT_SCHEMA_END));
    const template = [current.trimEnd(), rewriteAdditions(keys).join('\n')].filter(Boolean).join('\n\n');
    const answer: TextOracleAnswer = {
      kind: 'text',
      ideal: wrap(template),
      difficulty: 1,
      mistakes: rewriteMistakes(current),
    };
    return answer;
  },
};

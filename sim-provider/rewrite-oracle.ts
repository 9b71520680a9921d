/**
 * The simulator as an optimiser model, for any rewrite request: a request whose instructions ask
 * to rewrite or improve a prompt or template, and which shows the current one in a delimited
 * block. It speaks no autopilot's dialect: it reads the block names, the output schema and the
 * reply contract from the request itself. The ideal reply keeps the template (and its
 * `{{ variables }}`), adds plain, general instructions — the output keys when a schema is given,
 * a request to work through the input, an answer-only rule — and follows the reply contract.
 * Weaker tiers make more of the mistakes a real optimiser model makes; some of them an
 * autopilot's validation can reject (a lost variable, a broken contract, no change), others only
 * measurement can catch (renamed keys, a contradicting format line).
 */
import { findJsonObjectSpans, tryParseObject } from '../common/oracle-contract/embedded-json';
import { lastUserText, messageText, type ChatCompletionRequest } from '../common/oracle-contract/chat-request';
import type { Mistake, Oracle, TextOracleAnswer } from '../common/oracle-contract/oracle';

export const REWRITE_ORACLE_NAME = 'generic_prompt_rewrite';

const REWRITE_TASK_RE = /\b(?:rewrite|improve|optimi[sz]e|revise|refine)\b[^.\n]{0,80}\b(?:prompts?|templates?|instructions)\b/i;

/** A delimited block of the request: its label and its text. */
interface Block {
  label: string;
  text: string;
}

/** `<<<LABEL>>> … <<<END_LABEL>>>`, `<label> … </label>` and fenced blocks after a `Label:` line. */
function findBlocks(text: string): Block[] {
  const blocks: Block[] = [];
  for (const m of text.matchAll(/<<<\s*([A-Za-z][\w ]*?)\s*>>>\r?\n?([\s\S]*?)\r?\n?<<<\s*END[_ ]?\1\s*>>>/g)) blocks.push({ label: m[1], text: m[2] });
  for (const m of text.matchAll(/<([a-z][\w-]*)>\r?\n?([\s\S]*?)\r?\n?<\/\1>/gi)) blocks.push({ label: m[1], text: m[2] });
  for (const m of text.matchAll(/^([^\n]{1,80}):\s*\n```[\w-]*\n([\s\S]*?)\n```/gm)) blocks.push({ label: m[1], text: m[2] });
  return blocks;
}

const labelled = (block: Block, re: RegExp) => re.test(block.label.replace(/[_-]/g, ' '));

/** The current template: a block labelled as a prompt or template that is not a new one, an example or a schema. */
function currentTemplate(blocks: readonly Block[]): string | null {
  const candidates = blocks.filter((b) => labelled(b, /\b(?:prompt|template|instructions?)\b/i) && !labelled(b, /\b(?:new|example|schema|output)\b/i));
  const current = candidates.find((b) => labelled(b, /\b(?:current|existing|original|old)\b/i)) ?? candidates[0];
  return current ? current.text : null;
}

/** The output keys of a JSON schema shown in the request (a schema block, or any object with `properties`). */
function schemaKeys(blocks: readonly Block[], text: string): string[] {
  const fromBlock = blocks.filter((b) => labelled(b, /\bschema\b/i)).map((b) => tryParseObject(b.text.trim()));
  const anywhere = findJsonObjectSpans(text).map((s) => s.value);
  const schema = [...fromBlock, ...anywhere].find((v) => v && typeof v.properties === 'object' && v.properties !== null);
  return schema ? Object.keys(schema.properties as object) : [];
}

/** How the reply must be shaped, read from the instructions. */
export type ReplyContract =
  | { kind: 'between'; start: string; end: string }
  | { kind: 'tag'; tag: string }
  | { kind: 'json_key'; key: string }
  | { kind: 'fenced' }
  | { kind: 'bare' };

export function readReplyContract(instructions: string): ReplyContract {
  const between = /\bbetween (?:a line |the line )?([^\n]+?) and (?:a line |the line )?([^\n]+?)(?:[,.;](?:\s|$)|$)/im.exec(instructions);
  if (between) return { kind: 'between', start: between[1], end: between[2] };
  const tag = /\b(?:inside|in|within|between) <([a-z][\w-]*)>(?: and <\/\1>)? tags?\b/i.exec(instructions);
  if (tag) return { kind: 'tag', tag: tag[1] };
  const key = /\bJSON object with (?:a|the|one) key ["`']?([A-Za-z_]\w*)["`']?/i.exec(instructions);
  if (key) return { kind: 'json_key', key: key[1] };
  if (/\b(?:code block|fenced|```)/i.test(instructions)) return { kind: 'fenced' };
  return { kind: 'bare' };
}

function applyReplyContract(contract: ReplyContract, template: string): string {
  switch (contract.kind) {
    case 'between':
      return `${contract.start}\n${template}\n${contract.end}`;
    case 'tag':
      return `<${contract.tag}>\n${template}\n</${contract.tag}>`;
    case 'json_key':
      return JSON.stringify({ [contract.key]: template });
    case 'fenced':
      return `\`\`\`\n${template}\n\`\`\``;
    case 'bare':
      return template;
  }
}

/** The general instructions a careful optimiser adds. */
export function rewriteAdditions(outputKeys: readonly string[]): string[] {
  if (outputKeys.length > 0) {
    return [
      'Work through the input step by step before you answer.',
      `Reply with a JSON object with exactly these keys: ${outputKeys.map((k) => `"${k}"`).join(', ')}.`,
      'Write the JSON object only, with nothing before or after it.',
    ];
  }
  return ['Work through the situation step by step before you answer.', 'Then give the answer only, in exactly the form asked for.'];
}

function rewriteMistakes(current: string, contract: ReplyContract, outputKeys: readonly string[]): Mistake<string>[] {
  const wrap = (template: string) => `Here is the improved template.\n\n${applyReplyContract(contract, template)}`;
  return [
    {
      // loses a template variable while rephrasing
      name: 'drops_variable',
      weight: 2,
      apply: (reply) => (/\{\{[^}]*\}\}/.test(reply) ? reply.replace(/\{\{[^}]*\}\}/, 'the goal') : null),
    },
    {
      // ignores the reply contract: the template alone, with a remark
      name: 'ignores_reply_contract',
      weight: 1,
      apply: () => (contract.kind === 'bare' ? null : `Sure. ${current.trim()}\n\nAdd clearer instructions about the output.`),
    },
    { name: 'no_change', weight: 1, apply: () => wrap(current.trimEnd()) },
    {
      // pluralises the output keys: the instructions no longer match the schema
      name: 'renamed_keys',
      weight: 1,
      apply: (reply) => (outputKeys.length === 0 ? null : reply.replace(/(exactly these keys: )([^\n]*)/, (_m, lead: string, keys: string) => lead + keys.replace(/"(\w+)"/g, '"$1s"'))),
    },
    {
      // adds a format line that contradicts the rest
      name: 'contradicting_format',
      weight: 1,
      apply: (reply) => reply.replace(/(\n[^\n]*\n?)$/, (end) => `\nAnswer in plain text, in full sentences.${end}`),
    },
  ];
}

function instructionText(request: ChatCompletionRequest): string {
  return request.messages
    .filter((m) => m.role !== 'assistant')
    .map(messageText)
    .join('\n');
}

export const rewriteOracle: Oracle = {
  name: REWRITE_ORACLE_NAME,
  answer(request) {
    const text = instructionText(request);
    if (!REWRITE_TASK_RE.test(text)) return null;
    const blocks = findBlocks(lastUserText(request)).concat(findBlocks(text));
    const current = currentTemplate(blocks);
    if (current === null || current.trim().length === 0) return null;
    const keys = schemaKeys(blocks, text);
    const contract = readReplyContract(text);
    const template = [current.trimEnd(), rewriteAdditions(keys).join('\n')].join('\n\n');
    const answer: TextOracleAnswer = {
      kind: 'text',
      ideal: `I kept the template variables and added general instructions.\n\n${applyReplyContract(contract, template)}`,
      difficulty: 1,
      mistakes: rewriteMistakes(current, contract, keys),
    };
    return answer;
  },
};

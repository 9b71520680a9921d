import { findJsonObjectSpans } from '../common/oracle-contract/embedded-json';

/**
 * How the simulated model reads a prompt's instructions: by polarity (a negated request asks for
 * nothing) and consistency (instructions that contradict each other). Pure; works sentence by
 * sentence on the system, developer and user text with worked-example JSON masked out.
 */
export interface InstructionReading {
  /** a step-by-step request that is not negated ("do not think step by step" is not one) */
  asksStepByStep: boolean;
  /** the reply is asked to be JSON (not negated) */
  asksJson: boolean;
  /** quoted names the text asks for as output keys that the output does not have */
  foreignKeys: string[];
  /** which pairs of instructions contradict each other */
  contradictions: Contradiction[];
}

export type Contradiction = 'step_by_step' | 'reply_format' | 'explanation' | 'keys_vs_schema';

const STEP_BY_STEP_RE =
  /\bstep[- ]by[- ]step\b|\bthink (?:carefully|through|about)\b|\breason (?:carefully|through|about)\b|\bchain[- ]of[- ]thought\b|\bexplain your reasoning\b|\bwork through\b/i;
const JSON_RE = /\bjson\b/i;
/** asks for a reply form that is not JSON */
const OTHER_FORMAT_RE = /\b(?:plain text|in prose|yaml|xml|markdown table|a full sentence|full sentences|natural language)\b/i;
const EXPLAIN_RE = /\bexplain (?:your|the|why|how)\b|\bjustify your\b/i;
const NO_EXPLANATION_RE = /\b(?:no|without(?: any)?|never add an?) explanations?\b|\bnothing (?:else|before or after)\b|\b(?:answer|action|json object|reply) only\b|\bonly the (?:answer|action|json)\b/i;
/** a negation within the few words before a phrase */
const NEGATION_BEFORE_RE = /\b(?:do not|don't|dont|never|no need to|avoid|without|not|instead of|rather than|skip)\b(?:\s+\S+){0,3}\s*$/i;
const REASONING_KEYS = new Set(['reasoning', 'thinking']);

/** What one message's text says, before it is combined with the others. */
interface TextScan {
  stepAsked: boolean;
  stepNegated: boolean;
  jsonAsked: boolean;
  jsonNegated: boolean;
  otherFormat: boolean;
  explain: boolean;
  noExplanation: boolean;
  keys: string[];
}

/** Scans by message text: a run sends the same system prompt on every request. Cleared when full. */
const scans = new Map<string, TextScan>();
const MAX_SCANS = 5_000;

/** Reads the instructions of the given message texts together (a contradiction may span messages). */
export function readInstructions(texts: readonly string[], outputKeys: readonly string[], strictSchemaKeys: readonly string[] | null): InstructionReading {
  const parts = texts.map(scanCached);
  const any = (flag: keyof Omit<TextScan, 'keys'>) => parts.some((p) => p[flag]);
  const foreignKeys = [...new Set(parts.flatMap((p) => p.keys))].filter((key) => !outputKeys.includes(key) && !REASONING_KEYS.has(key));
  const contradictions: Contradiction[] = [];
  if (any('stepAsked') && any('stepNegated')) contradictions.push('step_by_step');
  if (any('jsonAsked') && (any('jsonNegated') || any('otherFormat'))) contradictions.push('reply_format');
  if (any('explain') && any('noExplanation')) contradictions.push('explanation');
  if (strictSchemaKeys && foreignKeys.some((key) => !strictSchemaKeys.includes(key))) contradictions.push('keys_vs_schema');
  return { asksStepByStep: any('stepAsked'), asksJson: any('jsonAsked'), foreignKeys, contradictions };
}

function scanCached(text: string): TextScan {
  const known = scans.get(text);
  if (known) return known;
  if (scans.size >= MAX_SCANS) scans.clear();
  const scan = scanText(text);
  scans.set(text, scan);
  return scan;
}

function scanText(text: string): TextScan {
  const sentences = splitSentences(maskJson(text));
  const scan: TextScan = { stepAsked: false, stepNegated: false, jsonAsked: false, jsonNegated: false, otherFormat: false, explain: false, noExplanation: false, keys: askedKeys(sentences) };
  for (const sentence of sentences) {
    const step = polarity(sentence, STEP_BY_STEP_RE);
    scan.stepAsked ||= step === 'asked';
    scan.stepNegated ||= step === 'negated';
    const json = polarity(sentence, JSON_RE);
    scan.jsonAsked ||= json === 'asked';
    scan.jsonNegated ||= json === 'negated';
    scan.otherFormat ||= polarity(sentence, OTHER_FORMAT_RE) === 'asked' && /\b(?:reply|answer|respond|write|return|output)\b/i.test(sentence);
    scan.explain ||= polarity(sentence, EXPLAIN_RE) === 'asked';
    scan.noExplanation ||= NO_EXPLANATION_RE.test(sentence);
  }
  return scan;
}

/** Whether the sentence asks for the phrase, negates it, or does not mention it. */
function polarity(sentence: string, phrase: RegExp): 'asked' | 'negated' | 'absent' {
  const match = phrase.exec(sentence);
  if (!match) return 'absent';
  return NEGATION_BEFORE_RE.test(sentence.slice(0, match.index)) ? 'negated' : 'asked';
}

/**
 * Quoted identifiers the text presents as output keys: a quoted name followed by a colon
 * (`"persons": …`), or a run of quoted names right after the word "key(s)".
 */
function askedKeys(sentences: readonly string[]): string[] {
  const keys = new Set<string>();
  for (const sentence of sentences) {
    for (const m of sentence.matchAll(/["`']([A-Za-z_][A-Za-z0-9_]*)["`']\s*:/g)) keys.add(m[1]);
    for (const list of sentence.matchAll(/\bkeys?\b[\s,:]*((?:["`'][A-Za-z_][A-Za-z0-9_]*["`'](?:\s*,\s*|\s+(?:and|or)\s+|\s*)?)+)/gi)) {
      for (const m of list[1].matchAll(/["`']([A-Za-z_][A-Za-z0-9_]*)["`']/g)) keys.add(m[1]);
    }
  }
  return [...keys];
}

/** Replaces parsed JSON objects (worked examples) with a placeholder, so their keys are not read as instructions. */
function maskJson(text: string): string {
  let out = '';
  let at = 0;
  for (const span of findJsonObjectSpans(text)) {
    out += `${text.slice(at, span.start)}{…}`;
    at = span.end;
  }
  return out + text.slice(at);
}

function splitSentences(text: string): string[] {
  return text
    .split(/(?<=[.!?])\s+|\n+/)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

/**
 * The random_edit control's change to a system template: seeded edits that carry no knowledge of
 * the task (delete, duplicate or swap one of the template's own sentences, or insert a neutral
 * sentence), repeated until about a fifth of the template's characters have changed. Lines with
 * template syntax (`{{`, `{%`, `{#`) are never touched, so variables and markers survive.
 */
import { mulberry32 } from '../../../common/mulberry32';

/** Sentences that say nothing about any task, so inserting one is a change of size, not of content. */
export const NEUTRAL_SENTENCES = [
  'The text of this prompt continues below.',
  'This paragraph is part of the prompt.',
  'The request follows after these lines.',
  'Here is some more of the prompt.',
] as const;

export type TemplateEditKind = 'delete' | 'duplicate' | 'swap' | 'insert';

export interface RandomTemplateEdit {
  template: string;
  edits: TemplateEditKind[];
}

/** Share of the template's characters an edit aims to change (at least one edit always runs). */
const TARGET_CHANGE = 0.2;
const MAX_EDITS = 12;
const TEMPLATE_SYNTAX = /\{\{|\{%|\{#/;

interface Line {
  /** null: a line that is kept verbatim (template syntax or blank) */
  sentences: string[] | null;
  raw: string;
}

function splitLines(template: string): Line[] {
  return template.split('\n').map((raw) => {
    if (raw.trim() === '' || TEMPLATE_SYNTAX.test(raw)) return { sentences: null, raw };
    return { sentences: raw.match(/[^.!?]+[.!?]*\s*/g) ?? [raw], raw };
  });
}

function joinLines(lines: Line[]): string {
  return lines
    .filter((l) => l.sentences === null || l.sentences.length > 0)
    .map((l) => (l.sentences === null ? l.raw : l.sentences.join('').trimEnd()))
    .join('\n');
}

function pick<T>(random: () => number, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)];
}

/** Positions (line, sentence) of every editable sentence. */
function sentencePositions(lines: Line[]): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  lines.forEach((l, i) => l.sentences?.forEach((_, j) => out.push([i, j])));
  return out;
}

function applyOne(lines: Line[], kind: TemplateEditKind, random: () => number): number {
  const positions = sentencePositions(lines);
  if (kind === 'insert' || positions.length === 0) {
    const sentence = pick(random, NEUTRAL_SENTENCES);
    const at = Math.floor(random() * (lines.length + 1));
    lines.splice(at, 0, { sentences: [sentence], raw: sentence });
    return sentence.length + 1;
  }
  const [li, si] = pick(random, positions);
  const sentences = lines[li].sentences as string[];
  if (kind === 'delete') return sentences.splice(si, 1)[0].length;
  if (kind === 'duplicate') {
    sentences.splice(si + 1, 0, sentences[si].endsWith(' ') ? sentences[si] : `${sentences[si]} `);
    return sentences[si].length;
  }
  const [lj, sj] = pick(random, positions);
  const other = lines[lj].sentences as string[];
  const moved = sentences[si];
  sentences[si] = other[sj];
  other[sj] = moved;
  return li === lj && si === sj ? 0 : moved.length + sentences[si].length;
}

const KINDS: readonly TemplateEditKind[] = ['delete', 'duplicate', 'swap', 'insert'];

/** A seeded random edit of `template`; the same (template, seed) always gives the same edit, and the result always differs from the input. */
export function randomTemplateEdit(template: string, seed: number): RandomTemplateEdit {
  const random = mulberry32(seed);
  const lines = splitLines(template);
  const edits: TemplateEditKind[] = [];
  let changed = 0;
  const target = Math.max(1, TARGET_CHANGE * template.length);
  while (edits.length < MAX_EDITS && (edits.length === 0 || changed < target)) {
    // Deleting everything would not be an edit of similar size: delete only while the text stays.
    const kinds = sentencePositions(lines).length > 2 ? KINDS : KINDS.filter((k) => k !== 'delete');
    const kind = pick(random, kinds);
    changed += applyOne(lines, kind, random);
    edits.push(kind);
  }
  let result = joinLines(lines);
  if (result.trim() === template.trim()) {
    const sentence = pick(random, NEUTRAL_SENTENCES);
    result = `${sentence}\n${result}`;
    edits.push('insert');
  }
  return { template: template.endsWith('\n') ? `${result.trimEnd()}\n` : result, edits };
}

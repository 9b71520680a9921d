import type { EditOutcome } from '../../results/iteration-record';

/** Longest action line; the lines travel in the workflow's state and reach the console. */
const MAX_LINE = 160;
/** At most this many lines per session (the rest are counted in the last one). */
const MAX_LINES = 12;

type Edit = Record<string, unknown>;

/**
 * What the autopilot did in one session, a line per action, for the console: the session's
 * outcome, then each applied edit by its variant or experiment and the keys it changed (never
 * the templates themselves), then each refused edit with the reason.
 */
export function describeAutopilotActions(session: { turns: number; final_status: string }, edits: readonly unknown[], outcome: EditOutcome): string[] {
  const lines = [`autopilot: ${session.turns} turns, ${edits.length} edits proposed, ${outcome.applied.length} applied (${session.final_status})`];
  for (const applied of outcome.applied) lines.push(`+ ${describeEdit((edits[applied.index] ?? {}) as Edit, applied.target)}`);
  for (const refused of outcome.rejected) lines.push(`✗ refused ${refused.target ?? `edit ${refused.index}`}: ${refused.reason}`);
  const kept = lines.slice(0, MAX_LINES).map((line) => (line.length > MAX_LINE ? `${line.slice(0, MAX_LINE - 1)}…` : line));
  if (lines.length > MAX_LINES) kept.push(`… and ${lines.length - MAX_LINES} more (see the report)`);
  return kept;
}

/** One edit in a few words: which variant or experiment, and what it sets. */
export function describeEdit(edit: Edit, target: string): string {
  if (edit.operation === 'upsert_variant') {
    const variant = (edit.variant ?? {}) as Edit;
    const changed = Object.keys(variant).filter((key) => key !== 'type' && key !== 'model').sort();
    const model = typeof variant.model === 'string' ? ` on ${variant.model}` : '';
    return `variant ${String(edit.variant_name ?? target)}${model}${changed.length ? `: ${changed.join(', ')}` : ''}`;
  }
  if (edit.operation === 'upsert_experimentation') {
    const experimentation = (edit.experimentation ?? {}) as Edit;
    const candidates = Array.isArray(experimentation.candidate_variants) ? ` over ${experimentation.candidate_variants.join(', ')}` : '';
    return `experiment ${String(experimentation.type ?? '?')} for ${String(edit.function_name ?? target)}${candidates}`;
  }
  return `${String(edit.operation ?? 'edit')} ${target}`;
}

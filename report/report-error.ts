/** A run directory the report cannot be made from; the message names the file and what is wrong. */
export class ReportError extends Error {
  constructor(
    message: string,
    readonly file: string,
  ) {
    super(message);
    this.name = 'ReportError';
  }
}

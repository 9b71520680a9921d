/** Errors the service answers with: each carries the HTTP status it maps to. */

export class AutopilotServiceError extends Error {
  override readonly name: string = 'AutopilotServiceError';
  constructor(
    readonly statusCode: number,
    message: string,
  ) {
    super(message);
  }
}

export class SessionNotFoundError extends AutopilotServiceError {
  override readonly name = 'SessionNotFoundError';
  constructor(readonly sessionId: string) {
    super(404, `session ${sessionId} not found`);
  }
}

export class EventNotFoundError extends AutopilotServiceError {
  override readonly name = 'EventNotFoundError';
  constructor(
    readonly sessionId: string,
    readonly eventId: string,
  ) {
    super(404, `event ${eventId} not found in session ${sessionId}`);
  }
}

export class InvalidRequestError extends AutopilotServiceError {
  override readonly name = 'InvalidRequestError';
  constructor(message: string) {
    super(400, message);
  }
}

export class UnauthorizedError extends AutopilotServiceError {
  override readonly name = 'UnauthorizedError';
  constructor() {
    super(401, 'missing or invalid bearer token');
  }
}

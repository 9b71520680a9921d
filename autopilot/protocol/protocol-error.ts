/** The typed error for a response that breaks the session protocol. */

/** What was wrong with the response. */
export type ProtocolFaultKind = 'malformed_json' | 'invalid_shape' | 'unknown_status' | 'too_large' | 'unsafe_name';

export interface ProtocolFault {
  kind: ProtocolFaultKind;
  /** method and path of the call, e.g. `GET /sessions/abc/events` */
  route: string;
  /** where in the body, e.g. `config_writes[0].payload.arguments.edit[1].variant_name`; null for the whole body */
  jsonPath: string | null;
  /** the offending value (cut short), or null when the whole body is at fault */
  value: string | null;
  /** what is wrong, in words */
  problem: string;
}

/** Values quoted in messages are cut to this length. */
export const QUOTED_VALUE_CHARS = 200;

/** A response arrived but breaks the protocol; every field a log or an artifact needs is on the error. */
export class AutopilotProtocolError extends Error implements ProtocolFault {
  override readonly name = 'AutopilotProtocolError';
  readonly kind: ProtocolFaultKind;
  readonly route: string;
  readonly jsonPath: string | null;
  readonly value: string | null;
  readonly problem: string;

  constructor(fault: ProtocolFault) {
    const where = fault.jsonPath === null ? 'the body' : fault.jsonPath;
    const value = fault.value === null ? '' : ` (value: ${fault.value})`;
    super(`autopilot protocol fault in the response to ${fault.route}: ${where} ${fault.problem}${value}`);
    this.kind = fault.kind;
    this.route = fault.route;
    this.jsonPath = fault.jsonPath;
    this.value = fault.value;
    this.problem = fault.problem;
  }
}

/** A value as quoted in a fault: JSON, cut to `QUOTED_VALUE_CHARS`; `undefined` reads as "missing". */
export function quoteValue(value: unknown): string {
  if (value === undefined) return 'missing';
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value);
  }
  return text.length <= QUOTED_VALUE_CHARS ? text : `${text.slice(0, QUOTED_VALUE_CHARS)}…`;
}

/**
 * Where the protocol lives: the service's routes (`/v1/...`) and the gateway proxy that
 * forwards to them (`/internal/autopilot/v1/...`, reference/tensorzero.md §1.6).
 */
import { NIL_UUID } from '../../common/uuid7';

/** Events posted to the nil session id create a session; it is never a real session. */
export const NIL_SESSION_ID = NIL_UUID;

/** The gateway's proxy prefix; the gateway forwards what follows it to the service unchanged (but see `approve_all`). */
export const PROXY_PREFIX = '/internal/autopilot';

/** The version prefix of every service route. */
export const SERVICE_PREFIX = '/v1';

/** `/sessions/{id}/events`, with the id encoded. */
export function sessionEventsPath(sessionId: string): string {
  return `/sessions/${encodeURIComponent(sessionId)}/events`;
}

/** `/sessions/{id}/config-writes`, with the id encoded. */
export function sessionConfigWritesPath(sessionId: string): string {
  return `/sessions/${encodeURIComponent(sessionId)}/config-writes`;
}

/** Clients call `approve_all` on the gateway; the gateway calls `approve-all` on the service. */
export type SessionAction = 'approve_all' | 'approve-all' | 'interrupt';

export function sessionActionPath(sessionId: string, action: SessionAction): string {
  return `/sessions/${encodeURIComponent(sessionId)}/actions/${action}`;
}

/** The gateway's rename of the approve action, applied to an upstream path. */
export function toServiceActionPath(path: string): string {
  return path.replace(/\/actions\/approve_all$/, '/actions/approve-all');
}

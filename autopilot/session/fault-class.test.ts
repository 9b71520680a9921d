import { AutopilotProtocolError } from '../protocol';
import { AutopilotPollTimeoutError, AutopilotRequestError } from './errors';
import { classifySessionFailure } from './fault-class';

const refused = () => new AutopilotRequestError('GET', '/sessions/s/events', null, null, { cause: Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), { code: 'ECONNREFUSED' }) });
const timedOut = () => new AutopilotRequestError('GET', '/sessions/s/events', null, null, { cause: new DOMException('The operation was aborted due to timeout', 'TimeoutError') });
const http = (status: number) => new AutopilotRequestError('POST', '/sessions/0/events', status, '{"error":"x"}');

describe('classifySessionFailure', () => {
  it.each([
    ['a protocol violation', new AutopilotProtocolError({ kind: 'unknown_status', route: 'GET /x', jsonPath: 'status.status', value: '"dancing"', problem: 'is not a status' }), 'autopilot', 'protocol_violation'],
    ['a request that timed out', timedOut(), 'autopilot', 'session_timeout'],
    ['HTTP 500 from the service', http(500), 'autopilot', 'service_error'],
    ['HTTP 404 from the service', http(404), 'autopilot', 'service_error'],
    ['HTTP 502 (the proxy could not reach the service)', http(502), 'autopilot', 'service_error'],
    ['HTTP 501 (no TENSORZERO_AUTOPILOT_API_KEY)', http(501), 'harness', 'autopilot_misconfigured'],
    ['HTTP 401 (wrong key)', http(401), 'harness', 'autopilot_misconfigured'],
    ['HTTP 403', http(403), 'harness', 'autopilot_misconfigured'],
    ['no answer from the gateway', refused(), 'harness', 'gateway_unreachable'],
    ['polls that only saw background statuses', new AutopilotPollTimeoutError('s', 3, 0, 'server_side_processing'), 'autopilot', 'session_timeout'],
    ['polls that failed with service errors', new AutopilotPollTimeoutError('s', 3, 3, null, http(500)), 'autopilot', 'session_timeout'],
    ['polls that all failed because the gateway is gone', new AutopilotPollTimeoutError('s', 3, 3, null, refused()), 'harness', 'gateway_unreachable'],
    ['polls of which some succeeded before the gateway went', new AutopilotPollTimeoutError('s', 3, 2, 'server_side_processing', refused()), 'autopilot', 'session_timeout'],
    ['any other error (a bug, a full disk)', Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' }), 'harness', 'harness_error'],
  ])('%s', (_label, err, side, kind) => {
    expect(classifySessionFailure(err)).toEqual({ side, kind, message: err.message });
  });
});

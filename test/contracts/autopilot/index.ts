// The autopilot session protocol as a reusable conformance suite (see README.md).
export { defineAutopilotConformanceSuite, CONFORMANCE_INITIAL_MESSAGE, type AutopilotFactory, type AutopilotUnderTest, type ConformanceOptions } from './suite';
export { PROTOCOL_STATUSES, BACKGROUND_STATUSES, NIL_SESSION_ID, isProtocolStatus, type PollResponse, type ProtocolEvent, type CreateEventResponse } from './protocol';
export { ProtocolClient } from './protocol-client';

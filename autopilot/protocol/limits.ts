/**
 * The largest response body a client reads from an autopilot service. A poll returns the whole
 * event history and config writes carry inline templates, so the cap is generous; past it a
 * response is a fault, not something to buffer.
 */
export const MAX_RESPONSE_BYTES = 32 * 1024 * 1024;

// The autopilot session protocol, written down once: statuses, events, routes, limits and the zod schemas of what crosses the wire.
export * from './statuses';
export type * from './events';
export * from './routes';
export * from './limits';
export * from './safe-names';
export * from './request-schemas';
export * from './response-schemas';
export * from './protocol-error';
export { formatJsonPath, parseJsonBody, parseResponse } from './parse-response';
export { readCappedText } from './read-capped-body';

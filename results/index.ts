export * from './paths';
export * from './time';
export * from './stats';
export * from './iteration-record';
export * from './recorder';
export * from './session-artifacts';
export * from './runtime-json';
export * from './summary';

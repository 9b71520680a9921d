// The built-in autopilot: session protocol server plus its strategy.
export { createBuiltinAutopilotServer, type BuiltinAutopilotServer, type BuiltinAutopilotServerOptions } from './server';
export * from './errors';
export type { StrategyOptions } from './strategy/strategy-options';
export { createHttpTrainDataSource, TrainDataSourceError, type TrainDataSource } from './strategy/train-data-source';

// The built-in autopilot's strategy: pure analysis and planning, plus the train-data reader.
export * from './available-models';
export * from './candidate-planning';
export * from './config-access';
export * from './config-types';
export * from './edit-payloads';
export * from './example-rendering';
export * from './few-shot-selection';
export * from './format-instructions';
export * from './plan-optimization';
export * from './plan-report';
export * from './strategy-options';
export * from './system-template';
export * from './target-resolution';
export * from './target-selection';
export * from './train-data-source';
export * from './variant-analysis';
export * from './variant-naming';

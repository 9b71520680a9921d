import type { EnvironmentSpec } from '../../environments/types';

/** A small environment with one json function and one chat function with tools, for tests. */
export const sampleEnvironment: EnvironmentSpec = {
  name: 'sample_env_v0',
  functions: {
    'extract-entities': {
      type: 'json',
      systemSchema: null,
      userSchema: { type: 'object', properties: { text: { type: 'string' } }, required: ['text'] },
      outputSchema: { type: 'object', properties: { person: { type: 'array', items: { type: 'string' } } }, required: ['person'] },
      exampleSystemTemplate: 'Extract the people named in the text as JSON.',
      exampleUserTemplate: 'Text: {{ text }}',
    },
    act: {
      type: 'chat',
      systemSchema: { type: 'object', properties: { goal: { type: 'string' } }, required: ['goal'] },
      exampleSystemTemplate: 'You are a shop assistant. Goal: {{ goal }}',
      exampleUserTemplate: null,
      toolsAvailable: ['lookup_order', 'cancel_order'],
      toolChoice: 'auto',
      parallelTools: false,
    },
  },
  metrics: {
    exact_match: { type: 'boolean', optimize: 'max', level: 'inference' },
    reward: { type: 'float', optimize: 'max', level: 'episode' },
  },
  tools: {
    lookup_order: {
      name: 'lookup_order',
      description: 'Look up an order by id',
      parameters: { type: 'object', properties: { order_id: { type: 'string' } }, required: ['order_id'] },
    },
    cancel_order: {
      name: 'cancel_order',
      description: 'Cancel an order',
      parameters: { type: 'object', properties: { order_id: { type: 'string' } }, required: ['order_id'] },
    },
  },
  horizon: 10,
};

import type { EnvironmentSpec, FunctionSpec, JsonSchema } from '../types';

export const NER_ENV_NAME = 'ner_conllpp_v0';
export const NER_FUNCTION_NAME = 'extract_entities';

export const NER_OUTPUT_SCHEMA: JsonSchema = {
  type: 'object',
  properties: {
    person: { type: 'array', items: { type: 'string' } },
    organization: { type: 'array', items: { type: 'string' } },
    location: { type: 'array', items: { type: 'string' } },
    miscellaneous: { type: 'array', items: { type: 'string' } },
  },
  required: ['person', 'organization', 'location', 'miscellaneous'],
  additionalProperties: false,
};

/**
 * The example system prompt (plain text: the function has no system schema). It explains the
 * task and the categories and shows the reply's shape without being a worked example.
 */
export const NER_EXAMPLE_SYSTEM_TEMPLATE = `You are a named-entity recognition system for news-wire text.

The user message is one sentence. Find every named entity mentioned in it and sort each one into one of four categories:
- person: names of people, such as athletes, politicians and business leaders
- organization: companies, sports clubs, political parties, government bodies, agencies and other institutions
- location: countries, cities, regions, rivers, mountains and other places
- miscellaneous: every other named entity, such as nationalities, languages, religions, events, competitions and titles

Copy each entity exactly as it is written in the sentence. If the same entity is mentioned more than once, list it once per mention. Leave a category's list empty when the sentence has no entity of that kind.

Reply with a JSON object that has exactly these four keys, each holding a list of strings:
person, organization, location, miscellaneous
`;

export const NER_FUNCTION_SPEC: FunctionSpec = {
  type: 'json',
  systemSchema: null,
  userSchema: null,
  assistantSchema: null,
  outputSchema: NER_OUTPUT_SCHEMA,
  exampleSystemTemplate: NER_EXAMPLE_SYSTEM_TEMPLATE,
  exampleUserTemplate: null,
  exampleAssistantTemplate: null,
};

export const NER_SPEC: EnvironmentSpec = {
  name: NER_ENV_NAME,
  functions: { [NER_FUNCTION_NAME]: NER_FUNCTION_SPEC },
  metrics: {
    exact_match: { type: 'boolean', optimize: 'max', level: 'episode' },
    jaccard_similarity: { type: 'float', optimize: 'max', level: 'episode' },
  },
  tools: {},
  horizon: 1,
};

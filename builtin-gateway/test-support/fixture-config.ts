/** A config exercising chat, json, tools, templates (legacy and new-style), experimentation and metrics. */
export function fixtureConfigFiles(): Record<string, string | object> {
  return {
    'tensorzero.toml': `
[gateway]
observability.enabled = true

[functions.assistant]
type = "chat"
system_schema = "functions/assistant/system_schema.json"

[functions.assistant.variants.a]
type = "chat_completion"
model = "sim::small"
system_template = "functions/assistant/a/system_template.minijinja"
user_template = "functions/assistant/a/user_template.minijinja"
temperature = 0.3
max_tokens = 100
seed = 5

[functions.agent]
type = "chat"
tools = ["lookup"]
schemas.greeting.path = "functions/agent/greeting_schema.json"

[functions.agent.variants.v]
type = "chat_completion"
model = "sim::small"
templates.system.path = "functions/agent/v/system.minijinja"
templates.greeting.path = "functions/agent/v/greeting.minijinja"
templates.loose.path = "functions/agent/v/loose.minijinja"

[functions.extract]
type = "json"
user_schema = "functions/extract/user_schema.json"
output_schema = "functions/extract/output_schema.json"

[functions.extract.variants.strict]
type = "chat_completion"
model = "sim::small"
user_template = "functions/extract/strict/user_template.minijinja"
json_mode = "strict"

[functions.fallback_fn]
type = "chat"

[functions.fallback_fn.variants.broken]
type = "chat_completion"
model = "sim::broken"

[functions.fallback_fn.variants.also_broken]
type = "chat_completion"
model = "sim::broken"

[functions.fallback_fn.variants.good]
type = "chat_completion"
model = "sim::good"

[functions.fallback_fn.experimentation]
type = "static"
candidate_variants = ["broken"]
fallback_variants = ["also_broken", "good"]

[functions.flaky_fn]
type = "chat"

[functions.flaky_fn.variants.flaky]
type = "chat_completion"
model = "sim::flaky"
retries = { num_retries = 1, max_delay_s = 0.01 }

[functions.split]
type = "chat"

[functions.split.variants.x]
type = "chat_completion"
model = "sim::small"

[functions.split.variants.y]
type = "chat_completion"
model = "sim::small"

[functions.split.experimentation]
type = "static_weights"
candidate_variants = { x = 3.0, y = 1.0 }

[metrics.correct]
type = "boolean"
optimize = "max"
level = "inference"

[metrics.score]
type = "float"
optimize = "max"
level = "episode"

[tools.lookup]
description = "Look up a word"
parameters = "tools/lookup.json"
`,
    'functions/assistant/system_schema.json': {
      type: 'object',
      properties: { tone: { type: 'string' } },
      required: ['tone'],
      additionalProperties: false,
    },
    'functions/assistant/a/system_template.minijinja': 'Be {{ tone }}. <Answer> & "quote"\n',
    'functions/assistant/a/user_template.minijinja': 'Question: {{ user_text }}',
    'functions/agent/greeting_schema.json': { type: 'object', properties: { name: { type: 'string' } }, required: ['name'] },
    'functions/agent/v/system.minijinja': 'You are an agent.',
    'functions/agent/v/greeting.minijinja': 'Hello {{ name }}!',
    'functions/agent/v/loose.minijinja': 'Loose {{ undefined_thing }}',
    'functions/extract/user_schema.json': { type: 'object', properties: { text: { type: 'string' } }, required: ['text'] },
    'functions/extract/output_schema.json': {
      type: 'object',
      properties: { person: { type: 'array', items: { type: 'string' } } },
      required: ['person'],
      additionalProperties: false,
    },
    'functions/extract/strict/user_template.minijinja': 'Extract people from: {{ text }}',
    'tools/lookup.json': { type: 'object', properties: { word: { type: 'string' } }, required: ['word'], additionalProperties: false },
  };
}

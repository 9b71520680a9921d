import { ArenaSpecError, parseAutopilotSpecs } from './arena-specs';

test('each name maps to the autopilot_target it stands for, keeping the config builtin settings', () => {
  const specs = parseAutopilotSpecs('builtin, placebo,gepa,dspy_mipro,dspy_gepa,http=http://127.0.0.1:9000', { optimizer_model: 'sim::large' });
  expect(specs).toEqual([
    { name: 'builtin', target: { kind: 'builtin', builtin: { optimizer_model: 'sim::large', strategy: 'optimiser' } } },
    { name: 'placebo', target: { kind: 'builtin', builtin: { optimizer_model: 'sim::large', strategy: 'placebo' } } },
    { name: 'gepa', target: { kind: 'python_optimizer', python_optimizer: { optimizer: 'gepa', reflection_model: 'sim::large' } } },
    { name: 'dspy_mipro', target: { kind: 'python_optimizer', python_optimizer: { optimizer: 'dspy_mipro', reflection_model: 'sim::large' } } },
    { name: 'dspy_gepa', target: { kind: 'python_optimizer', python_optimizer: { optimizer: 'dspy_gepa', reflection_model: 'sim::large' } } },
    { name: 'http 127.0.0.1:9000', target: { kind: 'http', base_url: 'http://127.0.0.1:9000' } },
  ]);
});

test('an unknown name is refused, naming it and the accepted ones', () => {
  expect(() => parseAutopilotSpecs('builtin,gepaa', undefined)).toThrow(ArenaSpecError);
  expect(() => parseAutopilotSpecs('gepaa', undefined)).toThrow(/"gepaa" is not an autopilot; use builtin, placebo, model_switch, random_edit, gepa, dspy_mipro, dspy_gepa or http=<url>/);
});

import fixture from '../../test/fixtures/babyai/observations.json';
import {
  formatObservation,
  NOT_UNDERSTOOD_LINE,
  ObservationParseError,
  parseMission,
  parseObservation,
  tryParseObservation,
  type ParsedObservation,
} from './observation-text';

// Real texts printed by the Python env (environments/bridge/python/tests/make_babyai_fixture.py);
// the Python twin of this module is checked against the same file.
describe('BabyAI observation text (shared fixture)', () => {
  it.each(fixture.map((entry) => [entry.name, entry] as const))('%s parses to the expected objects and formats back', (_name, entry) => {
    expect(parseObservation(entry.text)).toEqual(entry.parsed);
    expect(formatObservation(entry.parsed as ParsedObservation)).toBe(entry.text);
  });

  it('covers the format: lateral objects, objects in front, carrying, not understood, several objects', () => {
    const parsed = fixture.map((e) => e.parsed as ParsedObservation);
    expect(parsed.some((p) => p.objects.some((o) => o.forward === 0))).toBe(true);
    expect(parsed.some((p) => p.objects.some((o) => o.forward === 1 && o.right === 0))).toBe(true);
    expect(parsed.some((p) => p.carrying !== null)).toBe(true);
    expect(parsed.some((p) => p.notUnderstood)).toBe(true);
    expect(parsed.some((p) => p.objects.length >= 3)).toBe(true);
  });
});

describe('parseObservation', () => {
  const text = fixture[0].text;

  it('finds the observation inside a rendered user template', () => {
    const prompt = `Current observation:\n\n${text}\n\nWhat is your next action? Answer with exactly one of: turn left, turn right, go forward, pick up, drop, toggle.`;
    expect(parseObservation(prompt)).toEqual(fixture[0].parsed);
  });

  it('throws a typed error, or returns null from tryParseObservation, without an observation', () => {
    expect(() => parseObservation('What is the capital of Norway?')).toThrow(ObservationParseError);
    expect(tryParseObservation('Sentence:\nEU rejects German call to boycott British lamb .')).toBeNull();
  });

  it('formats an empty view and the not-understood line like the env', () => {
    const empty: ParsedObservation = { notUnderstood: true, objects: [], walls: { forward: null, left: null, right: null }, carrying: null };
    expect(formatObservation(empty)).toBe(`${NOT_UNDERSTOOD_LINE}\nYou see nothing around you.\nYou carry nothing.`);
    expect(parseObservation(formatObservation(empty))).toEqual(empty);
  });
});

describe('parseMission', () => {
  it('reads the object of a pickup mission wherever it is in the text', () => {
    expect(parseMission('You are an agent ... Your goal: pick up the green key.')).toEqual({ color: 'green', type: 'key' });
    expect(parseMission('{"mission":"pick up a yellow box"}')).toEqual({ color: 'yellow', type: 'box' });
    for (const entry of fixture) expect(parseMission(entry.mission)).not.toBeNull();
  });

  it('returns null for other missions and texts', () => {
    expect(parseMission('go to the red ball')).toBeNull();
    expect(parseMission('Extract the named entities.')).toBeNull();
  });
});

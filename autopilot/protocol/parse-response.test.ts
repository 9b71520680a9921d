import { z } from 'zod';
import { formatJsonPath, parseJsonBody, parseResponse } from './parse-response';
import { BACKGROUND_STATUSES, QUESTION_STATUSES, SESSION_STATUSES, isSessionStatus } from './statuses';
import { unsafeNameProblem } from './safe-names';

describe('formatJsonPath', () => {
  it('writes identifiers with dots, indexes in brackets and other keys quoted', () => {
    expect(formatJsonPath(['config_writes', 0, 'payload', 'odd key', 'x'])).toBe('config_writes[0].payload["odd key"].x');
    expect(formatJsonPath([2, 'variant_name'])).toBe('[2].variant_name');
  });
});

describe('parseResponse', () => {
  const schema = z.looseObject({ items: z.array(z.looseObject({ n: z.number() })) });

  it('returns the parsed body, unknown fields kept', () => {
    expect(parseResponse('GET /x', schema, { items: [{ n: 1, extra: true }], more: 1 })).toEqual({ items: [{ n: 1, extra: true }], more: 1 });
  });

  it('names the route, the path of the first issue and the value found there', () => {
    expect(() => parseResponse('GET /x', schema, { items: [{ n: 1 }, { n: 'two' }] })).toThrow(
      expect.objectContaining({ kind: 'invalid_shape', route: 'GET /x', jsonPath: 'items[1].n', value: '"two"' }),
    );
  });

  it('treats a body of the wrong type as a whole-body fault', () => {
    expect(() => parseResponse('GET /x', schema, 'text')).toThrow(expect.objectContaining({ jsonPath: null, value: '"text"' }));
  });

  it('cuts long values in messages', () => {
    const error = (() => {
      try {
        parseResponse('GET /x', schema, { items: 'q'.repeat(1000) });
      } catch (err) {
        return err as { value: string };
      }
    })();
    expect(error?.value).toHaveLength(201);
    expect(error?.value.endsWith('…')).toBe(true);
  });
});

describe('parseJsonBody', () => {
  it('reads an empty body as undefined and refuses text that is not JSON', () => {
    expect(parseJsonBody('GET /x', '  ')).toBeUndefined();
    expect(() => parseJsonBody('GET /x', '<html>')).toThrow(expect.objectContaining({ kind: 'malformed_json', value: '"<html>"' }));
  });
});

describe('statuses and names', () => {
  it('keeps the background and question sets inside the protocol statuses, disjoint', () => {
    for (const status of [...BACKGROUND_STATUSES, ...QUESTION_STATUSES]) expect(SESSION_STATUSES).toContain(status);
    expect([...BACKGROUND_STATUSES].filter((s) => QUESTION_STATUSES.has(s))).toEqual([]);
    expect(isSessionStatus('error')).toBe(false);
    expect(isSessionStatus('idle')).toBe(true);
  });

  it('accepts ordinary names and refuses traversal and illegal characters', () => {
    expect(unsafeNameProblem('gpt-5-mini_fewshot.v2')).toBeNull();
    expect(unsafeNameProblem('../x')).toBe('contains a path separator');
    expect(unsafeNameProblem('..')).toBe("contains '..' or is '.'");
    expect(unsafeNameProblem('tab\there')).toBe('contains a control character');
    expect(unsafeNameProblem('')).toBe('is empty');
  });
});

import { periodStart } from './variant-performances';

describe('periodStart', () => {
  it.each([
    ['minute', '2026-01-07T10:11:12.345Z', '2026-01-07T10:11:00Z'],
    ['hour', '2026-01-07T10:11:12.345Z', '2026-01-07T10:00:00Z'],
    ['day', '2026-01-07T10:11:12.345Z', '2026-01-07T00:00:00Z'],
    ['week', '2026-01-07T10:11:12.345Z', '2026-01-05T00:00:00Z'], // a Wednesday → Monday
    ['week', '2026-01-04T23:59:59.000Z', '2025-12-29T00:00:00Z'], // a Sunday → the Monday before
    ['month', '2026-01-07T10:11:12.345Z', '2026-01-01T00:00:00Z'],
    ['cumulative', '2026-01-07T10:11:12.345Z', '1970-01-01T00:00:00Z'],
  ] as const)('truncates to the %s', (window, iso, expected) => {
    expect(periodStart(iso, window)).toBe(expected);
  });
});

import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { ENTITY_CATEGORIES } from '../entities';
import { generateSyntheticNerDataset, serializeDataset } from './generate-dataset';

const COMMITTED = path.join(__dirname, 'synthetic-conllpp.json');

describe('generateSyntheticNerDataset', () => {
  const rows = generateSyntheticNerDataset();

  it('reproduces the committed file byte for byte', () => {
    expect(serializeDataset(rows)).toBe(readFileSync(COMMITTED, 'utf8'));
  });

  it('depends on the seed', () => {
    expect(serializeDataset(generateSyntheticNerDataset({ seed: 7 }))).not.toBe(serializeDataset(rows));
  });

  it('makes 300 train rows then 100 test rows of distinct sentences', () => {
    expect(rows.filter((r) => r.split === 'train')).toHaveLength(300);
    expect(rows.filter((r) => r.split === 'test')).toHaveLength(100);
    expect(rows.slice(0, 300).every((r) => r.split === 'train')).toBe(true);
    expect(new Set(rows.map((r) => r.input)).size).toBe(400);
  });

  it('has 0–4 entity mentions per sentence, with every count represented', () => {
    const counts = rows.map((r) => ENTITY_CATEGORIES.reduce((n, c) => n + r.output[c].length, 0));
    expect(Math.max(...counts)).toBeLessThanOrEqual(4);
    for (const n of [0, 1, 2, 3, 4]) expect(counts.filter((c) => c === n).length).toBeGreaterThan(10);
  });

  it('has multi-word names, repeated mentions and all four categories', () => {
    expect(rows.some((r) => r.output.person.some((p) => p.split(' ').length >= 3))).toBe(true);
    expect(rows.filter((r) => ENTITY_CATEGORIES.some((c) => new Set(r.output[c]).size < r.output[c].length)).length).toBeGreaterThan(5);
    for (const c of ENTITY_CATEGORIES) expect(rows.filter((r) => r.output[c].length > 0).length).toBeGreaterThan(30);
  });

  it('labels only text that appears in the sentence, as many times as it is labelled', () => {
    for (const row of rows) {
      for (const c of ENTITY_CATEGORIES) {
        for (const entity of new Set(row.output[c])) {
          const labelled = ENTITY_CATEGORIES.reduce((n, k) => n + row.output[k].filter((e) => e === entity).length, 0);
          expect(row.input.split(entity).length - 1).toBeGreaterThanOrEqual(labelled);
        }
      }
    }
  });
});

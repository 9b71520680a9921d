import { JSON_MALFORMATIONS, renderMalformedJson } from './json-malformations';
import { createRng } from './prng';

const value = { person: ['Ana Ribeiro'], organization: [], location: ['Lima'], miscellaneous: [] };

describe('JSON malformations', () => {
  it.each(JSON_MALFORMATIONS.map((m) => m.name))('%s produces text JSON.parse rejects', (name) => {
    const m = JSON_MALFORMATIONS.find((x) => x.name === name)!;
    for (const json of [JSON.stringify(value), JSON.stringify(value, null, 2)]) {
      for (let i = 0; i < 5; i++) expect(() => JSON.parse(m.apply(json, createRng(`${name}${i}`))!)).toThrow();
    }
  });

  it('renderMalformedJson never returns valid JSON, even for values without strings', () => {
    for (let i = 0; i < 50; i++) {
      const { text } = renderMalformedJson(i % 2 ? value : { a: 1 }, createRng(String(i)));
      expect(() => JSON.parse(text)).toThrow();
    }
  });
});

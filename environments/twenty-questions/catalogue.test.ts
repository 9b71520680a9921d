import { VAGUE_QUESTIONS } from './asker-mistakes';
import { guessQuestion } from './asker-strategy';
import { ATTRIBUTE_IDS, ATTRIBUTES, CATALOGUE, findItem } from './catalogue';
import { interpretQuestion, questionNames } from './question-meaning';

describe('the 21 Questions catalogue', () => {
  it('has about sixty things with distinct names and distinct attribute vectors', () => {
    expect(CATALOGUE.length).toBeGreaterThanOrEqual(55);
    const names = CATALOGUE.flatMap((entry) => [entry.name, ...entry.aliases]);
    expect(new Set(names).size).toBe(names.length);
    const vectors = CATALOGUE.map((entry) => ATTRIBUTE_IDS.map((id) => (entry.traits.has(id) ? 1 : 0)).join(''));
    const clashes = CATALOGUE.filter((_, i) => vectors.indexOf(vectors[i]) !== i).map((entry) => entry.name);
    expect(clashes).toEqual([]);
    for (const entry of CATALOGUE) for (const trait of entry.traits) expect(ATTRIBUTE_IDS).toContain(trait);
  });

  it('defines every attribute once, and every attribute splits the catalogue', () => {
    expect(ATTRIBUTES.map((a) => a.id).sort()).toEqual([...ATTRIBUTE_IDS].sort());
    for (const attribute of ATTRIBUTES) {
      const yes = CATALOGUE.filter((entry) => entry.traits.has(attribute.id)).length;
      expect([attribute.id, yes > 0 && yes < CATALOGUE.length]).toEqual([attribute.id, true]);
    }
  });

  it('reads each canonical question as its own attribute, never as a guess', () => {
    for (const attribute of ATTRIBUTES) {
      expect([attribute.question, interpretQuestion(attribute.question)]).toEqual([attribute.question, { kind: 'attribute', attribute: attribute.id }]);
    }
    expect(interpretQuestion('Is it bigger than a bread box?')).toEqual({ kind: 'attribute', attribute: 'big' });
  });

  it('reads a question naming a thing (or an alias, or a plural) as a guess of it', () => {
    for (const entry of CATALOGUE) expect(interpretQuestion(guessQuestion(entry))).toEqual({ kind: 'guess', item: entry });
    expect(interpretQuestion('Is it a TV?')).toMatchObject({ kind: 'guess', item: { name: 'television' } });
    expect(interpretQuestion('My guess: dogs!')).toMatchObject({ kind: 'guess', item: { name: 'dog' } });
    expect(questionNames('Is the secret a mobile phone?', 'smartphone', findItem('smartphone')!.aliases)).toBe(true);
    expect(questionNames('Is it a category?', 'cat')).toBe(false);
  });

  it('keeps vague questions meaningless', () => {
    for (const question of VAGUE_QUESTIONS) expect([question, interpretQuestion(question)]).toEqual([question, { kind: 'unknown' }]);
  });

  it('finds things by name or alias, ignoring case and articles', () => {
    expect(findItem('The Fridge.')?.name).toBe('refrigerator');
    expect(findItem('a Dog')?.name).toBe('dog');
    expect(findItem('unicorn')).toBeUndefined();
  });
});

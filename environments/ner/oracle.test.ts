import { createRng } from '../../common/oracle-contract/rng';
import type { ChatCompletionRequest } from '../../common/oracle-contract/chat-request';
import type { JsonOracleAnswer } from '../../common/oracle-contract/oracle';
import { loadSyntheticRows } from './dataset';
import { asNerEntities, type NerEntities } from './entities';
import { computeExactMatch } from './metrics';
import { NER_SCHEMA_MISTAKES, nerContentMistakes } from './mistakes';
import { judgeNerExample, nerDifficulty, nerOracle } from './oracle';

const rows = loadSyntheticRows();
const request = (user: string | { type: 'text'; text: string }[]): ChatCompletionRequest => ({
  model: 'small',
  messages: [{ role: 'system', content: 'Extract entities.' }, { role: 'user', content: user }],
});

describe('nerOracle', () => {
  it('recognises a dataset sentence and answers with its gold entities', () => {
    const row = rows.find((r) => r.output.person.length > 0)!;
    const answer = nerOracle.answer(request(row.input)) as JsonOracleAnswer;
    expect(answer.kind).toBe('json');
    expect(answer.ideal).toEqual(row.output);
    expect(answer.outputKeys).toEqual(['person', 'organization', 'location', 'miscellaneous']);
  });

  it('reads text parts and a sentence on the last line of the user message', () => {
    const row = rows[10];
    expect((nerOracle.answer(request([{ type: 'text', text: row.input }])) as JsonOracleAnswer).ideal).toEqual(row.output);
    expect((nerOracle.answer(request(`Sentence:\n${row.input}`)) as JsonOracleAnswer).ideal).toEqual(row.output);
  });

  it('finds the sentence inside any template that wraps it, taking the last one when examples come first', () => {
    const [a, b] = [rows[3], rows[4]];
    expect((nerOracle.answer(request(`Text («${a.input}») — list the entities.`)) as JsonOracleAnswer).ideal).toEqual(a.output);
    expect((nerOracle.answer(request(`Example: ${a.input}\n${JSON.stringify(a.output)}\nNow: ${b.input}`)) as JsonOracleAnswer).ideal).toEqual(b.output);
  });

  it('returns null for anything else', () => {
    expect(nerOracle.answer(request('What is the capital of Norway?'))).toBeNull();
  });

  it('rates sentences with more and longer entities as harder', () => {
    const empty: NerEntities = { person: [], organization: [], location: [], miscellaneous: [] };
    const one = { ...empty, location: ['Oslo'] };
    const three = { ...empty, person: ['Mei Lin Zhou'], location: ['Oslo'], miscellaneous: ['Swedish'] };
    expect(nerDifficulty('x', empty)).toBeLessThan(nerDifficulty('x', one));
    expect(nerDifficulty('x', one)).toBeLessThan(nerDifficulty('x', three));
  });
});

describe('judging NER worked examples', () => {
  const row = rows.find((r) => r.output.person.length > 0 && r.output.location.length > 0)!;

  it('accepts the gold labels and names what wrong labels demonstrate', () => {
    expect(judgeNerExample({ input: `Sentence: ${row.input}`, output: row.output })).toEqual({ instance: row.input.trim(), correct: true, demonstrates: [] });
    const swapped = { ...row.output, person: row.output.location, location: row.output.person };
    expect(judgeNerExample({ input: row.input, output: swapped })?.demonstrates).toEqual(['mislabelled_category']);
    const missing = { ...row.output, person: [] };
    expect(judgeNerExample({ input: row.input, output: missing })?.demonstrates).toEqual(['missed_entity']);
  });

  it('is no judge of examples for other inputs or outputs that are not entities', () => {
    expect(judgeNerExample({ input: 'What is the capital of Norway?', output: row.output })).toBeNull();
    expect(judgeNerExample({ input: row.input, output: 'Marta' })).toBeNull();
  });
});

describe('NER mistakes', () => {
  const sentence = 'Prime Minister Mei Lin Zhou arrived in Oslo on Monday for talks with Swedish leaders .';
  const gold: NerEntities = { person: ['Mei Lin Zhou'], organization: [], location: ['Oslo'], miscellaneous: ['Swedish'] };
  const mistakes = nerContentMistakes(sentence);
  const byName = (name: string) => mistakes.find((m) => m.name === name)!;
  const json = gold as unknown as Record<string, unknown>;

  it.each(['missed_entity', 'mislabelled_category', 'hallucinated_entity', 'truncated_name'])('%s keeps the schema but breaks the exact match', (name) => {
    for (let i = 0; i < 20; i++) {
      const out = byName(name).apply(json, createRng(`${name}${i}`));
      const entities = asNerEntities(out);
      expect(entities).not.toBeNull();
      expect(computeExactMatch(entities!, gold)).toBe(false);
    }
  });

  it('truncates a multi-word person to the surname and hallucinates from the sentence words', () => {
    expect(byName('truncated_name').apply(json, createRng('t'))).toMatchObject({ person: ['Zhou'] });
    const hallucinated = asNerEntities(byName('hallucinated_entity').apply(json, createRng('h')))!;
    const added = Object.values(hallucinated).flat().filter((e) => !Object.values(gold).flat().includes(e));
    expect(added).toHaveLength(1);
    expect(['Prime', 'Minister', 'Monday']).toContain(added[0]);
  });

  it('does not apply where it cannot: nothing to miss, no multi-word name, no repeats', () => {
    const empty = { person: [], organization: [], location: [], miscellaneous: [] };
    const rng = createRng('n');
    expect(byName('missed_entity').apply(empty, rng)).toBeNull();
    expect(byName('truncated_name').apply({ ...empty, location: ['Oslo'] }, rng)).toBeNull();
    expect(byName('collapsed_repeats').apply(json, rng)).toBeNull();
    expect(byName('collapsed_repeats').apply({ ...empty, miscellaneous: ['Swedish', 'Swedish'] }, rng)).toEqual({ ...empty, miscellaneous: ['Swedish'] });
  });

  it('never mutates its input', () => {
    const before = JSON.stringify(json);
    for (const m of [...mistakes, ...NER_SCHEMA_MISTAKES]) m.apply(json, createRng(m.name));
    expect(JSON.stringify(json)).toBe(before);
  });

  it('schema mistakes always break the output schema', () => {
    for (const mistake of NER_SCHEMA_MISTAKES) {
      for (let i = 0; i < 10; i++) {
        const out = mistake.apply(json, createRng(`${mistake.name}${i}`));
        expect(out).not.toBeNull();
        const keys = Object.keys(out!).sort();
        const valid = asNerEntities(out) !== null && keys.join() === 'location,miscellaneous,organization,person';
        expect(valid).toBe(false);
      }
    }
  });
});

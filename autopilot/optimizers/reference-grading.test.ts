import { gradeAgainstReference } from './reference-grading';

const reference = JSON.stringify({ person: ['Tony Roche'], organization: [], location: ['Paris', 'Lyon'], miscellaneous: [] });

test('JSON answers match regardless of key order, list order, repeats, case and fences', () => {
  const answer = '```json\n{"location": ["lyon", "Paris", "Paris"], "miscellaneous": [], "organization": [], "person": ["Tony  Roche"]}\n```';
  expect(gradeAgainstReference(reference, answer).score).toBe(1);
});

test('a wrong JSON answer scores 0 and the feedback shows what was expected', () => {
  const grade = gradeAgainstReference(reference, '{"person": [], "organization": ["Tony Roche"], "location": ["Paris", "Lyon"], "miscellaneous": []}');
  expect(grade.score).toBe(0);
  expect(grade.feedback).toContain(reference);
});

test('an answer that is not JSON when JSON is expected scores 0 and says so', () => {
  const grade = gradeAgainstReference(reference, 'Sounds good. Proceed as you see fit.');
  expect(grade).toEqual({ score: 0, feedback: expect.stringContaining('not valid JSON') });
});

test('text answers compare with case and white space ignored', () => {
  expect(gradeAgainstReference('Go  forward', 'go forward\n').score).toBe(1);
  expect(gradeAgainstReference('go forward', 'turn left').score).toBe(0);
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { boundedEditDistance, phraseKey, stem } from './search-text.ts';

/** Optimal string alignment distance, the plain full table: the reference for the bounded one. */
function referenceDistance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i]![j] = Math.min(d[i]![j]!, d[i - 2]![j - 2]! + 1);
    }
  }
  return d[a.length]![b.length]!;
}

describe('search text', () => {
  it('bounded edit distance equals the full one, capped at max + 1', () => {
    const word = fc.string({ unit: fc.constantFrom(...'abcde '), maxLength: 12 });
    fc.assert(
      fc.property(word, word, fc.integer({ min: 0, max: 3 }), (a, b, max) => {
        expect(boundedEditDistance(a, b, max)).toBe(Math.min(referenceDistance(a, b), max + 1));
      }),
      { numRuns: 2000 },
    );
  });

  it('counts a swap of neighbours as one edit', () => {
    expect(boundedEditDistance('paino', 'piano', 1)).toBe(1);
    expect(boundedEditDistance('tommorow', 'tomorrow', 2)).toBe(2);
    expect(boundedEditDistance('yoga', 'yoda', 0)).toBe(1);
  });

  it('stems plurals the same way on both sides and keeps short words', () => {
    expect(['lessons', 'classes', 'mornings', 'tuesdays', 'kids', 'babies'].map(stem)).toEqual(['lesson', 'class', 'morning', 'tuesday', 'kid', 'baby']);
    expect(['les', 'uws', 'chess', 'tennis', 'bass'].map(stem)).toEqual(['les', 'uws', 'chess', 'tennis', 'bass']);
    expect(phraseKey("Hell's Kitchen")).toBe('hell kitchen');
    expect(phraseKey('Bedford-Stuyvesant (West)')).toBe('bedford stuyvesant west');
    expect(phraseKey('Español')).toBe('espanol');
  });
});

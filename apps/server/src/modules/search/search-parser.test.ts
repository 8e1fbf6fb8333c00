import { beforeAll, describe, expect, it } from 'vitest';
import { ControllableClock } from '../../platform/clock.ts';
import { parseSearchQuery } from './search-parse.policy.ts';
import { FastSearchParser } from './search-parser.ts';
import { loadSearchVocabulary, type SearchVocabulary } from './search-vocabulary.ts';

let vocabulary: SearchVocabulary;
beforeAll(() => {
  vocabulary = loadSearchVocabulary();
});

describe('FastSearchParser', () => {
  it('answers the pure parser at the clock’s now, and follows the clock', async () => {
    const clock = new ControllableClock('2026-12-01T15:00:00Z');
    const parser = new FastSearchParser(vocabulary, clock);
    const query = 'piano in park slope tomorrow evening';
    expect(await parser.parse(query)).toEqual(parseSearchQuery(vocabulary, query, clock.nowMs()));
    const tuesday = (await parser.parse(query)).when;
    clock.advance(24 * 3_600_000);
    expect((await parser.parse(query)).when).not.toEqual(tuesday);
  });

  it('never rejects, whatever the input', async () => {
    const parser = new FastSearchParser(vocabulary, new ControllableClock());
    for (const query of ['', '\u0000', 'x'.repeat(5_000), '🎹🎹', '$$$ 99999999999']) {
      await expect(parser.parse(query)).resolves.toMatchObject({ parser: 'fast' });
    }
  });
});

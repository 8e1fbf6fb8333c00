import { describe, expect, it } from 'vitest';
import { ControllableClock } from '../../platform/clock.ts';
import { LEARNED_ALIASES_CHECK_MS, LiveSearchVocabulary } from './live-vocabulary.ts';
import { FastSearchParser } from './search-parser.ts';
import type { LearnedAlias } from './search-vocabulary.ts';

const NOW = Date.parse('2026-06-01T14:00:00Z');

function setup(answers: Array<readonly LearnedAlias[] | Error>) {
  const clock = new ControllableClock(new Date(NOW));
  let calls = 0;
  const errors: unknown[] = [];
  const vocabulary = new LiveSearchVocabulary({
    clock,
    learnedAliases: async () => {
      const answer = answers[Math.min(calls++, answers.length - 1)]!;
      if (answer instanceof Error) throw answer;
      return answer;
    },
    onError: (error) => errors.push(error),
  });
  const parser = new FastSearchParser(vocabulary, clock);
  return { clock, vocabulary, parser, errors, calls: () => calls };
}

const placeOf = (parser: FastSearchParser, query: string) => parser.parseNow(query).location?.name ?? null;

describe('LiveSearchVocabulary: learned place aliases reach the parser', () => {
  it('parses a learned phrase as its neighborhood once the background check has run', async () => {
    const { vocabulary, parser } = setup([[{ phrase: 'fifth ave strip', neighborhoodCode: 'BK0602' }]]);
    expect(placeOf(parser, 'piano near fifth ave strip')).toBeNull();
    await vocabulary.settled();
    expect(placeOf(parser, 'piano near fifth ave strip')).toBe('Park Slope');
  });

  it('asks at most once per check interval, by the Clock, and again after it', async () => {
    const { clock, vocabulary, calls } = setup([[]]);
    vocabulary.current();
    await vocabulary.settled();
    vocabulary.current();
    clock.advance(LEARNED_ALIASES_CHECK_MS - 1);
    vocabulary.current();
    await vocabulary.settled();
    expect(calls()).toBe(1);
    clock.advance(1);
    vocabulary.current();
    await vocabulary.settled();
    expect(calls()).toBe(2);
  });

  it('keeps the vocabulary it has when the aliases cannot be read, and reports why', async () => {
    const { clock, vocabulary, parser, errors } = setup([[{ phrase: 'fifth ave strip', neighborhoodCode: 'BK0602' }], new Error('database down')]);
    vocabulary.current();
    await vocabulary.settled();
    clock.advance(LEARNED_ALIASES_CHECK_MS);
    vocabulary.current();
    await vocabulary.settled();
    expect(errors).toHaveLength(1);
    expect(placeOf(parser, 'piano near fifth ave strip')).toBe('Park Slope');
  });

  it('never lets a learned alias change what a name or a hand-written alias means', async () => {
    const { vocabulary, parser } = setup([
      [
        { phrase: 'uws', neighborhoodCode: 'BK0602' },
        { phrase: 'astoria', neighborhoodCode: 'BK0602' },
        { phrase: 'somewhere odd', neighborhoodCode: 'XX9999' },
      ],
    ]);
    await vocabulary.refresh();
    expect(placeOf(parser, 'piano uws')).toBe('Upper West Side');
    expect(placeOf(parser, 'piano astoria')).not.toBe('Park Slope');
    expect(placeOf(parser, 'piano near somewhere odd')).toBeNull();
  });

  it('without a source of learned aliases, is the shipped vocabulary and never checks', () => {
    const clock = new ControllableClock(new Date(NOW));
    const vocabulary = new LiveSearchVocabulary({ clock });
    expect(new FastSearchParser(vocabulary, clock).parseNow('yoga in the slope').location?.name).toBe('Park Slope');
  });
});

import { describe, expect, it } from 'vitest';
import {
  CHOICE_WINDOW_HOURS,
  evidenceFromRows,
  learnLocationAlias,
  learnLocationAliases,
  MIN_AGREEING_SHARE,
  MIN_AGREEING_USERS,
  type PhraseSearcher,
} from './location-alias-learning.policy.ts';

const PARK_SLOPE = 'BK0602';
const PROSPECT_HEIGHTS = 'BK0801';
const WINDSOR_TERRACE = 'BK0702';

/** `count` people, u1…, each of whom opened instructors serving `codes`. */
function people(count: number, codes: string[], from = 1): PhraseSearcher[] {
  return Array.from({ length: count }, (_, index) => ({ userId: `u${from + index}`, neighborhoodsOfOpened: codes }));
}

const learn = (searchers: PhraseSearcher[]) => learnLocationAlias({ phrase: 'the slope', searchers });

describe('location alias learning', () => {
  it('states its thresholds', () => {
    expect(MIN_AGREEING_USERS).toBe(5);
    expect(MIN_AGREEING_SHARE).toBe(0.6);
    expect(CHOICE_WINDOW_HOURS).toBe(2);
  });

  it('learns the alias when five people agree unanimously', () => {
    expect(learn(people(5, [PARK_SLOPE]))).toEqual({ phrase: 'the slope', neighborhoodCode: PARK_SLOPE, users: 5 });
  });

  it('learns nothing from four people, however unanimous', () => {
    expect(learn(people(4, [PARK_SLOPE]))).toBeNull();
  });

  it('counts a person once, however many instructors or searches point at the neighborhood', () => {
    const repeated = [...people(4, [PARK_SLOPE]), { userId: 'u1', neighborhoodsOfOpened: [PARK_SLOPE, PARK_SLOPE] }];
    expect(learn(repeated)).toBeNull();
  });

  it('needs at least 60% of the people who opened something: exactly 60% is enough', () => {
    expect(learn([...people(6, [PARK_SLOPE]), ...people(4, [WINDSOR_TERRACE], 7)])).toEqual({ phrase: 'the slope', neighborhoodCode: PARK_SLOPE, users: 6 });
  });

  it('learns nothing below 60% agreement', () => {
    expect(learn([...people(5, [PARK_SLOPE]), ...people(4, [WINDSOR_TERRACE], 6)])).toBeNull(); // 5/9 = 56%
  });

  it('ignores people who opened nothing: they say nothing about where the phrase is', () => {
    expect(learn([...people(5, [PARK_SLOPE]), ...people(20, [], 6)])).toEqual({ phrase: 'the slope', neighborhoodCode: PARK_SLOPE, users: 5 });
  });

  it('learns nothing when nobody opened anything, or nobody searched', () => {
    expect(learn(people(10, []))).toBeNull();
    expect(learn([])).toBeNull();
  });

  it('picks the neighborhood every chooser shares over neighbors only some instructors also serve', () => {
    const searchers = [
      ...people(3, [PARK_SLOPE, PROSPECT_HEIGHTS]),
      ...people(2, [PARK_SLOPE, WINDSOR_TERRACE], 4),
      ...people(1, [PARK_SLOPE], 6),
    ];
    expect(learn(searchers)).toEqual({ phrase: 'the slope', neighborhoodCode: PARK_SLOPE, users: 6 });
  });

  it('learns nothing while two neighborhoods are backed by exactly the same people', () => {
    expect(learn(people(8, [PARK_SLOPE, PROSPECT_HEIGHTS]))).toBeNull();
  });

  it('breaks such a tie as soon as one more person tells them apart', () => {
    expect(learn([...people(8, [PARK_SLOPE, PROSPECT_HEIGHTS]), ...people(1, [PARK_SLOPE], 9)])).toEqual({
      phrase: 'the slope',
      neighborhoodCode: PARK_SLOPE,
      users: 9,
    });
  });

  it('does not depend on the order of the evidence', () => {
    const searchers = [...people(3, [WINDSOR_TERRACE, PARK_SLOPE]), ...people(3, [PARK_SLOPE], 4), ...people(1, [PROSPECT_HEIGHTS], 7)];
    const expected = { phrase: 'the slope', neighborhoodCode: PARK_SLOPE, users: 6 };
    expect(learn(searchers)).toEqual(expected);
    expect(learn([...searchers].reverse())).toEqual(expected);
    expect(learn(searchers.map((searcher) => ({ ...searcher, neighborhoodsOfOpened: [...searcher.neighborhoodsOfOpened].reverse() })))).toEqual(expected);
  });

  it('learns each phrase on its own evidence', () => {
    expect(
      learnLocationAliases([
        { phrase: 'the slope', searchers: people(5, [PARK_SLOPE]) },
        { phrase: 'ph', searchers: people(3, [PROSPECT_HEIGHTS]) },
        { phrase: 'wt', searchers: people(7, [WINDSOR_TERRACE]) },
      ]),
    ).toEqual([
      { phrase: 'the slope', neighborhoodCode: PARK_SLOPE, users: 5 },
      { phrase: 'wt', neighborhoodCode: WINDSOR_TERRACE, users: 7 },
    ]);
  });

  it('groups repository rows by phrase and person, keeping people who opened nothing', () => {
    expect(
      evidenceFromRows([
        { phrase: 'the slope', userId: 'u1', neighborhoodCode: PARK_SLOPE },
        { phrase: 'the slope', userId: 'u1', neighborhoodCode: PROSPECT_HEIGHTS },
        { phrase: 'the slope', userId: 'u1', neighborhoodCode: PARK_SLOPE },
        { phrase: 'the slope', userId: 'u2', neighborhoodCode: null },
        { phrase: 'ph', userId: 'u1', neighborhoodCode: PROSPECT_HEIGHTS },
      ]),
    ).toEqual([
      {
        phrase: 'the slope',
        searchers: [
          { userId: 'u1', neighborhoodsOfOpened: [PARK_SLOPE, PROSPECT_HEIGHTS] },
          { userId: 'u2', neighborhoodsOfOpened: [] },
        ],
      },
      { phrase: 'ph', searchers: [{ userId: 'u1', neighborhoodsOfOpened: [PROSPECT_HEIGHTS] }] },
    ]);
  });
});

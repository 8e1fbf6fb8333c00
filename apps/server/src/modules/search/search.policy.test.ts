import { describe, expect, it } from 'vitest';
import type { Interval } from '../availability/slots.policy.ts';
import {
  dayLabel,
  dollars,
  higherPriceLimits,
  hourlyCents,
  laterDays,
  nextStarts,
  referenceRate,
  searchWindows,
  unresolvedLocationWords,
  wallClockInstant,
} from './search.policy.ts';
import type { SearchWhen } from './search-parse.types.ts';

const at = (iso: string) => Date.parse(iso);
const iso = (ms: number) => new Date(ms).toISOString();
const show = (windows: Interval[]) => windows.map((w) => [iso(w.start), iso(w.end)]);
const when = (partial: Partial<SearchWhen>): SearchWhen => ({ from: null, to: null, daysOfWeek: [], dayParts: [], ...partial });
const EVENING = { from: '17:00', to: '22:00' };

describe('wallClockInstant', () => {
  it('places New York wall-clock times on ordinary and DST days', () => {
    expect(iso(wallClockInstant('2026-12-01', '17:00'))).toBe('2026-12-01T22:00:00.000Z');
    expect(iso(wallClockInstant('2026-07-01', '17:00'))).toBe('2026-07-01T21:00:00.000Z');
    // Spring forward (23-hour day): midnight is EST, the evening EDT.
    expect(iso(wallClockInstant('2026-03-08', '00:00'))).toBe('2026-03-08T05:00:00.000Z');
    expect(iso(wallClockInstant('2026-03-08', '17:00'))).toBe('2026-03-08T21:00:00.000Z');
    // Fall back (25-hour day): midnight is EDT, the evening EST.
    expect(iso(wallClockInstant('2026-11-01', '00:00'))).toBe('2026-11-01T04:00:00.000Z');
    expect(iso(wallClockInstant('2026-11-01', '17:00'))).toBe('2026-11-01T22:00:00.000Z');
    expect(iso(wallClockInstant('2026-11-01', '24:00'))).toBe('2026-11-02T05:00:00.000Z');
  });
});

describe('searchWindows', () => {
  const now = at('2026-12-01T15:00:00Z'); // Tuesday 10:00 New York

  it('defaults to now + minimum notice → 14 days, on the quarter-hour', () => {
    expect(show(searchWindows(null, at('2026-12-01T15:07:00Z')))).toEqual([['2026-12-01T17:15:00.000Z', '2026-12-15T15:07:00.000Z']]);
  });

  it('lays day parts on each day, weekdays only when asked', () => {
    const windows = searchWindows(when({ daysOfWeek: [1, 2, 3, 4, 5], dayParts: [EVENING] }), now);
    expect(windows).toHaveLength(10);
    expect(show(windows).slice(0, 4)).toEqual([
      ['2026-12-01T22:00:00.000Z', '2026-12-02T03:00:00.000Z'],
      ['2026-12-02T22:00:00.000Z', '2026-12-03T03:00:00.000Z'],
      ['2026-12-03T22:00:00.000Z', '2026-12-04T03:00:00.000Z'],
      ['2026-12-04T22:00:00.000Z', '2026-12-05T03:00:00.000Z'],
    ]);
    // Saturday 5th and Sunday 6th are skipped.
    expect(show(windows)[4]).toEqual(['2026-12-07T22:00:00.000Z', '2026-12-08T03:00:00.000Z']);
  });

  it('clips today’s part to the minimum notice, and drops a part already gone', () => {
    const afternoon = { from: '12:00', to: '17:00' };
    expect(show(searchWindows(when({ from: '2026-12-01T15:00:00Z', to: '2026-12-02T05:00:00Z', dayParts: [afternoon] }), now))).toEqual([
      ['2026-12-01T17:00:00.000Z', '2026-12-01T22:00:00.000Z'],
    ]);
    const morning = { from: '06:00', to: '12:00' };
    expect(searchWindows(when({ from: '2026-12-01T15:00:00Z', to: '2026-12-02T05:00:00Z', dayParts: [morning] }), at('2026-12-01T16:30:00Z'))).toEqual([]);
  });

  it('keeps evenings at 17:00 local across spring forward (2026-03-08) and fall back (2026-11-01)', () => {
    const sundayEvening = (from: string, to: string, nowIso: string) =>
      show(searchWindows(when({ from, to, dayParts: [EVENING] }), at(nowIso)));
    expect(sundayEvening('2026-03-08T05:00:00Z', '2026-03-09T04:00:00Z', '2026-03-06T15:00:00Z')).toEqual([
      ['2026-03-08T21:00:00.000Z', '2026-03-09T02:00:00.000Z'],
    ]);
    expect(sundayEvening('2026-11-01T04:00:00Z', '2026-11-02T05:00:00Z', '2026-10-30T15:00:00Z')).toEqual([
      ['2026-11-01T22:00:00.000Z', '2026-11-02T03:00:00.000Z'],
    ]);
  });

  it('merges whole days into one range and bounds a far window', () => {
    expect(show(searchWindows(when({ daysOfWeek: [6, 7] }), now))).toEqual([
      ['2026-12-05T05:00:00.000Z', '2026-12-07T05:00:00.000Z'],
      ['2026-12-12T05:00:00.000Z', '2026-12-14T05:00:00.000Z'],
    ]);
    const far = searchWindows(when({ from: '2026-12-02T05:00:00Z', to: '2027-12-02T05:00:00Z' }), now);
    expect(far[0]!.end - far[0]!.start).toBe(56 * 24 * 3_600_000);
  });

  it('is empty for a window that ended', () => {
    expect(searchWindows(when({ from: '2026-11-20T05:00:00Z', to: '2026-11-21T05:00:00Z' }), now)).toEqual([]);
  });
});

describe('hourly price', () => {
  it('is the 60-minute rate, else prorated from the closest priced length (the longer on a tie)', () => {
    expect(hourlyCents([{ durationMinutes: 30, rateCents: 5_000 }, { durationMinutes: 60, rateCents: 9_000 }])).toBe(9_000);
    expect(hourlyCents([{ durationMinutes: 45, rateCents: 6_300 }, { durationMinutes: 90, rateCents: 20_000 }])).toBe(8_400);
    expect(referenceRate([{ durationMinutes: 30, rateCents: 4_000 }, { durationMinutes: 90, rateCents: 13_500 }])).toEqual({ durationMinutes: 90, rateCents: 13_500 });
    expect(hourlyCents([{ durationMinutes: 30, rateCents: 4_001 }])).toBe(8_002);
    expect(hourlyCents([])).toBeNull();
  });
});

describe('nextStarts', () => {
  const free = [
    { start: at('2026-12-02T22:00:00Z'), end: at('2026-12-03T00:30:00Z') },
    { start: at('2026-12-03T22:00:00Z'), end: at('2026-12-04T02:00:00Z') },
  ];
  const windows = [{ start: at('2026-12-02T22:00:00Z'), end: at('2026-12-03T03:00:00Z') }, { start: at('2026-12-03T22:00:00Z'), end: at('2026-12-04T03:00:00Z') }];

  it('gives up to three non-overlapping starts, the preferred length first and a shorter one when only it fits', () => {
    expect(nextStarts(free, windows, [30, 60], 60)).toEqual([
      { start: '2026-12-02T22:00:00.000Z', durationMinutes: 60 },
      { start: '2026-12-02T23:00:00.000Z', durationMinutes: 60 },
      { start: '2026-12-03T00:00:00.000Z', durationMinutes: 30 },
    ]);
  });

  it('skips what does not fit and continues in the next window', () => {
    expect(nextStarts(free, windows, [90], 90)).toEqual([
      { start: '2026-12-02T22:00:00.000Z', durationMinutes: 90 },
      { start: '2026-12-03T22:00:00.000Z', durationMinutes: 90 },
      { start: '2026-12-03T23:30:00.000Z', durationMinutes: 90 },
    ]);
  });

  it('starts only inside the window and on quarter-hours, and never with no priced length', () => {
    const late = [{ start: at('2026-12-02T23:10:00Z'), end: at('2026-12-03T03:00:00Z') }];
    expect(nextStarts(free, late, [60], 60, 1)).toEqual([{ start: '2026-12-02T23:15:00.000Z', durationMinutes: 60 }]);
    expect(nextStarts(free, windows, [], 60)).toEqual([]);
    expect(nextStarts([], windows, [60], 60)).toEqual([]);
  });
});

describe('relaxations', () => {
  it('offers +25% and +50% in whole dollars', () => {
    expect(higherPriceLimits(9_000)).toEqual([11_300, 13_500]);
    expect(higherPriceLimits(8_800)).toEqual([11_000, 13_200]);
    expect(dollars(11_000)).toBe('$110');
    expect(dollars(7_250)).toBe('$72.50');
  });

  it('names later days as people say them', () => {
    const now = at('2026-12-01T15:00:00Z');
    expect(dayLabel('2026-12-01', now)).toBe('today');
    expect(dayLabel('2026-12-02', now)).toBe('tomorrow');
    expect(dayLabel('2026-12-03', now)).toBe('on Thursday');
    expect(dayLabel('2026-12-10', now)).toBe('on Thu, Dec 10');
  });

  it('looks at the 7 days after the window with the same day parts', () => {
    const days = laterDays(when({ daysOfWeek: [2], dayParts: [EVENING] }), at('2026-12-03T03:00:00Z'));
    expect(days.map((day) => day.date)).toEqual(['2026-12-03', '2026-12-04', '2026-12-05', '2026-12-06', '2026-12-07', '2026-12-08', '2026-12-09']);
    expect(days[0]!.when).toEqual({ from: '2026-12-03T05:00:00.000Z', to: '2026-12-04T05:00:00.000Z', daysOfWeek: [], dayParts: [EVENING] });
  });
});

describe('unresolvedLocationWords', () => {
  it('keeps the unexplained words after in / near / around', () => {
    expect(unresolvedLocationWords('piano near fooville barbers', ['fooville', 'barbers'])).toEqual(['fooville barbers']);
    expect(unresolvedLocationWords('piano in gowanus heightsy tomorrow', ['heightsy'])).toEqual(['heightsy']);
    expect(unresolvedLocationWords('Guitar AROUND Ditmas-Corner', ['ditmas', 'corner'])).toEqual(['ditmas corner']);
  });

  it('ignores unexplained words elsewhere, and queries with none', () => {
    expect(unresolvedLocationWords('bebop piano in park slope', ['bebop'])).toEqual([]);
    expect(unresolvedLocationWords('piano in park slope', [])).toEqual([]);
    expect(unresolvedLocationWords('', ['x'])).toEqual([]);
  });
});

import { describe, expect, it } from 'vitest';
import { templateCellsFor, templateDayFromRanges } from './availability.policy.ts';
import { addDays, dayStartMs } from './day-cells.ts';
import {
  availableIntervals,
  blockedIntervals,
  bookableStarts,
  DEFAULT_BUFFER_MINUTES,
  DEFAULT_MINIMUM_NOTICE_MINUTES,
  mergeIntervals,
  subtractIntervals,
  type SlotQuery,
} from './slots.policy.ts';
import { referenceBookableStarts } from './slots.reference.ts';

/** A day available at the given New York wall-clock ranges. */
const day = (date: string, ...ranges: Array<[string, string]>) => ({ date, cells: templateCellsFor(date, templateDayFromRanges(ranges)) });
const at = (iso: string) => new Date(iso);
const LONG_AGO = at('2026-01-01T00:00:00Z');

/** Whole dates as the window, no notice and no buffer unless the test says so. */
function query(overrides: Partial<SlotQuery> & Pick<SlotQuery, 'days'>): SlotQuery {
  const dates = overrides.days.map((d) => d.date).sort();
  return {
    durationMinutes: 60,
    bufferMinutes: 0,
    minimumNoticeMinutes: 0,
    now: LONG_AGO,
    from: new Date(dayStartMs(dates[0]!)),
    to: new Date(dayStartMs(addDays(dates[dates.length - 1]!, 1))),
    ...overrides,
  };
}

/** Runs both implementations; they must agree on every example too. */
function starts(q: SlotQuery): string[] {
  const fast = bookableStarts(q);
  expect(fast).toEqual(referenceBookableStarts(q));
  return fast;
}

/** Every 15 minutes from `first` to `last` (ISO instants, both included). */
function every15(first: string, last: string): string[] {
  const out: string[] = [];
  for (let ms = Date.parse(first); ms <= Date.parse(last); ms += 15 * 60_000) out.push(new Date(ms).toISOString());
  return out;
}

describe('interval algebra', () => {
  it('merges overlapping and touching intervals, dropping empty ones', () => {
    expect(
      mergeIntervals([
        { start: 10, end: 20 },
        { start: 0, end: 5 },
        { start: 5, end: 7 },
        { start: 15, end: 30 },
        { start: 40, end: 40 },
      ]),
    ).toEqual([
      { start: 0, end: 7 },
      { start: 10, end: 30 },
    ]);
  });

  it('subtracts holes, including one spanning several intervals', () => {
    const from = [
      { start: 0, end: 10 },
      { start: 20, end: 30 },
      { start: 40, end: 50 },
    ];
    expect(subtractIntervals(from, [{ start: 5, end: 45 }])).toEqual([
      { start: 0, end: 5 },
      { start: 45, end: 50 },
    ]);
    expect(
      subtractIntervals(from, [
        { start: 2, end: 3 },
        { start: 8, end: 22 },
        { start: 30, end: 40 },
      ]),
    ).toEqual([
      { start: 0, end: 2 },
      { start: 3, end: 8 },
      { start: 22, end: 30 },
      { start: 40, end: 50 },
    ]);
    expect(subtractIntervals(from, [])).toEqual(from);
    expect(subtractIntervals(from, [{ start: -5, end: 100 }])).toEqual([]);
    expect(subtractIntervals([], [{ start: 0, end: 1 }])).toEqual([]);
  });

  it('joins availability across midnight and leaves blackout days out', () => {
    const days = [day('2026-11-24', ['22:00', '24:00']), day('2026-11-25', ['00:00', '01:00'])];
    expect(availableIntervals(days)).toEqual([{ start: Date.parse('2026-11-25T03:00:00Z'), end: Date.parse('2026-11-25T06:00:00Z') }]);
    expect(availableIntervals(days, ['2026-11-25'])).toEqual([
      { start: Date.parse('2026-11-25T03:00:00Z'), end: Date.parse('2026-11-25T05:00:00Z') },
    ]);
  });

  it('widens bookings by the buffer and refuses bookings that end before they start', () => {
    expect(blockedIntervals([{ start: at('2026-11-24T15:00:00Z'), end: at('2026-11-24T16:00:00Z') }], 15)).toEqual([
      { start: Date.parse('2026-11-24T14:45:00Z'), end: Date.parse('2026-11-24T16:15:00Z') },
    ]);
    expect(() => blockedIntervals([{ start: at('2026-11-24T15:00:00Z'), end: at('2026-11-24T15:00:00Z') }], 0)).toThrow(RangeError);
  });
});

describe('bookable starts', () => {
  it('defaults to a 15-minute buffer and 2 hours of notice', () => {
    expect(DEFAULT_BUFFER_MINUTES).toBe(15);
    expect(DEFAULT_MINIMUM_NOTICE_MINUTES).toBe(120);
  });

  it('offers every quarter-hour at which the whole lesson fits', () => {
    // 09:00–12:00 EST = 14:00–17:00Z; a 60-minute lesson may start 09:00 … 11:00.
    expect(starts(query({ days: [day('2026-11-24', ['09:00', '12:00'])] }))).toEqual(
      every15('2026-11-24T14:00:00Z', '2026-11-24T16:00:00Z'),
    );
  });

  it('fits a 90-minute lesson at the end of the day: last start 15:30 for 09:00–17:00', () => {
    const result = starts(query({ days: [day('2026-11-24', ['09:00', '17:00'])], durationMinutes: 90 }));
    expect(result[0]).toBe('2026-11-24T14:00:00.000Z');
    expect(result.at(-1)).toBe('2026-11-24T20:30:00.000Z'); // 15:30 EST
    expect(result).not.toContain('2026-11-24T20:45:00.000Z');
  });

  it('needs every quarter-hour of the lesson: a gap splits the day', () => {
    const result = starts(query({ days: [day('2026-11-24', ['09:00', '10:00'], ['10:15', '11:30'])] }));
    expect(result).toEqual(['2026-11-24T14:00:00.000Z', ...every15('2026-11-24T15:15:00Z', '2026-11-24T15:30:00Z')]);
  });

  it('keeps the minimum notice: nothing starts sooner than now + notice', () => {
    const days = [day('2026-11-24', ['08:00', '14:00'])];
    const now = at('2026-11-24T13:10:00Z'); // 08:10 EST
    const result = starts(query({ days, now, minimumNoticeMinutes: 120 }));
    expect(result[0]).toBe('2026-11-24T15:15:00.000Z'); // 10:15, the first quarter-hour at or after 10:10
    // Exactly at the notice boundary counts.
    expect(starts(query({ days, now: at('2026-11-24T13:00:00Z'), minimumNoticeMinutes: 120 }))[0]).toBe('2026-11-24T15:00:00.000Z');
    // Notice longer than what is left of the day: nothing.
    expect(starts(query({ days, now, minimumNoticeMinutes: 24 * 60 }))).toEqual([]);
  });

  it('keeps the buffer free on both sides of a booking', () => {
    const days = [day('2026-11-24', ['09:00', '13:00'])];
    const bookings = [{ start: at('2026-11-24T15:00:00Z'), end: at('2026-11-24T16:00:00Z') }]; // 10:00–11:00 EST
    // Blocked 09:45–11:15: a 09:00 lesson would end inside the buffer.
    expect(starts(query({ days, bookings, bufferMinutes: 15 }))).toEqual(every15('2026-11-24T16:15:00Z', '2026-11-24T17:00:00Z'));
    // Without a buffer, back-to-back lessons are fine.
    expect(starts(query({ days, bookings, bufferMinutes: 0 }))).toEqual([
      '2026-11-24T14:00:00.000Z',
      ...every15('2026-11-24T16:00:00Z', '2026-11-24T17:00:00Z'),
    ]);
    // A 30-minute buffer pushes both sides further.
    expect(starts(query({ days, bookings, bufferMinutes: 30, durationMinutes: 30 }))).toEqual([
      '2026-11-24T14:00:00.000Z',
      ...every15('2026-11-24T16:30:00Z', '2026-11-24T17:30:00Z'),
    ]);
  });

  it('handles bookings at odd minutes by rounding the next start up to the grid', () => {
    const days = [day('2026-11-24', ['09:00', '13:00'])];
    const bookings = [{ start: at('2026-11-24T14:05:00Z'), end: at('2026-11-24T14:50:00Z') }];
    expect(starts(query({ days, bookings, bufferMinutes: 15 }))[0]).toBe('2026-11-24T15:15:00.000Z');
  });

  it('blocks both days around a booking that crosses midnight', () => {
    const days = [day('2026-11-24', ['20:00', '24:00']), day('2026-11-25', ['00:00', '03:00'])];
    const bookings = [{ start: at('2026-11-25T04:30:00Z'), end: at('2026-11-25T05:30:00Z') }]; // 23:30–00:30 EST
    const result = starts(query({ days, bookings, bufferMinutes: 15 }));
    // Blocked 23:15–00:45: the last lesson before ends 23:15, the first after starts 00:45.
    expect(result.at(0)).toBe('2026-11-25T01:00:00.000Z');
    expect(result).toContain('2026-11-25T03:15:00.000Z'); // 22:15
    expect(result).not.toContain('2026-11-25T03:30:00.000Z');
    expect(result).not.toContain('2026-11-25T05:30:00.000Z'); // 00:30
    expect(result).toContain('2026-11-25T05:45:00.000Z'); // 00:45
    expect(result.at(-1)).toBe('2026-11-25T07:00:00.000Z'); // 02:00, ends 03:00
  });

  it('lets a lesson cross midnight when both days are available, and only then', () => {
    const evening = day('2026-11-24', ['20:00', '24:00']);
    const night = day('2026-11-25', ['00:00', '02:00']);
    const both = starts(query({ days: [evening, night], durationMinutes: 90 }));
    expect(both).toContain('2026-11-25T04:30:00.000Z'); // 23:30 → 01:00
    expect(both.at(-1)).toBe('2026-11-25T05:30:00.000Z'); // 00:30 → 02:00
    const eveningOnly = starts(query({ days: [evening], durationMinutes: 90, to: at('2026-11-26T05:00:00Z') }));
    expect(eveningOnly.at(-1)).toBe('2026-11-25T03:30:00.000Z'); // 22:30 → 24:00
    // A start within the window may end after it: the window bounds starts, not ends.
    const startsOnTheFirstDay = starts(query({ days: [evening, night], durationMinutes: 90, to: at('2026-11-25T05:00:00Z') }));
    expect(startsOnTheFirstDay.at(-1)).toBe('2026-11-25T04:45:00.000Z');
  });

  it('offers nothing on a blackout date, not even a lesson running into it', () => {
    const days = [day('2026-11-24', ['20:00', '24:00']), day('2026-11-25', ['00:00', '12:00'])];
    const result = starts(query({ days, blackouts: ['2026-11-25'], durationMinutes: 90 }));
    expect(result.at(-1)).toBe('2026-11-25T03:30:00.000Z'); // 22:30 on the 24th, ending at midnight
    expect(result.every((start) => start < '2026-11-25T05:00:00.000Z')).toBe(true);
  });

  it('on spring-forward, runs a lesson from 01:30 EST straight into 03:00 EDT', () => {
    // Template 00:00–06:00 on 2026-03-08: real time 05:00Z–10:00Z (5 hours, the 2 AM hour never happens).
    const result = starts(query({ days: [day('2026-03-08', ['00:00', '06:00'])] }));
    expect(result).toEqual(every15('2026-03-08T05:00:00Z', '2026-03-08T09:00:00Z'));
    expect(result).toContain('2026-03-08T06:30:00.000Z'); // 01:30 EST → 03:30 EDT: one real hour
    expect(result.at(-1)).toBe('2026-03-08T09:00:00.000Z'); // 05:00 EDT → 06:00 EDT
  });

  it('on spring-forward, measures notice and day-end in real time', () => {
    const days = [day('2026-03-08', ['00:00', '24:00'])];
    // now 00:30 EST; two hours of notice later is 03:30 EDT (02:30 EST does not exist).
    const result = starts(query({ days, now: at('2026-03-08T05:30:00Z'), minimumNoticeMinutes: 120, durationMinutes: 90 }));
    expect(result[0]).toBe('2026-03-08T07:30:00.000Z');
    expect(result.at(-1)).toBe('2026-03-09T02:30:00.000Z'); // 22:30 EDT
    expect(result).toHaveLength((23 * 60 - 150 - 90) / 15 + 1);
  });

  it('on fall-back, offers the repeated hour twice', () => {
    // Template 01:00–02:00 on 2026-11-01: both 01:00 EDT (05:00Z) and 01:00 EST (06:00Z) hours.
    const days = [day('2026-11-01', ['01:00', '02:00'])];
    expect(starts(query({ days, durationMinutes: 90 }))).toEqual(every15('2026-11-01T05:00:00Z', '2026-11-01T05:30:00Z'));
    expect(starts(query({ days, durationMinutes: 60 }))).toEqual(every15('2026-11-01T05:00:00Z', '2026-11-01T06:00:00Z'));
  });

  it('on fall-back, the whole 25-hour day is bookable to its end', () => {
    const result = starts(query({ days: [day('2026-11-01', ['00:00', '24:00'])], durationMinutes: 60 }));
    expect(result).toHaveLength((25 * 60 - 60) / 15 + 1);
    expect(result.at(-1)).toBe('2026-11-02T04:00:00.000Z'); // 23:00 EST
  });

  it('keeps to the window [from, to) and the step grid', () => {
    const days = [day('2026-11-24', ['09:00', '12:00'])];
    expect(starts(query({ days, from: at('2026-11-24T14:20:00Z'), to: at('2026-11-24T15:00:00Z') }))).toEqual([
      '2026-11-24T14:30:00.000Z',
      '2026-11-24T14:45:00.000Z',
    ]);
    expect(starts(query({ days, stepMinutes: 30 }))).toEqual([
      '2026-11-24T14:00:00.000Z',
      '2026-11-24T14:30:00.000Z',
      '2026-11-24T15:00:00.000Z',
      '2026-11-24T15:30:00.000Z',
      '2026-11-24T16:00:00.000Z',
    ]);
  });

  it('treats missing days as unavailable and returns nothing for empty input', () => {
    expect(starts(query({ days: [day('2026-11-24')] }))).toEqual([]);
    expect(bookableStarts({ days: [], now: LONG_AGO, from: LONG_AGO, to: at('2026-12-01T00:00:00Z'), durationMinutes: 60 })).toEqual([]);
  });

  it('refuses nonsensical queries', () => {
    const days = [day('2026-11-24', ['09:00', '12:00'])];
    expect(() => bookableStarts(query({ days, durationMinutes: 0 }))).toThrow(RangeError);
    expect(() => bookableStarts(query({ days, durationMinutes: 22.5 }))).toThrow(RangeError);
    expect(() => bookableStarts(query({ days, bufferMinutes: -1 }))).toThrow(RangeError);
    expect(() => bookableStarts(query({ days, stepMinutes: 7 }))).toThrow(RangeError);
    expect(() => bookableStarts(query({ days: [{ date: '2026-03-08', cells: '0'.repeat(24) }] }))).toThrow(/23 hexadecimal digits/);
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { digitsFor } from './availability.policy.ts';
import { addDays, dayStartMs } from './day-cells.ts';
import { bookableStarts, mergeIntervals, subtractIntervals, type Interval, type SlotQuery } from './slots.policy.ts';
import { referenceBookableStarts } from './slots.reference.ts';

const MINUTE = 60_000;

/** First dates of the generated windows: around both 2026 clock changes, or any date 2025–2030. */
const firstDate = fc.oneof(
  fc.constantFrom('2026-03-07', '2026-03-08', '2026-10-31', '2026-11-01', '2025-11-02', '2027-03-14'),
  fc.integer({ min: 0, max: 6 * 365 }).map((offset) => addDays('2025-01-01', offset)),
);

/** Hours as a person paints them: mostly whole hours on or off, sometimes partial quarters. */
const hourDigit = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom('0', 'F') },
  { weight: 1, arbitrary: fc.constantFrom(...'0123456789ABCDEF'.split('')) },
);

const dayCells = (date: string) =>
  fc.array(hourDigit, { minLength: digitsFor(date), maxLength: digitsFor(date) }).map((digits) => digits.join(''));

const slotQuery: fc.Arbitrary<SlotQuery> = fc
  .tuple(firstDate, fc.integer({ min: 1, max: 3 }))
  .chain(([first, dayCount]) => {
    const dates = Array.from({ length: dayCount }, (_, index) => addDays(first, index));
    const windowStart = dayStartMs(first);
    const windowMinutes = (dayStartMs(addDays(first, dayCount)) - windowStart) / MINUTE;
    const minuteIn = (slack: number) => fc.integer({ min: -slack, max: windowMinutes + slack }).map((m) => windowStart + m * MINUTE);
    return fc.record({
      // Some dates have no row at all (nothing stored = unavailable); a date may even repeat.
      days: fc
        .tuple(
          ...dates.map((date) =>
            fc.option(
              dayCells(date).map((cells) => ({ date, cells })),
              { freq: 6 },
            ),
          ),
        )
        .map((days) => days.filter((d): d is { date: string; cells: string } => d !== null)),
      blackouts: fc.subarray(dates, { maxLength: 1 }),
      bookings: fc.array(
        fc.tuple(minuteIn(180), fc.integer({ min: 1, max: 240 }), fc.boolean()).map(([start, minutes, onQuarter]) => {
          const aligned = onQuarter ? Math.floor(start / (15 * MINUTE)) * 15 * MINUTE : start;
          return { start: new Date(aligned), end: new Date(aligned + minutes * MINUTE) };
        }),
        { maxLength: 5 },
      ),
      durationMinutes: fc.constantFrom(15, 30, 45, 60, 90, 20, 50, 120),
      bufferMinutes: fc.constantFrom(0, 5, 15, 30),
      minimumNoticeMinutes: fc.oneof(fc.constantFrom(0, 120), fc.integer({ min: 0, max: 12 * 60 })),
      // Usually well before the window; otherwise any millisecond in it (a clock is never on a minute boundary).
      now: fc
        .oneof(
          fc.constant(windowStart - 24 * 60 * MINUTE),
          fc.integer({ min: windowStart - 3 * 60 * MINUTE, max: windowStart + windowMinutes * MINUTE }),
        )
        .map((ms) => new Date(ms)),
      from: fc.oneof(fc.constant(windowStart), minuteIn(120)).map((ms) => new Date(ms)),
      span: fc.oneof(fc.constant(windowMinutes), fc.integer({ min: 0, max: windowMinutes + 240 })),
      stepMinutes: fc.constantFrom(15, 15, 15, 5, 10, 30, 60),
    });
  })
  .map(({ span, ...rest }) => ({ ...rest, to: new Date(rest.from.getTime() + span * MINUTE) }));

describe('bookable starts, property', () => {
  it('agrees with the minute-by-minute reference on random availability, bookings, notice and DST days', () => {
    fc.assert(
      fc.property(slotQuery, (query) => {
        expect(bookableStarts(query)).toEqual(referenceBookableStarts(query));
      }),
      { numRuns: 400 },
    );
  });

  it('returns ascending, distinct starts that all satisfy the notice and the window', () => {
    fc.assert(
      fc.property(slotQuery, (query) => {
        const starts = bookableStarts(query).map(Date.parse);
        const earliest = Math.max(query.from.getTime(), query.now.getTime() + (query.minimumNoticeMinutes ?? 120) * MINUTE);
        starts.forEach((start, index) => {
          if (index > 0) expect(start).toBeGreaterThan(starts[index - 1]!);
          expect(start).toBeGreaterThanOrEqual(earliest);
          expect(start).toBeLessThan(query.to.getTime());
        });
      }),
      { numRuns: 200 },
    );
  });
});

describe('interval algebra, property', () => {
  const intervals = fc.array(
    fc.tuple(fc.integer({ min: 0, max: 200 }), fc.integer({ min: 0, max: 40 })).map(([start, length]) => ({ start, end: start + length })),
    { maxLength: 12 },
  );
  const points = (list: readonly Interval[]) => {
    const set = new Set<number>();
    for (const { start, end } of list) for (let p = start; p < end; p++) set.add(p);
    return [...set].sort((a, b) => a - b);
  };
  const normalized = (list: readonly Interval[]) =>
    list.every((interval, index) => interval.end > interval.start && (index === 0 || interval.start > list[index - 1]!.end));

  it('merge keeps the same points, sorted, disjoint and not touching', () => {
    fc.assert(
      fc.property(intervals, (list) => {
        const merged = mergeIntervals(list);
        expect(points(merged)).toEqual(points(list));
        expect(normalized(merged)).toBe(true);
      }),
    );
  });

  it('subtract is set difference', () => {
    fc.assert(
      fc.property(intervals, intervals, (a, b) => {
        const difference = subtractIntervals(mergeIntervals(a), mergeIntervals(b));
        const minus = new Set(points(b));
        expect(points(difference)).toEqual(points(a).filter((p) => !minus.has(p)));
        expect(difference.every((interval) => interval.end > interval.start)).toBe(true);
      }),
    );
  });
});

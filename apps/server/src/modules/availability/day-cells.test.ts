import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addDays,
  cellCount,
  cellIndexAt,
  cellStartsMs,
  dateOf,
  datesFrom,
  dayEndMs,
  dayStartMs,
  daysBetween,
  isCalendarDate,
  isoInstant,
  isoWeekday,
  mondayOf,
  utcOffsetMs,
  wallClockMinutes,
} from './day-cells.ts';

const iso = (ms: number) => new Date(ms).toISOString();
const HOUR = 3_600_000;

/** The US rule, written independently of Intl: since 2007 second Sunday of March / first Sunday of November; before, first Sunday of April / last Sunday of October. */
function usChangeDays(year: number): { springForward: string; fallBack: string } {
  const nthSunday = (month: number, n: number) => {
    const first = new Date(Date.UTC(year, month - 1, 1)).getUTCDay();
    return Date.UTC(year, month - 1, 1 + ((7 - first) % 7) + 7 * (n - 1));
  };
  const lastSunday = (month: number) => {
    const last = new Date(Date.UTC(year, month, 0));
    return last.getTime() - last.getUTCDay() * 86_400_000;
  };
  const date = (ms: number) => iso(ms).slice(0, 10);
  return year >= 2007
    ? { springForward: date(nthSunday(3, 2)), fallBack: date(nthSunday(11, 1)) }
    : { springForward: date(nthSunday(4, 1)), fallBack: date(lastSunday(10)) };
}

describe('day cells', () => {
  it('has 96 cells on a normal day, 92 when clocks spring forward and 100 when they fall back', () => {
    expect(cellCount('2026-11-23')).toBe(96);
    expect(cellCount('2026-03-08')).toBe(92);
    expect(cellCount('2026-11-01')).toBe(100);
    expect(cellCount('2026-03-07')).toBe(96);
    expect(cellCount('2026-03-09')).toBe(96);
    expect(cellCount('2026-10-31')).toBe(96);
    expect(cellCount('2026-11-02')).toBe(96);
  });

  it('finds exactly the two change days of every year 2000–2099, matching the US rule', () => {
    for (let year = 2000; year <= 2099; year++) {
      const expected = usChangeDays(year);
      const odd = datesFrom(`${year}-01-01`, `${year}-12-31`)
        .map((date) => [date, cellCount(date)] as const)
        .filter(([, count]) => count !== 96);
      expect(odd, String(year)).toEqual([
        [expected.springForward, 92],
        [expected.fallBack, 100],
      ]);
    }
  });

  it('starts each day at local midnight: 05:00Z in winter, 04:00Z in summer', () => {
    expect(iso(dayStartMs('2026-11-23'))).toBe('2026-11-23T05:00:00.000Z');
    expect(iso(dayStartMs('2026-07-04'))).toBe('2026-07-04T04:00:00.000Z');
    // The change days themselves begin in the old offset.
    expect(iso(dayStartMs('2026-03-08'))).toBe('2026-03-08T05:00:00.000Z');
    expect(iso(dayStartMs('2026-11-01'))).toBe('2026-11-01T04:00:00.000Z');
    expect(iso(dayEndMs('2026-03-08'))).toBe('2026-03-09T04:00:00.000Z');
    expect(iso(dayEndMs('2026-11-01'))).toBe('2026-11-02T05:00:00.000Z');
  });

  it('lays cells end to end from midnight; on spring-forward, 01:45 EST is followed by 03:00 EDT', () => {
    const cells = cellStartsMs('2026-03-08');
    expect(cells).toHaveLength(92);
    expect(iso(cells[0]!)).toBe('2026-03-08T05:00:00.000Z');
    expect(iso(cells[7]!)).toBe('2026-03-08T06:45:00.000Z');
    expect(wallClockMinutes(cells[7]!)).toBe(1 * 60 + 45);
    expect(iso(cells[8]!)).toBe('2026-03-08T07:00:00.000Z');
    expect(wallClockMinutes(cells[8]!)).toBe(3 * 60);
    expect(iso(cells[91]!)).toBe('2026-03-09T03:45:00.000Z');
    expect(wallClockMinutes(cells[91]!)).toBe(23 * 60 + 45);
  });

  it('on fall-back, 01:00–01:45 happens twice (EDT, then EST)', () => {
    const cells = cellStartsMs('2026-11-01');
    expect(cells).toHaveLength(100);
    expect(iso(cells[4]!)).toBe('2026-11-01T05:00:00.000Z');
    expect(iso(cells[8]!)).toBe('2026-11-01T06:00:00.000Z');
    expect([4, 5, 6, 7, 8, 9, 10, 11].map((index) => wallClockMinutes(cells[index]!))).toEqual([60, 75, 90, 105, 60, 75, 90, 105]);
    expect(utcOffsetMs(cells[4]!)).toBe(-4 * HOUR);
    expect(utcOffsetMs(cells[8]!)).toBe(-5 * HOUR);
    expect(iso(cells[99]!)).toBe('2026-11-02T04:45:00.000Z');
    expect(wallClockMinutes(cells[99]!)).toBe(23 * 60 + 45);
  });

  it('gives consecutive days adjoining cells and every cell the date it belongs to (2026, all days)', () => {
    for (const date of datesFrom('2026-01-01', '2026-12-31')) {
      const cells = cellStartsMs(date);
      expect(dayEndMs(date)).toBe(dayStartMs(addDays(date, 1)));
      expect(cells.every((start, index) => index === 0 || start - cells[index - 1]! === 15 * 60_000)).toBe(true);
      expect(dateOf(cells[0]!)).toBe(date);
      expect(dateOf(cells[cells.length - 1]!)).toBe(date);
      expect(dateOf(dayEndMs(date))).toBe(addDays(date, 1));
      expect(wallClockMinutes(cells[0]!)).toBe(0);
    }
  });

  it('finds the cell containing an instant, or -1 on another date', () => {
    expect(cellIndexAt('2026-11-23', Date.parse('2026-11-23T14:07:00Z'))).toBe(36); // 09:07 EST
    expect(cellIndexAt('2026-11-23', Date.parse('2026-11-23T04:59:59Z'))).toBe(-1);
    expect(cellIndexAt('2026-11-23', Date.parse('2026-11-24T05:00:00Z'))).toBe(-1);
    expect(cellIndexAt('2026-11-01', Date.parse('2026-11-01T06:00:00Z'))).toBe(8);
  });

  it('reads the New York date of instants around midnight', () => {
    expect(dateOf(Date.parse('2026-11-24T04:59:59.999Z'))).toBe('2026-11-23');
    expect(dateOf(Date.parse('2026-11-24T05:00:00Z'))).toBe('2026-11-24');
    expect(dateOf(Date.parse('2026-07-05T03:59:00Z'))).toBe('2026-07-04');
  });

  it('does calendar arithmetic without time zones', () => {
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2028-03-01', -1)).toBe('2028-02-29');
    expect(daysBetween('2026-11-23', '2027-01-18')).toBe(56);
    expect(isoWeekday('2026-11-23')).toBe(1);
    expect(isoWeekday('2026-11-29')).toBe(7);
    expect(isoWeekday('2000-01-01')).toBe(6);
    expect(mondayOf('2026-11-29')).toBe('2026-11-23');
    expect(mondayOf('2026-11-23')).toBe('2026-11-23');
    expect(datesFrom('2026-02-27', '2026-03-02')).toEqual(['2026-02-27', '2026-02-28', '2026-03-01', '2026-03-02']);
    expect(datesFrom('2026-03-02', '2026-03-01')).toEqual([]);
  });

  it('accepts only real dates in the supported years', () => {
    expect(isCalendarDate('2028-02-29')).toBe(true);
    expect(isCalendarDate('2026-02-29')).toBe(false);
    expect(isCalendarDate('2026-13-01')).toBe(false);
    expect(isCalendarDate('2026-1-01')).toBe(false);
    expect(isCalendarDate('1999-12-31')).toBe(false);
    expect(isCalendarDate('2100-01-01')).toBe(false);
    expect(() => cellCount('2026-02-30')).toThrow(RangeError);
  });

  it('formats instants exactly like toISOString', () => {
    expect(isoInstant(Date.parse('2026-11-24T04:45:00Z'))).toBe('2026-11-24T04:45:00.000Z');
    expect(isoInstant(Date.parse('2026-12-31T23:59:59.999Z'))).toBe('2026-12-31T23:59:59.999Z');
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2100, 0, 1) }), (ms) => {
        expect(isoInstant(ms)).toBe(new Date(ms).toISOString());
      }),
      { numRuns: 2000 },
    );
  });
});

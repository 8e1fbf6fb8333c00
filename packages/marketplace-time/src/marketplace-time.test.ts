import { describe, expect, it } from 'vitest';
import {
  addDays,
  datesFrom,
  dayEndMs,
  dayStartMs,
  daysBetween,
  isDate,
  isoWeekday,
  MARKETPLACE_TIME_ZONE,
  marketplaceDate,
  mondayOf,
  utcOffsetMs,
  wallClockMinutes,
} from './marketplace-time.ts';

const at = (iso: string) => Date.parse(iso);
const HOUR = 3_600_000;

describe('marketplace time (America/New_York)', () => {
  it('is New York time', () => {
    expect(MARKETPLACE_TIME_ZONE).toBe('America/New_York');
    expect(utcOffsetMs(at('2027-01-15T12:00:00Z'))).toBe(-5 * HOUR);
    expect(utcOffsetMs(at('2027-07-15T12:00:00Z'))).toBe(-4 * HOUR);
  });

  it("gives New York's date at an instant, which is not the UTC date in the evening", () => {
    expect(marketplaceDate(at('2027-03-14T03:59:59Z'))).toBe('2027-03-13'); // 22:59:59 EST
    expect(marketplaceDate(at('2027-03-14T05:00:00Z'))).toBe('2027-03-14'); // 00:00 EST
    expect(marketplaceDate(at('2027-11-07T03:59:59Z'))).toBe('2027-11-06'); // 23:59:59 EDT
    expect(marketplaceDate(at('2027-11-07T04:00:00Z'))).toBe('2027-11-07');
  });

  it('starts days at local midnight: 23 hours when clocks spring forward, 25 when they fall back', () => {
    expect(new Date(dayStartMs('2027-03-14')).toISOString()).toBe('2027-03-14T05:00:00.000Z');
    expect(dayEndMs('2027-03-14') - dayStartMs('2027-03-14')).toBe(23 * HOUR);
    expect(dayEndMs('2027-11-07') - dayStartMs('2027-11-07')).toBe(25 * HOUR);
    expect(dayEndMs('2027-06-01') - dayStartMs('2027-06-01')).toBe(24 * HOUR);
    expect(wallClockMinutes(dayStartMs('2027-03-14') + 2 * HOUR)).toBe(3 * 60); // 02:00 does not exist
  });

  it('does calendar arithmetic on dates without any time zone', () => {
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2027-12-31', 1)).toBe('2028-01-01');
    expect(daysBetween('2027-03-10', '2027-03-17')).toBe(7);
    expect(daysBetween('2027-03-17', '2027-03-10')).toBe(-7);
    expect(isoWeekday('2027-03-14')).toBe(7);
    expect(mondayOf('2027-03-14')).toBe('2027-03-08');
    expect(mondayOf('2027-03-15')).toBe('2027-03-15');
    expect(datesFrom('2027-12-30', '2028-01-02')).toEqual(['2027-12-30', '2027-12-31', '2028-01-01', '2028-01-02']);
  });

  it('refuses what is not a calendar date', () => {
    expect(isDate('2027-02-29')).toBe(false);
    expect(isDate('2028-02-29')).toBe(true);
    expect(isDate('2027-3-1')).toBe(false);
    expect(() => addDays('2027-02-30', 1)).toThrow(RangeError);
  });
});

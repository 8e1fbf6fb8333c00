import { describe, expect, it } from 'vitest';
import { templateCellsFor, templateDayFromRanges } from './availability.policy.ts';
import { freeIntervals, tstzrangeLiteral } from './free-time.policy.ts';

const day = (date: string, ...ranges: Array<[string, string]>) => ({ date, cells: templateCellsFor(date, templateDayFromRanges(ranges)) });
const iso = (ms: number) => new Date(ms).toISOString();
const ranges = (input: Parameters<typeof freeIntervals>[0]) => freeIntervals(input).map((i) => [iso(i.start), iso(i.end)]);

describe('freeIntervals', () => {
  it('merges an evening into the next morning across midnight', () => {
    expect(
      ranges({ days: [day('2026-12-01', ['20:00', '24:00']), day('2026-12-02', ['00:00', '02:00'])], blackouts: [], bookings: [], bufferMinutes: 15 }),
    ).toEqual([['2026-12-02T01:00:00.000Z', '2026-12-02T07:00:00.000Z']]);
  });

  it('drops blackout days and cuts bookings widened by the buffer', () => {
    const days = [day('2026-12-01', ['09:00', '17:00']), day('2026-12-02', ['09:00', '17:00'])];
    const bookings = [{ start: new Date('2026-12-01T16:00:00Z'), end: new Date('2026-12-01T17:00:00Z') }];
    expect(ranges({ days, blackouts: ['2026-12-02'], bookings, bufferMinutes: 15 })).toEqual([
      ['2026-12-01T14:00:00.000Z', '2026-12-01T15:45:00.000Z'],
      ['2026-12-01T17:15:00.000Z', '2026-12-01T22:00:00.000Z'],
    ]);
  });

  it('lays DST days by elapsed time (fall back: 17:00 is 22:00 UTC)', () => {
    expect(ranges({ days: [day('2026-11-01', ['17:00', '18:00'])], blackouts: [], bookings: [], bufferMinutes: 0 })).toEqual([
      ['2026-11-01T22:00:00.000Z', '2026-11-01T23:00:00.000Z'],
    ]);
    expect(ranges({ days: [day('2026-03-08', ['17:00', '18:00'])], blackouts: [], bookings: [], bufferMinutes: 0 })).toEqual([
      ['2026-03-08T21:00:00.000Z', '2026-03-08T22:00:00.000Z'],
    ]);
  });

  it('is empty without availability', () => {
    expect(freeIntervals({ days: [], blackouts: ['2026-12-01'], bookings: [], bufferMinutes: 15 })).toEqual([]);
  });
});

describe('tstzrangeLiteral', () => {
  it('writes a half-open range of ISO instants', () => {
    expect(tstzrangeLiteral({ start: Date.UTC(2026, 11, 1, 14), end: Date.UTC(2026, 11, 1, 15) })).toBe(
      '[2026-12-01T14:00:00.000Z,2026-12-01T15:00:00.000Z)',
    );
  });
});

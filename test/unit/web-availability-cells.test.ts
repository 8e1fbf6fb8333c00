import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cellCount, cellStartsMs, wallClockMinutes } from '../../apps/server/src/modules/availability/day-cells.ts';
import { cellIndex, decodeCells, encodeCells, remapCells, toTemplateDay } from '../../apps/web/src/pages/instructor/cells.ts';

// The web editor's wall-clock ↔ cell mapping must agree with the server's, which owns the
// meaning of the bitmap (modules/availability/day-cells.ts); in particular on clock-change days.
const SPRING_FORWARD = '2027-03-14'; // 23 hours
const FALL_BACK = '2026-11-01'; // 25 hours
const NORMAL = '2026-11-23';

const bitsOf = (hex: string) => decodeCells(hex);
const onAt = (count: number, ...indexes: number[]) => Array.from({ length: count }, (_, i) => indexes.includes(i));

describe('web availability cells', () => {
  it('encodes and decodes any day losslessly', () => {
    fc.assert(
      fc.property(fc.constantFrom(92, 96, 100), fc.infiniteStream(fc.boolean()), (count, stream) => {
        const bits = [...stream.take(count)];
        expect(decodeCells(encodeCells(bits))).toEqual(bits);
      }),
    );
    expect(encodeCells(bitsOf('000000000FFFFFFFF0000000'))).toBe('000000000FFFFFFFF0000000');
  });

  it.each([NORMAL, SPRING_FORWARD, FALL_BACK])('maps wall-clock quarter-hours to the server’s cells on %s', (date) => {
    const count = cellCount(date);
    // The first cell of each wall-clock time, as the server lays the day out.
    const firstCellAt = new Map<number, number>();
    cellStartsMs(date).forEach((start, index) => {
      const minutes = wallClockMinutes(start);
      if (!firstCellAt.has(minutes)) firstCellAt.set(minutes, index);
    });
    for (let hour = 0; hour < 24; hour += 1) {
      for (let quarter = 0; quarter < 4; quarter += 1) {
        const expected = firstCellAt.get(hour * 60 + quarter * 15) ?? null;
        expect(cellIndex(hour, quarter, count), `${date} ${hour}:${quarter * 15}`).toBe(expected);
      }
    }
  });

  it('has no 02:00 hour on the spring-forward day', () => {
    expect(cellCount(SPRING_FORWARD)).toBe(92);
    expect(cellIndex(2, 0, 92)).toBeNull();
    expect(cellIndex(3, 0, 92)).toBe(8);
  });

  it('copies a day by wall-clock time between days of different lengths', () => {
    // 09:00–09:15 on a normal day.
    const nine = onAt(96, 36);
    expect(remapCells(nine, 96, 92).findIndex(Boolean)).toBe(32);
    expect(remapCells(nine, 96, 100).findIndex(Boolean)).toBe(40);
    expect(remapCells(remapCells(nine, 96, 100), 100, 96)).toEqual(nine);
    // 01:00 on a normal day fills both 01:00 hours of the fall-back day.
    const one = onAt(96, 4);
    expect(remapCells(one, 96, 100).flatMap((on, i) => (on ? [i] : []))).toEqual([4, 8]);
    // 02:30 has nowhere to go on the spring-forward day.
    expect(remapCells(onAt(96, 10), 96, 92).some(Boolean)).toBe(false);
  });

  it('round-trips a normal day through any day length and back, except the hour that does not exist', () => {
    fc.assert(
      fc.property(fc.infiniteStream(fc.boolean()), (stream) => {
        const day = [...stream.take(96)];
        expect(remapCells(remapCells(day, 96, 100), 100, 96)).toEqual(day);
        const withoutTwo = day.map((on, i) => (i >= 8 && i < 12 ? false : on));
        expect(remapCells(remapCells(day, 96, 92), 92, 96)).toEqual(withoutTwo);
      }),
    );
  });

  it('turns any day into a 24-hour template day by wall-clock time', () => {
    expect(toTemplateDay(remapCells(onAt(96, 36), 96, 100), 100)).toBe(encodeCells(onAt(96, 36)));
    expect(toTemplateDay(onAt(92, 8), 92)).toBe(encodeCells(onAt(96, 12)));
  });
});

import { describe, expect, it } from 'vitest';
import {
  cellsProblem,
  decodeCells,
  digitsFor,
  emptyCells,
  encodeCells,
  ifMatchAllows,
  normalizeCells,
  templateCellsFor,
  templateDayFromRanges,
  templateDayOf,
  templateDayProblem,
  weekDates,
  weekEtag,
  weekStartProblem,
  WEEKDAYS,
} from './availability.policy.ts';

const NINE_TO_FIVE = '000000000FFFFFFFF0000000';

describe('availability bitmap encoding', () => {
  it('packs four quarter-hours per hex digit, most significant bit first', () => {
    const bits = decodeCells(NINE_TO_FIVE);
    expect(bits).toHaveLength(96);
    expect([...bits].flatMap((bit, index) => (bit ? [index] : []))).toEqual(Array.from({ length: 32 }, (_, i) => 36 + i));
    expect([...decodeCells('8')]).toEqual([1, 0, 0, 0]);
    expect([...decodeCells('C')]).toEqual([1, 1, 0, 0]);
    expect([...decodeCells('1')]).toEqual([0, 0, 0, 1]);
    expect([...decodeCells('a')]).toEqual([1, 0, 1, 0]);
  });

  it('round-trips every digit and whole days', () => {
    for (let value = 0; value < 16; value++) {
      const digit = value.toString(16).toUpperCase();
      expect(encodeCells(decodeCells(digit))).toBe(digit);
    }
    expect(encodeCells(decodeCells(NINE_TO_FIVE))).toBe(NINE_TO_FIVE);
    expect(encodeCells([true, false, true, true])).toBe('B');
    expect(() => encodeCells([1, 0, 1])).toThrow(RangeError);
    expect(() => decodeCells('0G')).toThrow(RangeError);
  });

  it('has one digit per hour of the New York day', () => {
    expect(digitsFor('2026-11-23')).toBe(24);
    expect(digitsFor('2026-03-08')).toBe(23);
    expect(digitsFor('2026-11-01')).toBe(25);
    expect(emptyCells('2026-03-08')).toBe('0'.repeat(23));
  });

  it('explains a bitmap of the wrong length, naming the clock change', () => {
    expect(cellsProblem('2026-11-23', NINE_TO_FIVE)).toBeUndefined();
    expect(cellsProblem('2026-11-23', NINE_TO_FIVE.toLowerCase())).toBeUndefined();
    expect(cellsProblem('2026-03-08', NINE_TO_FIVE)).toBe(
      'must be 23 hexadecimal digits: 2026-03-08 has 23 hours in New York (clocks spring forward that day)',
    );
    expect(cellsProblem('2026-11-01', NINE_TO_FIVE)).toBe(
      'must be 25 hexadecimal digits: 2026-11-01 has 25 hours in New York (clocks fall back that day)',
    );
    expect(cellsProblem('2026-11-23', '0'.repeat(23))).toBe('must be 24 hexadecimal digits: 2026-11-23 has 24 hours in New York');
    expect(cellsProblem('2026-11-23', 'x'.repeat(24))).toMatch(/hexadecimal/);
    expect(normalizeCells('00ff')).toBe('00FF');
  });

  it('validates template days as normal 24-hour days', () => {
    expect(templateDayProblem(NINE_TO_FIVE)).toBeUndefined();
    expect(templateDayProblem('0'.repeat(25))).toMatch(/24 hexadecimal digits/);
    expect(templateDayProblem('Z'.repeat(24))).toMatch(/24 hexadecimal digits/);
  });
});

describe('weekly template', () => {
  it('builds a day from wall-clock ranges', () => {
    expect(templateDayFromRanges([['09:00', '17:00']])).toBe(NINE_TO_FIVE);
    expect(
      templateDayFromRanges([
        ['09:15', '09:45'],
        ['23:00', '24:00'],
      ]),
    ).toBe('000000000600000000000000'.slice(0, 23) + 'F');
    expect(templateDayFromRanges([])).toBe('0'.repeat(24));
    expect(() => templateDayFromRanges([['09:10', '10:00']])).toThrow(RangeError);
    expect(() => templateDayFromRanges([['10:00', '10:00']])).toThrow(RangeError);
  });

  it('lays a template on a normal day unchanged', () => {
    expect(templateCellsFor('2026-11-23', NINE_TO_FIVE.toLowerCase())).toBe(NINE_TO_FIVE);
  });

  it('on spring-forward, maps by wall clock and drops 02:00–03:00, which does not happen', () => {
    expect(templateCellsFor('2026-03-08', NINE_TO_FIVE)).toBe('00000000FFFFFFFF0000000');
    expect(templateCellsFor('2026-03-08', templateDayFromRanges([['02:00', '03:00']]))).toBe('0'.repeat(23));
    expect(templateCellsFor('2026-03-08', templateDayFromRanges([['00:00', '03:00']]))).toBe('FF' + '0'.repeat(21));
    expect(templateCellsFor('2026-03-08', templateDayFromRanges([['01:30', '03:30']]))).toBe('03' + 'C' + '0'.repeat(20));
    expect(templateCellsFor('2026-03-08', 'F'.repeat(24))).toBe('F'.repeat(23));
  });

  it('on fall-back, maps by wall clock and uses 01:00–02:00 for both times it happens', () => {
    expect(templateCellsFor('2026-11-01', NINE_TO_FIVE)).toBe('0000000000FFFFFFFF0000000');
    expect(templateCellsFor('2026-11-01', templateDayFromRanges([['01:00', '02:00']]))).toBe('0FF' + '0'.repeat(22));
    expect(templateCellsFor('2026-11-01', templateDayFromRanges([['01:30', '02:00']]))).toBe('033' + '0'.repeat(22));
    expect(templateCellsFor('2026-11-01', templateDayFromRanges([['00:00', '03:00']]))).toBe('FFFF' + '0'.repeat(21));
    expect(templateCellsFor('2026-11-01', 'F'.repeat(24))).toBe('F'.repeat(25));
  });

  it('picks the template day by weekday', () => {
    const template = Object.fromEntries(WEEKDAYS.map((weekday, index) => [weekday, String(index).repeat(24)])) as Record<
      (typeof WEEKDAYS)[number],
      string
    >;
    expect(templateDayOf(template, '2026-11-23')).toBe('0'.repeat(24));
    expect(templateDayOf(template, '2026-11-29')).toBe('6'.repeat(24));
  });
});

describe('weeks and ETags', () => {
  it('starts weeks on Monday', () => {
    expect(weekStartProblem('2026-11-23')).toBeUndefined();
    expect(weekStartProblem('2026-11-24')).toBe('must be a Monday (weeks start on Monday)');
    expect(weekStartProblem('2026-02-30')).toMatch(/calendar date/);
    expect(weekDates('2026-10-26')).toEqual([
      '2026-10-26',
      '2026-10-27',
      '2026-10-28',
      '2026-10-29',
      '2026-10-30',
      '2026-10-31',
      '2026-11-01',
    ]);
  });

  it('names the week and its version in a strong ETag', () => {
    expect(weekEtag('2026-11-23', 0)).toBe('"2026-11-23.v0"');
    expect(weekEtag('2026-11-23', 12)).toBe('"2026-11-23.v12"');
  });

  it('matches If-Match strongly, allowing a list', () => {
    const current = weekEtag('2026-11-23', 3);
    expect(ifMatchAllows('"2026-11-23.v3"', current)).toBe(true);
    expect(ifMatchAllows(' "2026-11-23.v2", "2026-11-23.v3" ', current)).toBe(true);
    expect(ifMatchAllows('"2026-11-23.v2"', current)).toBe(false);
    expect(ifMatchAllows('W/"2026-11-23.v3"', current)).toBe(false);
    expect(ifMatchAllows('2026-11-23.v3', current)).toBe(false);
    expect(ifMatchAllows('"2026-11-30.v3"', current)).toBe(false);
    expect(ifMatchAllows('*', current)).toBe(false);
  });
});

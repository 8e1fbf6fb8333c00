import { addDays, cellCount, CELL_MINUTES, CELL_MS, dayStartMs, isCalendarDate, isoWeekday, mondayOf, wallClockMinutes } from './day-cells.ts';

/**
 * The availability bitmap (PRODUCT.md §3), its encoding and the rules around editing it, pure.
 *
 * Encoding: one uppercase hexadecimal digit per elapsed hour of the New York day, its four bits
 * (most significant first) being the quarter-hours :00, :15, :30 and :45 — 1 = available. A
 * normal day is 24 digits, a spring-forward day 23 and a fall-back day 25 (92 / 96 / 100
 * cells). "000000000FFFFFFFF0000000" is 09:00–17:00; "8" is only the first quarter of that
 * hour, "C" its first half. Compact (24 characters rather than 96), stored as-is, and
 * readable in a log or a database row without a decoder. Digit k always starts k hours after
 * local midnight, so on a fall-back day digits 1 and 2 are both "1 AM" (EDT, then EST) and on
 * a spring-forward day digit 2 is 3 AM.
 */
export const CELLS_PER_DIGIT = 4;
/** A template day is a normal day: 24 hours of wall-clock time. */
export const TEMPLATE_DAY_DIGITS = 24;
export const TEMPLATE_DAY_CELLS = TEMPLATE_DAY_DIGITS * CELLS_PER_DIGIT;
export const WEEK_DAYS = 7;
export const WEEKDAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'] as const;
export type Weekday = (typeof WEEKDAYS)[number];
export const MAX_TEMPLATE_APPLY_WEEKS = 26;
export const MAX_BLACKOUT_REASON_LENGTH = 200;
/** One blackout request covers at most this many dates (both ends included). */
export const MAX_BLACKOUT_RANGE_DAYS = 90;
/** One blackout listing covers at most this many dates (both ends included): a year, leap or not. */
export const MAX_BLACKOUT_LIST_DAYS = 366;

/**
 * The time an instructor keeps free after each lesson (PRODUCT.md §3), in steps of 5 minutes up
 * to 2 hours; the database's check on instructor_profiles.booking_buffer_minutes keeps 0–120.
 * A booking stores the buffer of the day it was made (bookings.buffer_minutes), which its
 * exclusion constraint reads: changing it moves only what is offered from now on.
 */
export const MIN_BOOKING_BUFFER_MINUTES = 0;
export const MAX_BOOKING_BUFFER_MINUTES = 120;
export const BOOKING_BUFFER_STEP_MINUTES = 5;

const HEX_PATTERN = /^[0-9A-Fa-f]*$/;

/** The number of hex digits (hours) a date's bitmap has: 23, 24 or 25. */
export function digitsFor(date: string): number {
  return cellCount(date) / CELLS_PER_DIGIT;
}

/** Why `cells` cannot be the bitmap of `date`, or undefined when it can. */
export function cellsProblem(date: string, cells: string): string | undefined {
  if (!HEX_PATTERN.test(cells)) return 'must be hexadecimal digits (one per hour, 4 quarter-hours each)';
  const expected = digitsFor(date);
  if (cells.length === expected) return undefined;
  const why = expected === 23 ? ' (clocks spring forward that day)' : expected === 25 ? ' (clocks fall back that day)' : '';
  return `must be ${expected} hexadecimal digits: ${date} has ${expected} hours in New York${why}`;
}

export function templateDayProblem(cells: string): string | undefined {
  if (!HEX_PATTERN.test(cells) || cells.length !== TEMPLATE_DAY_DIGITS) {
    return `must be ${TEMPLATE_DAY_DIGITS} hexadecimal digits (one per hour, 4 quarter-hours each)`;
  }
  return undefined;
}

/** The canonical form (uppercase) of a valid bitmap. */
export function normalizeCells(cells: string): string {
  return cells.toUpperCase();
}

/** One 0/1 per cell. */
export function decodeCells(cells: string): Uint8Array {
  const bits = new Uint8Array(cells.length * CELLS_PER_DIGIT);
  for (let digit = 0; digit < cells.length; digit++) {
    const value = parseInt(cells[digit]!, 16);
    if (Number.isNaN(value)) throw new RangeError(`Not a hexadecimal digit: ${cells[digit]}`);
    for (let bit = 0; bit < CELLS_PER_DIGIT; bit++) bits[digit * CELLS_PER_DIGIT + bit] = (value >> (CELLS_PER_DIGIT - 1 - bit)) & 1;
  }
  return bits;
}

export function encodeCells(bits: ArrayLike<number | boolean>): string {
  if (bits.length % CELLS_PER_DIGIT !== 0) throw new RangeError(`A bitmap has whole hours of cells, not ${bits.length}`);
  let out = '';
  for (let digit = 0; digit < bits.length / CELLS_PER_DIGIT; digit++) {
    let value = 0;
    for (let bit = 0; bit < CELLS_PER_DIGIT; bit++) value = (value << 1) | (bits[digit * CELLS_PER_DIGIT + bit] ? 1 : 0);
    out += value.toString(16).toUpperCase();
  }
  return out;
}

export function emptyCells(date: string): string {
  return '0'.repeat(digitsFor(date));
}

export const EMPTY_TEMPLATE_DAY = '0'.repeat(TEMPLATE_DAY_DIGITS);

/**
 * A template day from wall-clock ranges, `[['09:00', '12:00'], ['13:00', '24:00']]` (end
 * excluded, quarter-hours only): how tests, the benchmark and demo data write availability.
 */
export function templateDayFromRanges(ranges: ReadonlyArray<readonly [string, string]>): string {
  const bits = new Uint8Array(TEMPLATE_DAY_CELLS);
  for (const [from, to] of ranges) {
    const [start, end] = [quarterOf(from), quarterOf(to)];
    if (end <= start) throw new RangeError(`Empty range ${from}–${to}`);
    bits.fill(1, start, end);
  }
  return encodeCells(bits);
}

function quarterOf(time: string): number {
  const match = /^(\d{2}):(\d{2})$/.exec(time);
  const minutes = match ? Number(match[1]) * 60 + Number(match[2]) : Number.NaN;
  if (!(minutes >= 0 && minutes <= 24 * 60 && minutes % CELL_MINUTES === 0)) throw new RangeError(`Not a quarter-hour time: ${time}`);
  return minutes / CELL_MINUTES;
}

/**
 * A template day (96 wall-clock cells) laid on a real date, by wall-clock time: each real
 * quarter-hour takes the template's value for the time a clock in New York shows then. So on
 * a spring-forward day the template's 02:00–03:00 is dropped (that hour does not happen), and
 * on a fall-back day 01:00–02:00 is used twice (it happens twice: an instructor available
 * "from 1 to 2" is there for both of them, and a night shift 00:00–03:00 stays unbroken).
 */
export function templateCellsFor(date: string, templateDay: string): string {
  const template = decodeCells(templateDay);
  if (template.length !== TEMPLATE_DAY_CELLS) throw new RangeError(`A template day has ${TEMPLATE_DAY_CELLS} cells`);
  const count = cellCount(date);
  if (count === TEMPLATE_DAY_CELLS) return normalizeCells(templateDay);
  const start = dayStartMs(date);
  const bits = new Uint8Array(count);
  for (let index = 0; index < count; index++) bits[index] = template[wallClockMinutes(start + index * CELL_MS) / CELL_MINUTES]!;
  return encodeCells(bits);
}

/** The template day for a date's weekday. */
export function templateDayOf(template: Readonly<Record<Weekday, string>>, date: string): string {
  return template[WEEKDAYS[isoWeekday(date) - 1]!];
}

/** Weeks start on Monday (New York dates). */
export function weekStartProblem(weekStart: string): string | undefined {
  if (!isCalendarDate(weekStart)) return 'must be a calendar date (YYYY-MM-DD) between 2000 and 2099';
  if (isoWeekday(weekStart) !== 1) return 'must be a Monday (weeks start on Monday)';
  return undefined;
}

export function weekDates(weekStart: string): string[] {
  return Array.from({ length: WEEK_DAYS }, (_, index) => addDays(weekStart, index));
}

/** The Mondays of the weeks that contain any date from `from` to `to` (both included), ascending. */
export function weekStartsCovering(from: string, to: string): string[] {
  const weeks: string[] = [];
  for (let monday = mondayOf(from); monday <= to; monday = addDays(monday, 7)) weeks.push(monday);
  return weeks;
}

/**
 * The week's ETag: the week and its version, which every write of the week increments. A
 * week never written is version 0. Strong (quoted, no W/), as If-Match requires.
 */
export function weekEtag(weekStart: string, version: number): string {
  return `"${weekStart}.v${version}"`;
}

/**
 * Whether an If-Match header matches the current ETag (RFC 9110 §13.1.1: strong comparison,
 * a comma-separated list allowed). `*` is refused elsewhere: it would match any version and
 * bring back the silent overwrite this header exists to prevent.
 */
export function ifMatchAllows(header: string, currentEtag: string): boolean {
  return header
    .split(',')
    .map((tag) => tag.trim())
    .some((tag) => tag === currentEtag);
}

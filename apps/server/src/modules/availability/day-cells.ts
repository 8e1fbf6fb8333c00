import { MARKETPLACE_TIME_ZONE } from '../../platform/jobs/schedules.ts';

/**
 * New York calendar days as 15-minute cells (PRODUCT.md §3), pure. A cell is a quarter-hour of
 * elapsed time counted from local midnight, so a day has 96 cells, 92 when the clocks spring
 * forward (23 hours) and 100 when they fall back (25 hours). Every cell starts at a UTC
 * instant `dayStart + index × 15 min`; all offsets come from Intl's time zone data, never from
 * hard-coded change dates.
 *
 * Dates are `YYYY-MM-DD` strings. The API accepts the years 2000–2099 (isCalendarDate): before
 * 1883 New York's offset was not a whole number of quarter-hours, and nothing in the product
 * needs dates that far out.
 */
export const CELL_MINUTES = 15;
export const CELL_MS = CELL_MINUTES * 60_000;
export const DAY_MS = 24 * 60 * 60_000;
export const FIRST_SUPPORTED_YEAR = 2000;
export const LAST_SUPPORTED_YEAR = 2099;

const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

const wallClockParts = new Intl.DateTimeFormat('en-US', {
  timeZone: MARKETPLACE_TIME_ZONE,
  hourCycle: 'h23',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});

/** Days as the count of days since 1970-01-01: calendar arithmetic without any time zone. */
function epochDay(date: string): number {
  const match = DATE_PATTERN.exec(date);
  if (!match) throw new RangeError(`Not a YYYY-MM-DD date: ${date}`);
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const ms = Date.UTC(year, month - 1, day);
  const back = new Date(ms);
  if (back.getUTCFullYear() !== year || back.getUTCMonth() !== month - 1 || back.getUTCDate() !== day) {
    throw new RangeError(`Not a calendar date: ${date}`);
  }
  return ms / DAY_MS;
}

function fromEpochDay(days: number): string {
  return new Date(days * DAY_MS).toISOString().slice(0, 10);
}

/** Whether `date` is a real YYYY-MM-DD calendar date in the supported years (what the API accepts). */
export function isCalendarDate(date: string): boolean {
  try {
    epochDay(date);
  } catch {
    return false;
  }
  const year = Number(date.slice(0, 4));
  return year >= FIRST_SUPPORTED_YEAR && year <= LAST_SUPPORTED_YEAR;
}

export function addDays(date: string, days: number): string {
  return fromEpochDay(epochDay(date) + days);
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return epochDay(to) - epochDay(from);
}

/** ISO weekday: 1 = Monday … 7 = Sunday. */
export function isoWeekday(date: string): number {
  // 1970-01-01 was a Thursday (ISO 4).
  return ((((epochDay(date) + 3) % 7) + 7) % 7) + 1;
}

export function mondayOf(date: string): string {
  return addDays(date, 1 - isoWeekday(date));
}

/** The dates from `from` to `to`, both included. */
export function datesFrom(from: string, to: string): string[] {
  const first = epochDay(from);
  const last = epochDay(to);
  const dates: string[] = [];
  for (let day = first; day <= last; day++) dates.push(fromEpochDay(day));
  return dates;
}

/** The wall-clock fields in New York at `instantMs` (whole seconds), read back as a UTC timestamp. */
function wallClockAsUtcMs(instantMs: number): number {
  const fields: Record<string, number> = {};
  for (const part of wallClockParts.formatToParts(instantMs)) {
    if (part.type !== 'literal') fields[part.type] = Number(part.value);
  }
  return Date.UTC(fields.year!, fields.month! - 1, fields.day!, fields.hour!, fields.minute!, fields.second!);
}

/** How far New York's wall clock is from UTC at `instantMs`: −4 h (EDT) or −5 h (EST). */
export function utcOffsetMs(instantMs: number): number {
  const whole = Math.floor(instantMs / 1000) * 1000;
  return wallClockAsUtcMs(whole) - whole;
}

/** The New York calendar date at an instant. */
export function dateOf(instantMs: number): string {
  return new Date(instantMs + utcOffsetMs(instantMs)).toISOString().slice(0, 10);
}

/** Minutes since midnight on New York's wall clock at an instant (01:30 occurs twice on fall-back days). */
export function wallClockMinutes(instantMs: number): number {
  const wall = new Date(instantMs + utcOffsetMs(instantMs));
  return wall.getUTCHours() * 60 + wall.getUTCMinutes();
}

// Day starts are asked for thousands of times (every slot search, every week view) and never
// change, so they are remembered. The cache is bounded by the supported years (~36,500 dates).
const dayStarts = new Map<string, number>();

/** The UTC instant (ms) of local midnight that begins the New York date. */
export function dayStartMs(date: string): number {
  const cached = dayStarts.get(date);
  if (cached !== undefined) return cached;
  const naive = epochDay(date) * DAY_MS;
  // New York changes its clocks at 02:00, never at midnight, so midnight always exists once:
  // guess with the offset at naive midnight UTC, then correct with the offset at the guess.
  const guess = naive - utcOffsetMs(naive);
  const start = naive - utcOffsetMs(guess);
  if (wallClockAsUtcMs(start) !== naive) {
    throw new RangeError(`${MARKETPLACE_TIME_ZONE} has no single midnight on ${date}`);
  }
  dayStarts.set(date, start);
  return start;
}

/** The UTC instant (ms) of the midnight that ends the date: 23, 24 or 25 hours after its start. */
export function dayEndMs(date: string): number {
  return dayStartMs(addDays(date, 1));
}

const cellCounts = new Map<string, number>();

/** 96 quarter-hours, 92 when the clocks spring forward, 100 when they fall back. */
export function cellCount(date: string): number {
  const cached = cellCounts.get(date);
  if (cached !== undefined) return cached;
  const cells = (dayEndMs(date) - dayStartMs(date)) / CELL_MS;
  if (!Number.isInteger(cells)) throw new RangeError(`${date} is not a whole number of quarter-hours long`);
  cellCounts.set(date, cells);
  return cells;
}

/** The UTC instant (ms) at which each cell of the date starts, in order. */
export function cellStartsMs(date: string): number[] {
  const start = dayStartMs(date);
  return Array.from({ length: cellCount(date) }, (_, index) => start + index * CELL_MS);
}

/** The cell of `date` containing the instant, or -1 when the instant is on another date. */
export function cellIndexAt(date: string, instantMs: number): number {
  if (instantMs < dayStartMs(date) || instantMs >= dayEndMs(date)) return -1;
  return Math.floor((instantMs - dayStartMs(date)) / CELL_MS);
}

let isoDay = Number.NaN;
let isoDayPrefix = '';
const pad = (value: number, width: number) => String(value).padStart(width, '0');

/**
 * `new Date(ms).toISOString()`, about five times faster for runs of instants on the same UTC
 * day (a slot list is hundreds of them): the date part is computed once per day.
 */
export function isoInstant(ms: number): string {
  const day = Math.floor(ms / DAY_MS);
  if (day !== isoDay) {
    isoDay = day;
    isoDayPrefix = new Date(day * DAY_MS).toISOString().slice(0, 11);
  }
  const rest = ms - day * DAY_MS;
  return `${isoDayPrefix}${pad(Math.floor(rest / 3_600_000), 2)}:${pad(Math.floor(rest / 60_000) % 60, 2)}:${pad(Math.floor(rest / 1000) % 60, 2)}.${pad(rest % 1000, 3)}Z`;
}

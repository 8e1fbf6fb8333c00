/**
 * Marketplace time, pure and in one place for the server and the web app: every wall-clock
 * rule of the product (availability days, "today", the SMS day, reminders) is evaluated in New
 * York (docs/PRODUCT.md), correctly across daylight-saving changes. Offsets come from Intl's
 * time zone data, never from hard-coded change dates. No I/O and no clock: callers pass the
 * instant ("now" comes from the server's injected Clock, or the browser's clock in the web app).
 *
 * Dates are `YYYY-MM-DD` strings; instants are milliseconds since the epoch (UTC).
 */
export const MARKETPLACE_TIME_ZONE = 'America/New_York';

export const DAY_MS = 24 * 60 * 60_000;

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

/** Whether `date` is a real YYYY-MM-DD calendar date (2026-02-29 is not). */
export function isDate(date: string): boolean {
  try {
    epochDay(date);
    return true;
  } catch {
    return false;
  }
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

/** The Monday that starts the week (Monday to Sunday) containing `date`. */
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

/** The New York calendar date at an instant ("today" when the instant is now). */
export function marketplaceDate(instantMs: number): string {
  return new Date(instantMs + utcOffsetMs(instantMs)).toISOString().slice(0, 10);
}

/** Minutes since midnight on New York's wall clock at an instant (01:30 occurs twice on fall-back days). */
export function wallClockMinutes(instantMs: number): number {
  const wall = new Date(instantMs + utcOffsetMs(instantMs));
  return wall.getUTCHours() * 60 + wall.getUTCMinutes();
}

// Day starts are asked for thousands of times (every slot search, every week view) and never
// change, so they are remembered; at most one entry per date ever asked for.
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

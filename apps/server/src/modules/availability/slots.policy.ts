import { cellsProblem } from './availability.policy.ts';
import { CELL_MS, dayStartMs, isoInstant } from './day-cells.ts';

/**
 * Bookable start times (PRODUCT.md §3 and §5) as interval algebra on UTC instants, pure:
 *
 *   free = (available cells of non-blackout days) − (bookings widened by the buffer)
 *   start is bookable ⇔ [start, start + duration) ⊆ free, start ≥ now + notice,
 *                       from ≤ start < to, start on the step grid.
 *
 * Working in instants makes DST disappear: a day's cells are laid end to end from its local
 * midnight (92, 96 or 100 of them), adjacent days' intervals merge, so a lesson may cross
 * midnight when both days are available, and a booking crossing midnight blocks both days.
 * A blackout date removes that whole day's availability: nothing starts on it and nothing
 * from the evening before runs into it. New York offsets are whole hours, so the step grid
 * (anchored at the Unix epoch) is the same quarter-hours on the wall clock.
 */
export const DEFAULT_BUFFER_MINUTES = 15;
export const DEFAULT_MINIMUM_NOTICE_MINUTES = 120;
export const DEFAULT_STEP_MINUTES = 15;
/** The widest window one slot search may cover: 8 weeks of dates. */
export const MAX_SLOT_RANGE_DAYS = 56;

const MINUTE_MS = 60_000;

/** Half-open [start, end) in UTC milliseconds. */
export interface Interval {
  start: number;
  end: number;
}

export interface AvailabilityDay {
  /** New York date, YYYY-MM-DD. */
  date: string;
  /** The day's bitmap (availability.policy.ts encoding). */
  cells: string;
}

export interface BusyTime {
  start: Date;
  end: Date;
}

export interface SlotQuery {
  days: readonly AvailabilityDay[];
  /** New York dates on which nothing is available. */
  blackouts?: readonly string[];
  /** The instructor's confirmed and pending bookings (both block time, PRODUCT.md §3). */
  bookings?: readonly BusyTime[];
  durationMinutes: number;
  /** Kept free before and after every booking. */
  bufferMinutes?: number;
  minimumNoticeMinutes?: number;
  now: Date;
  /** Starts at or after this instant… */
  from: Date;
  /** …and strictly before this one. */
  to: Date;
  /** Starts fall on multiples of this many minutes (a divisor of 60). */
  stepMinutes?: number;
}

/** Sorted, disjoint, non-touching intervals covering the same time as the input. */
export function mergeIntervals(intervals: readonly Interval[]): Interval[] {
  const sorted = intervals.filter((interval) => interval.end > interval.start).sort((a, b) => a.start - b.start);
  const merged: Interval[] = [];
  for (const interval of sorted) {
    const last = merged[merged.length - 1];
    if (last && interval.start <= last.end) last.end = Math.max(last.end, interval.end);
    else merged.push({ start: interval.start, end: interval.end });
  }
  return merged;
}

/** `from` minus `minus`; both sorted and merged (mergeIntervals), and so is the result. */
export function subtractIntervals(from: readonly Interval[], minus: readonly Interval[]): Interval[] {
  const result: Interval[] = [];
  let cut = 0;
  for (const interval of from) {
    let start = interval.start;
    // Skip what ends before this interval; what remains may still cover later intervals.
    while (cut < minus.length && minus[cut]!.end <= start) cut++;
    let index = cut;
    while (index < minus.length && minus[index]!.start < interval.end) {
      const hole = minus[index]!;
      if (hole.start > start) result.push({ start, end: hole.start });
      start = Math.max(start, hole.end);
      if (start >= interval.end) break;
      index++;
    }
    if (start < interval.end) result.push({ start, end: interval.end });
  }
  return result;
}

/** The value of a hex digit's character code (already validated by cellsProblem). */
function hexValue(code: number): number {
  if (code <= 57) return code - 48; // 0-9
  return (code | 32) - 87; // a-f, A-F
}

/** The available time of the days, minus blackout days, as merged intervals. */
export function availableIntervals(days: readonly AvailabilityDay[], blackouts: readonly string[] = []): Interval[] {
  const blackedOut = new Set(blackouts);
  const intervals: Interval[] = [];
  for (const { date, cells } of days) {
    const problem = cellsProblem(date, cells);
    if (problem) throw new RangeError(`cells of ${date} ${problem}`);
    if (blackedOut.has(date)) continue;
    const dayStart = dayStartMs(date);
    let runStart = -1;
    for (let digit = 0; digit < cells.length; digit++) {
      const value = hexValue(cells.charCodeAt(digit));
      for (let bit = 0; bit < 4; bit++) {
        const cell = digit * 4 + bit;
        if ((value >> (3 - bit)) & 1) {
          if (runStart < 0) runStart = cell;
        } else if (runStart >= 0) {
          intervals.push({ start: dayStart + runStart * CELL_MS, end: dayStart + cell * CELL_MS });
          runStart = -1;
        }
      }
    }
    if (runStart >= 0) intervals.push({ start: dayStart + runStart * CELL_MS, end: dayStart + cells.length * 4 * CELL_MS });
  }
  return mergeIntervals(intervals);
}

/** Bookings widened by the buffer on both sides, merged. */
export function blockedIntervals(bookings: readonly BusyTime[], bufferMinutes: number): Interval[] {
  const buffer = bufferMinutes * MINUTE_MS;
  return mergeIntervals(
    bookings.map((booking) => {
      const [start, end] = [booking.start.getTime(), booking.end.getTime()];
      if (!(end > start)) throw new RangeError(`A booking must end after it starts (${booking.start.toISOString()})`);
      return { start: start - buffer, end: end + buffer };
    }),
  );
}

function requireWhole(name: string, value: number, min: number): void {
  if (!Number.isInteger(value) || value < min) throw new RangeError(`${name} must be an integer ≥ ${min}, not ${value}`);
}

/** Bookable starts as UTC milliseconds, ascending. */
export function bookableStartsMs(query: SlotQuery): number[] {
  const bufferMinutes = query.bufferMinutes ?? DEFAULT_BUFFER_MINUTES;
  const noticeMinutes = query.minimumNoticeMinutes ?? DEFAULT_MINIMUM_NOTICE_MINUTES;
  const stepMinutes = query.stepMinutes ?? DEFAULT_STEP_MINUTES;
  requireWhole('durationMinutes', query.durationMinutes, 1);
  requireWhole('bufferMinutes', bufferMinutes, 0);
  requireWhole('minimumNoticeMinutes', noticeMinutes, 0);
  requireWhole('stepMinutes', stepMinutes, 1);
  if (60 % stepMinutes !== 0) throw new RangeError(`stepMinutes must divide an hour, not ${stepMinutes}`);

  const durationMs = query.durationMinutes * MINUTE_MS;
  const stepMs = stepMinutes * MINUTE_MS;
  const to = query.to.getTime();
  const earliest = Math.max(query.from.getTime(), query.now.getTime() + noticeMinutes * MINUTE_MS);
  const free = subtractIntervals(availableIntervals(query.days, query.blackouts), blockedIntervals(query.bookings ?? [], bufferMinutes));

  const starts: number[] = [];
  for (const interval of free) {
    if (interval.start >= to) break;
    const last = Math.min(interval.end - durationMs, to - 1);
    for (let start = Math.ceil(Math.max(interval.start, earliest) / stepMs) * stepMs; start <= last; start += stepMs) {
      starts.push(start);
    }
  }
  return starts;
}

/** Bookable starts as ISO-8601 UTC strings, ascending. */
export function bookableStarts(query: SlotQuery): string[] {
  return bookableStartsMs(query).map(isoInstant);
}

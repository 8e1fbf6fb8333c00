import { decodeCells } from './availability.policy.ts';
import { cellStartsMs, CELL_MINUTES, dateOf } from './day-cells.ts';
import { DEFAULT_BUFFER_MINUTES, DEFAULT_MINIMUM_NOTICE_MINUTES, DEFAULT_STEP_MINUTES, type SlotQuery } from './slots.policy.ts';

/**
 * The rules of slots.policy.ts written as plainly as possible, minute by minute, for tests
 * only: every minute is marked available or not, every candidate start is checked against
 * every rule separately. Slow (O(window × duration × bookings)) and obviously right, which is
 * what a property test needs to compare the fast version against. Assumes minute-aligned
 * bookings (the property test generates them so).
 */
export function referenceBookableStarts(query: SlotQuery): string[] {
  const bufferMinutes = query.bufferMinutes ?? DEFAULT_BUFFER_MINUTES;
  const noticeMinutes = query.minimumNoticeMinutes ?? DEFAULT_MINIMUM_NOTICE_MINUTES;
  const stepMinutes = query.stepMinutes ?? DEFAULT_STEP_MINUTES;
  const minute = 60_000;
  const blackouts = new Set(query.blackouts ?? []);

  // Minute numbers (since the epoch) covered by an available cell of a day that is not blacked out.
  const available = new Set<number>();
  for (const day of query.days) {
    if (blackouts.has(day.date)) continue;
    const bits = decodeCells(day.cells);
    const starts = cellStartsMs(day.date);
    starts.forEach((cellStart, index) => {
      if (bits[index] !== 1) return;
      for (let m = 0; m < CELL_MINUTES; m++) available.add(cellStart / minute + m);
    });
  }

  const blockedByBooking = (m: number) =>
    (query.bookings ?? []).some((booking) => {
      const blockedFrom = booking.start.getTime() - bufferMinutes * minute;
      const blockedUntil = booking.end.getTime() + bufferMinutes * minute;
      return m * minute < blockedUntil && (m + 1) * minute > blockedFrom;
    });

  const starts: string[] = [];
  const first = Math.floor(query.from.getTime() / minute);
  const last = Math.ceil(query.to.getTime() / minute);
  for (let m = first; m <= last; m++) {
    const start = m * minute;
    if (start < query.from.getTime() || start >= query.to.getTime()) continue;
    if (m % stepMinutes !== 0) continue;
    if (start < query.now.getTime() + noticeMinutes * minute) continue;
    if (blackouts.has(dateOf(start))) continue;
    let ok = true;
    for (let k = m; k < m + query.durationMinutes && ok; k++) ok = available.has(k) && !blockedByBooking(k);
    if (ok) starts.push(new Date(start).toISOString());
  }
  return starts;
}

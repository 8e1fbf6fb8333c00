import { availableIntervals, blockedIntervals, subtractIntervals, type AvailabilityDay, type BusyTime, type Interval } from './slots.policy.ts';

/**
 * An instructor's free time as search stores it (instructor_free_time, migration 0012), pure:
 * the available cells of non-blackout days minus bookings widened by the buffer, as sorted,
 * disjoint, non-touching UTC intervals. Adjacent days merge, so an evening running into the
 * next morning is one range and a lesson may cross midnight, exactly as slot search sees it
 * (the same interval algebra from slots.policy.ts). Minimum notice is not applied here: it
 * depends on when the search runs, so the search applies it to its window.
 */
export function freeIntervals(input: {
  days: readonly AvailabilityDay[];
  blackouts: readonly string[];
  bookings: readonly BusyTime[];
  bufferMinutes: number;
}): Interval[] {
  return subtractIntervals(availableIntervals(input.days, input.blackouts), blockedIntervals(input.bookings, input.bufferMinutes));
}

/** A half-open UTC interval as a PostgreSQL tstzrange literal. */
export function tstzrangeLiteral(interval: Interval): string {
  return `[${new Date(interval.start).toISOString()},${new Date(interval.end).toISOString()})`;
}

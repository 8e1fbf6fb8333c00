import type { Clock } from '../../platform/clock.ts';
import { DomainError, notFound } from '../../platform/errors.ts';
import { MARKETPLACE_TIME_ZONE } from '@instainstru/marketplace-time';
import type { AvailabilityRepository } from './availability.repository.ts';
import { addDays, dayStartMs, daysBetween, isoInstant } from './day-cells.ts';
import {
  bookableStartsMs,
  DEFAULT_MINIMUM_NOTICE_MINUTES,
  DEFAULT_STEP_MINUTES,
  MAX_SLOT_RANGE_DAYS,
} from './slots.policy.ts';

export interface SlotsQuery {
  instructorId: string;
  serviceId: string;
  durationMinutes: number;
  /** First New York date searched. */
  from: string;
  /** Last New York date searched (included). */
  to: string;
}

export interface SlotsView {
  timeZone: string;
  durationMinutes: number;
  slots: Array<{ start: string; end: string }>;
}

const MINUTE_MS = 60_000;

/** Public slot search: when a student could start a lesson of a given length with an instructor. */
export class SlotsService {
  constructor(private readonly deps: { repository: AvailabilityRepository; clock: Clock }) {}

  async bookableSlots(query: SlotsQuery): Promise<SlotsView> {
    const { repository, clock } = this.deps;
    const span = daysBetween(query.from, query.to);
    if (span < 0) throw invalidQuery('query.to', 'must not be before from');
    if (span >= MAX_SLOT_RANGE_DAYS)
      throw invalidQuery('query.to', `must be within ${MAX_SLOT_RANGE_DAYS} days (8 weeks) of from, both included`);

    // Only what the instructor really sells: a public profile, a service they offer, a length they price.
    const instructor = await repository.findPublicInstructor(query.instructorId);
    if (!instructor) throw notFound('Instructor');
    const bufferMinutes = instructor.bookingBufferMinutes;
    const offered = await repository.offeredDurations(query.instructorId, query.serviceId);
    if (offered.length === 0) throw notFound('Service');
    const durations = offered.flatMap((row) => (row.durationMinutes === null ? [] : [row.durationMinutes]));
    if (!durations.includes(query.durationMinutes)) {
      const reason =
        durations.length > 0
          ? `must be one of ${durations.join(', ')} (the lesson lengths this instructor offers for this service)`
          : 'this instructor has no lesson lengths priced for this service yet';
      throw invalidQuery('query.durationMinutes', reason);
    }

    // One more day than asked: a lesson starting late on `to` may run past midnight into it.
    const lastLoaded = addDays(query.to, 1);
    const from = dayStartMs(query.from);
    const to = dayStartMs(lastLoaded);
    const [days, blackouts, bookings] = await Promise.all([
      repository.daysBetween(query.instructorId, query.from, lastLoaded),
      repository.blackoutsBetween(query.instructorId, query.from, lastLoaded),
      repository.bookingsBetween(
        query.instructorId,
        new Date(from - bufferMinutes * MINUTE_MS),
        new Date(dayStartMs(addDays(lastLoaded, 1)) + bufferMinutes * MINUTE_MS),
      ),
    ]);
    const durationMs = query.durationMinutes * MINUTE_MS;
    const starts = bookableStartsMs({
      days,
      blackouts: blackouts.map((blackout) => blackout.date),
      bookings,
      durationMinutes: query.durationMinutes,
      bufferMinutes,
      minimumNoticeMinutes: DEFAULT_MINIMUM_NOTICE_MINUTES,
      stepMinutes: DEFAULT_STEP_MINUTES,
      now: clock.now(),
      from: new Date(from),
      to: new Date(to),
    });
    return {
      timeZone: MARKETPLACE_TIME_ZONE,
      durationMinutes: query.durationMinutes,
      slots: starts.map((start) => ({ start: isoInstant(start), end: isoInstant(start + durationMs) })),
    };
  }
}

function invalidQuery(field: string, reason: string): DomainError {
  return new DomainError('validation_failed', `${field}: ${reason}`, { errors: [{ field, reason }] });
}

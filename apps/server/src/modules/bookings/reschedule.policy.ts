import { DomainError } from '../../platform/errors.ts';
import type { BookingStatus, Canceller, PaymentState } from './booking-states.ts';
import { canTransition } from './booking.policy.ts';
import { AUTHORIZE_BEFORE_MS, authorizationLapsesBeforeCapture } from './payment-timeline.policy.ts';

/**
 * Rescheduling (PRODUCT.md §5, issue 11 item 6): a confirmed lesson moves to a new free time of
 * the same length, at most twice; the cancellation terms stay locked to `originalStartsAtMs`,
 * which a reschedule never changes. Pure: whether the new time is free and bookable is the
 * slots policy's and the database's answer, checked by the service in the same transaction.
 *
 * DECISIONS
 * - Only the student reschedules. An instructor who cannot teach at the booked time cancels,
 *   which refunds the student in full and counts against the instructor (PRODUCT.md §6); letting
 *   the instructor move the lesson instead would sidestep that count without the student's say.
 * - Until the lesson starts (the current start, not the original one): from then on the lesson
 *   is under way, and an absence is a no-show report.
 * - Not while the card is failing (`authorization_failed`): moving the lesson would move the
 *   T-6 h cancellation with it; the student updates the card first.
 * - A lesson moved so late that its capture (end + 24 h) would come after its held authorization
 *   lapses (7 days, payment-timeline.policy.ts) gets a fresh one: the hold is released and made
 *   again at the new T-24 h, or at once when that has passed (payment event
 *   `reauthorization_needed`). A smaller move keeps the hold: asking the card again would only
 *   risk a decline the student already got past.
 * - A lesson whose card is not held yet (`scheduled`) moved to within 24 h has its authorization
 *   taken BEFORE the move (`authorizeFirst`), as a booking made that late is authorized at
 *   checkout: a declined card refuses the move and leaves the lesson at its time, where the
 *   failure path (retries, notice, T-6 h cancellation) runs as before. Moving first would let a
 *   decline cancel the lesson at once when the new time is inside T-6 h: the student would have
 *   moved a lesson only to lose it.
 */
export const MAX_RESCHEDULES = 2;

export interface RescheduleInput {
  by: Canceller;
  status: BookingStatus;
  paymentState: PaymentState;
  startsAtMs: number;
  endsAtMs: number;
  originalStartsAtMs: number;
  rescheduleCount: number;
  newStartsAtMs: number;
  nowMs: number;
  /** When the held authorization was made (null when none is held, or not known). */
  authorizedAtMs?: number | null;
}

export interface ReschedulePlan {
  startsAtMs: number;
  endsAtMs: number;
  /** Unchanged: the cancellation tiers still count from here. */
  originalStartsAtMs: number;
  rescheduleCount: number;
  reschedulesLeft: number;
  /** Release the held authorization and go back to `scheduled` (payment event `reauthorization_needed`): it would lapse before the new capture. */
  releaseAuthorization: boolean;
  /** The card is not held yet and the new time is within 24 h: the timeline's authorization is taken before the move, and a decline refuses it. */
  authorizeFirst: boolean;
}

const refuse = (message: string, code: string) => new DomainError('conflict', message, { code });
/** A new time that cannot be right whatever the booking's state: bad input, naming the field. */
const badTime = (message: string, code: string) => new DomainError('validation_failed', message, { code, errors: [{ field: 'body.startsAt', reason: message }] });

export function reschedulesLeft(rescheduleCount: number): number {
  return Math.max(0, MAX_RESCHEDULES - rescheduleCount);
}

/** The booking as the reschedule rules read it, whatever the new time. */
export type RescheduleState = Pick<RescheduleInput, 'by' | 'status' | 'paymentState' | 'startsAtMs' | 'rescheduleCount' | 'nowMs'>;

/**
 * Refuses a reschedule this party may not make now, whatever time they would pick: the rules of
 * the DECISIONS above (the booking view's `allowedActions.reschedule` asks the same).
 */
export function assertMayReschedule(input: RescheduleState): void {
  if (input.by !== 'student') {
    throw new DomainError('forbidden', 'Only the student can reschedule a lesson; an instructor who cannot teach then cancels it.', { code: 'student_only' });
  }
  if (!canTransition(input.status, { type: 'rescheduled' })) {
    throw new DomainError('conflict', `A booking that is ${input.status.replace(/_/g, ' ')} cannot be rescheduled.`, {
      code: 'illegal_transition',
      from: input.status,
      event: 'rescheduled',
    });
  }
  if (input.nowMs >= input.startsAtMs) throw refuse('The lesson has started: it can no longer be rescheduled.', 'lesson_started');
  if (input.rescheduleCount >= MAX_RESCHEDULES) throw refuse(`A lesson can be rescheduled at most ${MAX_RESCHEDULES} times.`, 'reschedule_limit_reached');
  if (input.paymentState === 'authorization_failed') {
    throw refuse('The card for this lesson was declined: update it before rescheduling.', 'payment_failing');
  }
}

export function reschedulePlan(input: RescheduleInput): ReschedulePlan {
  for (const [name, value] of Object.entries({
    startsAtMs: input.startsAtMs,
    endsAtMs: input.endsAtMs,
    originalStartsAtMs: input.originalStartsAtMs,
    newStartsAtMs: input.newStartsAtMs,
    nowMs: input.nowMs,
  })) {
    if (!Number.isSafeInteger(value)) throw new RangeError(`${name} must be epoch milliseconds, got ${value}`);
  }
  if (!Number.isSafeInteger(input.rescheduleCount) || input.rescheduleCount < 0) throw new RangeError(`rescheduleCount must be a whole number ≥ 0`);
  if (input.endsAtMs <= input.startsAtMs) throw new RangeError('a lesson must end after it starts');

  assertMayReschedule(input);
  if (input.newStartsAtMs === input.startsAtMs) throw badTime('Pick a time other than the current one.', 'same_time');
  if (input.newStartsAtMs <= input.nowMs) throw badTime('The new time has already passed.', 'time_in_past');

  const count = input.rescheduleCount + 1;
  return {
    startsAtMs: input.newStartsAtMs,
    endsAtMs: input.newStartsAtMs + (input.endsAtMs - input.startsAtMs),
    originalStartsAtMs: input.originalStartsAtMs,
    rescheduleCount: count,
    reschedulesLeft: reschedulesLeft(count),
    releaseAuthorization:
      input.paymentState === 'authorized' &&
      input.newStartsAtMs > input.startsAtMs &&
      // Not known when it was made: a move later is taken as outliving it.
      (input.authorizedAtMs == null || authorizationLapsesBeforeCapture({ authorizedAtMs: input.authorizedAtMs, endsAtMs: input.newStartsAtMs + (input.endsAtMs - input.startsAtMs) })),
    authorizeFirst: input.paymentState === 'scheduled' && input.newStartsAtMs - AUTHORIZE_BEFORE_MS <= input.nowMs,
  };
}

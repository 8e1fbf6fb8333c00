import { DomainError } from '../../platform/errors.ts';
import type { BookingStatus, PaymentState } from './booking-states.ts';
import { canPaymentTransition } from './booking.policy.ts';
import { tooManyPaymentAttempts } from './booking-errors.ts';
import { authorizationAttemptsLeft, MAX_AUTHORIZATION_ATTEMPTS, paymentSchedule } from './payment-timeline.policy.ts';

export interface CardChangeInput {
  status: BookingStatus;
  paymentState: PaymentState;
  startsAtMs: number;
  endsAtMs: number;
  createdAtMs: number;
  nowMs: number;
  /** The authorization attempts already made for the booking (every kind: the timeline's, the page's). */
  attemptsMade?: number;
}

/**
 * The student may put another card on a booking (and have it authorized at once when the lesson
 * is within 24 h — the payment_failed email's link): the lesson is booked, its authorization is
 * failing or not made yet, and the T-6 h cancellation of unpaid lessons has not come.
 */
export function assertCardChangeable(input: CardChangeInput): void {
  if (input.status !== 'confirmed' || !canPaymentTransition(input.paymentState, { type: 'payment_method_updated' })) {
    throw new DomainError('conflict', 'This lesson’s payment cannot be changed: it is already paid, or the lesson is no longer booked.', { code: 'payment_not_changeable' });
  }
  if (!authorizationAttemptsLeft(input.attemptsMade ?? 0)) throw tooManyPaymentAttempts(MAX_AUTHORIZATION_ATTEMPTS);
  if (input.nowMs >= paymentSchedule(input).cancelUnpaidAtMs) {
    throw new DomainError('conflict', 'It is too late to pay for this lesson: unpaid lessons are cancelled 6 hours before they start.', { code: 'payment_too_late' });
  }
}

import { DomainError } from '../../platform/errors.ts';
import type { BookingStatus, Canceller, PaymentState } from './booking-states.ts';

/**
 * The two state machines of a booking (PRODUCT.md §5, issue 11 item 3). Pure: every status or
 * payment-state change in the bookings module goes through `transition` / `paymentTransition`,
 * which refuse an illegal move with a 409 DomainError whose details name it
 * (`code: 'illegal_transition'`), so a late webhook or a double click never rewrites history.
 *
 * The lesson's life:
 *   pending_payment ─payment_method_validated→ confirmed ─lesson_ended→ completed
 *   pending_payment ─hold_expired→ expired
 *   pending_payment | confirmed ─cancelled{by}→ cancelled_by_student | cancelled_by_instructor
 *   confirmed ─rescheduled→ confirmed (the limits live in reschedule.policy.ts)
 *   completed ─no_show_reported→ completed (the report is a row of its own; the lesson stays
 *     completed while the other side may dispute, and its capture waits, see payment-timeline)
 *   completed ─no_show_resolved{absent}→ no_show_student | no_show_instructor | completed
 *
 * A no-show can only be reported once the lesson is `completed`: a lesson becomes completed at
 * its end, and the report window opens at the end (no-show.policy.ts); a service receiving a
 * report for a lesson whose end passed but whose completion sweep has not run yet applies
 * `lesson_ended` first.
 *
 * DECISION — the T-6 h cancellation for a failed payment (PRODUCT.md §6) is
 * `cancelled_by_student` with reason `payment_failed`: the student's card could not pay, so it
 * is the student's side that ended the lesson and it never counts against the instructor; the
 * reason keeps it apart from a chosen cancellation, and its money is not a §6 tier (nothing was
 * charged: see `cancellationOutcome` in cancellation.policy.ts). It is legal only from
 * `confirmed` (a hold whose card fails at booking expires instead).
 */

/** Why a booking was cancelled: by a person's choice, or by the timeline after the card failed. */
export const CANCEL_REASONS = ['requested', 'payment_failed'] as const;
export type CancelReason = (typeof CANCEL_REASONS)[number];

/** Who was absent, as an undisputed report or an admin decided; `nobody`: the lesson took place. */
export type NoShowFinding = 'student' | 'instructor' | 'nobody';

export type BookingEvent =
  | { type: 'payment_method_validated' }
  | { type: 'hold_expired' }
  | { type: 'cancelled'; by: Canceller; reason?: CancelReason }
  | { type: 'rescheduled' }
  | { type: 'lesson_ended' }
  | { type: 'no_show_reported'; by: Canceller }
  | { type: 'no_show_resolved'; absent: NoShowFinding };

export type BookingEventType = BookingEvent['type'];

/** Statuses that accept no event at all. `completed` is not one: a no-show may still be found. */
export const TERMINAL_STATUSES: readonly BookingStatus[] = [
  'cancelled_by_student',
  'cancelled_by_instructor',
  'no_show_student',
  'no_show_instructor',
  'expired',
];

function illegal(machine: 'booking' | 'payment', from: string, event: string, why?: string): DomainError {
  const message = why ?? `A ${machine === 'booking' ? 'booking' : 'payment'} that is ${from.replace(/_/g, ' ')} cannot take "${event.replace(/_/g, ' ')}".`;
  return new DomainError('conflict', message, { code: 'illegal_transition', machine, from, event });
}

/** The status after `event`, or null when the move is illegal (the reason, when there is one beyond "not from here"). */
function next(status: BookingStatus, event: BookingEvent): BookingStatus | { refused: string } | null {
  switch (event.type) {
    case 'payment_method_validated':
      return status === 'pending_payment' ? 'confirmed' : null;
    case 'hold_expired':
      return status === 'pending_payment' ? 'expired' : null;
    case 'cancelled': {
      const reason = event.reason ?? 'requested';
      if (reason === 'payment_failed') {
        if (event.by !== 'student') return { refused: 'A failed payment cancels on the student’s side, never the instructor’s.' };
        return status === 'confirmed' ? 'cancelled_by_student' : null;
      }
      if (status !== 'pending_payment' && status !== 'confirmed') return null;
      return event.by === 'student' ? 'cancelled_by_student' : 'cancelled_by_instructor';
    }
    case 'rescheduled':
      return status === 'confirmed' ? 'confirmed' : null;
    case 'lesson_ended':
      return status === 'confirmed' ? 'completed' : null;
    case 'no_show_reported':
      return status === 'completed' ? 'completed' : null;
    case 'no_show_resolved':
      if (status !== 'completed') return null;
      if (event.absent === 'student') return 'no_show_student';
      if (event.absent === 'instructor') return 'no_show_instructor';
      return 'completed';
  }
}

/** The status after `event`; an illegal move is a 409 with `code: 'illegal_transition'`. */
export function transition(status: BookingStatus, event: BookingEvent): BookingStatus {
  const result = next(status, event);
  if (typeof result === 'string') return result;
  throw illegal('booking', status, event.type, result?.refused);
}

export function canTransition(status: BookingStatus, event: BookingEvent): boolean {
  return typeof next(status, event) === 'string';
}

/**
 * Payment progress, apart from the status (booking-states.ts says what each state means).
 *   awaiting_method ─method_validated→ scheduled ─authorize_succeeded→ authorized ─captured→ captured
 *   awaiting_method ─credits_cover_all→ not_required (no card step ever)
 *   scheduled | authorization_failed ─authorize_failed→ authorization_failed (retried on the timeline)
 *   authorization_failed ─authorize_succeeded→ authorized
 *   scheduled | authorization_failed ─payment_method_updated→ scheduled (authorize again at once)
 *   scheduled | authorization_failed ─charged→ captured (a one-step charge: a late cancellation
 *     before any authorization held the money)
 *   awaiting_method | scheduled | authorization_failed | authorized ─released→ released
 *   authorized ─reauthorization_needed→ scheduled (a lesson moved later: the hold is cancelled
 *     and a new one made at the new T-24 h, so no hold outlives the card network's few days)
 *   captured | partially_refunded ─refunded{partial}→ partially_refunded, ─refunded{full}→ refunded
 * `released`, `refunded` and `not_required` are final.
 */
export type PaymentEvent =
  | { type: 'method_validated' }
  | { type: 'credits_cover_all' }
  | { type: 'authorize_succeeded' }
  | { type: 'authorize_failed' }
  | { type: 'payment_method_updated' }
  | { type: 'captured' }
  | { type: 'charged' }
  | { type: 'released' }
  | { type: 'reauthorization_needed' }
  | { type: 'refunded'; amount: 'partial' | 'full' };

export type PaymentEventType = PaymentEvent['type'];

export const FINAL_PAYMENT_STATES: readonly PaymentState[] = ['released', 'refunded', 'not_required'];

function nextPayment(state: PaymentState, event: PaymentEvent): PaymentState | null {
  const from = (...states: PaymentState[]) => states.includes(state);
  switch (event.type) {
    case 'method_validated':
      return from('awaiting_method') ? 'scheduled' : null;
    case 'credits_cover_all':
      return from('awaiting_method') ? 'not_required' : null;
    case 'authorize_succeeded':
      return from('scheduled', 'authorization_failed') ? 'authorized' : null;
    case 'authorize_failed':
      return from('scheduled', 'authorization_failed') ? 'authorization_failed' : null;
    case 'payment_method_updated':
      return from('scheduled', 'authorization_failed') ? 'scheduled' : null;
    case 'captured':
      return from('authorized') ? 'captured' : null;
    case 'charged':
      return from('scheduled', 'authorization_failed') ? 'captured' : null;
    case 'released':
      return from('awaiting_method', 'scheduled', 'authorization_failed', 'authorized') ? 'released' : null;
    case 'reauthorization_needed':
      return from('authorized') ? 'scheduled' : null;
    case 'refunded':
      if (!from('captured', 'partially_refunded')) return null;
      return event.amount === 'full' ? 'refunded' : 'partially_refunded';
  }
}

export function paymentTransition(state: PaymentState, event: PaymentEvent): PaymentState {
  const result = nextPayment(state, event);
  if (result === null) throw illegal('payment', state, event.type);
  return result;
}

export function canPaymentTransition(state: PaymentState, event: PaymentEvent): boolean {
  return nextPayment(state, event) !== null;
}

/**
 * The state a new booking starts in. One whose payment needs no provider call now — credits
 * cover it, or its card (checked before) is authorized later, at T-24 h — is confirmed in the
 * transaction that creates it, so no process can die between the two; one authorized at once (the
 * lesson within 24 h) holds the time, pending, until that authorization answers.
 */
export function initialState(input: { cardCents: number; authorizesNow: boolean }): { status: BookingStatus; paymentState: PaymentState } {
  const pending = { status: 'pending_payment', paymentState: 'awaiting_method' } as const;
  const confirmed = transition(pending.status, { type: 'payment_method_validated' });
  if (input.cardCents === 0) return { status: confirmed, paymentState: paymentTransition(pending.paymentState, { type: 'credits_cover_all' }) };
  if (input.authorizesNow) return pending;
  return { status: confirmed, paymentState: paymentTransition(pending.paymentState, { type: 'method_validated' }) };
}

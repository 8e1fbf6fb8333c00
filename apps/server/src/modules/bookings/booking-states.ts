/**
 * The words of a booking's life (PRODUCT.md §5, issue 11 item 3), in one place: the database's
 * check constraints, the state machine (booking.policy.ts), the API schemas and the web app all
 * use these lists.
 */

/** The lesson's status. `expired`: a hold that got no valid payment in time (issue 11 item 1). */
export const BOOKING_STATUSES = [
  'pending_payment',
  'confirmed',
  'completed',
  'cancelled_by_student',
  'cancelled_by_instructor',
  'no_show_student',
  'no_show_instructor',
  'expired',
] as const;
export type BookingStatus = (typeof BOOKING_STATUSES)[number];

/** Statuses that hold the instructor's (and the student's) time: pending holds block time too (§3). */
export const TIME_HOLDING_STATUSES: readonly BookingStatus[] = ['pending_payment', 'confirmed'];

/**
 * Where the money of a booking stands, tracked apart from its status (issue 11 item 3):
 * - `awaiting_method`: the hold exists, the card is not yet validated;
 * - `scheduled`: card valid, authorization due at T-24 h;
 * - `authorized`: the amount is held on the card (manual capture);
 * - `authorization_failed`: the last attempt failed; retried on the timeline until T-6 h;
 * - `captured`: charged;
 * - `released`: the authorization was cancelled (or never made), nothing charged;
 * - `partially_refunded` / `refunded`: charged, then some or all of it returned;
 * - `not_required`: credits covered the whole price, no card charge.
 */
export const PAYMENT_STATES = [
  'awaiting_method',
  'scheduled',
  'authorized',
  'authorization_failed',
  'captured',
  'released',
  'partially_refunded',
  'refunded',
  'not_required',
] as const;
export type PaymentState = (typeof PAYMENT_STATES)[number];

/** Who ends a booking early. */
export const CANCELLERS = ['student', 'instructor'] as const;
export type Canceller = (typeof CANCELLERS)[number];

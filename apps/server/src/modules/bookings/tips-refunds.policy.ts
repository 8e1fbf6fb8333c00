import type { BookingStatus, PaymentState } from './booking-states.ts';

/**
 * The rules with numbers in them for tips and admin refunds (issue 11 items 9 and 10), pure.
 *
 * DECISIONS (PRODUCT.md §6 says only "optional after the lesson, 100% to the instructor"):
 * - a tip is for a `completed` lesson only, from its end up to 30 days after it;
 * - one tip per lesson (a declined one may be tried again);
 * - $1 to $500, whole cents.
 */
export const TIP_MIN_CENTS = 100;
export const TIP_MAX_CENTS = 50_000;
export const TIP_WINDOW_MS = 30 * 24 * 3_600_000;

export type Refusal = { field: string | null; code: string; reason: string };

/** What decides whether a tip can be given on a lesson now, whatever its amount. */
export interface TipState {
  status: BookingStatus;
  endsAtMs: number;
  nowMs: number;
  /** A tip already given or being charged (a declined one does not count: it may be tried again). */
  tipGiven?: boolean;
  /** The card saved on the booking, which a tip is charged to (a lesson paid by credits alone has none). */
  hasSavedCard?: boolean;
}

/** Why no tip can be given on this lesson now, whatever the amount, or null (the booking view's `allowedActions.tip`). */
export function tipClosedRefusal(input: TipState): Refusal | null {
  if (input.tipGiven) return { field: null, code: 'tip_already_given', reason: 'You already tipped for this lesson.' };
  if (input.status !== 'completed') return { field: null, code: 'lesson_not_completed', reason: 'A tip can be given once the lesson is completed.' };
  if (input.nowMs < input.endsAtMs) return { field: null, code: 'lesson_not_completed', reason: 'A tip can be given once the lesson has ended.' };
  if (input.nowMs > input.endsAtMs + TIP_WINDOW_MS) return { field: null, code: 'tip_window_closed', reason: 'Tips can be given up to 30 days after the lesson.' };
  if (input.hasSavedCard === false) return { field: null, code: 'no_saved_card', reason: 'This lesson was paid without a card, so there is no saved card to charge for a tip.' };
  return null;
}

/** Why this tip cannot be given now, or null. */
export function tipRefusal(input: TipState & { amountCents: number }): Refusal | null {
  const closed = tipClosedRefusal(input);
  if (closed) return closed;
  if (!Number.isSafeInteger(input.amountCents)) return { field: 'body.amountCents', code: 'validation_failed', reason: 'must be whole cents' };
  if (input.amountCents < TIP_MIN_CENTS || input.amountCents > TIP_MAX_CENTS) {
    return { field: 'body.amountCents', code: 'validation_failed', reason: `must be between ${TIP_MIN_CENTS} and ${TIP_MAX_CENTS} cents ($1–$500)` };
  }
  return null;
}

/** Payment states a refund can start from: money was charged and not all of it given back. */
export const REFUNDABLE_STATES: readonly PaymentState[] = ['captured', 'partially_refunded'];

/** Whether an admin's refund can start: a charge the provider knows, not all of it given back. */
export function isRefundable(input: { paymentState: PaymentState; paymentId: string | null }): boolean {
  return REFUNDABLE_STATES.includes(input.paymentState) && input.paymentId !== null;
}

/**
 * How much an admin's refund gives back: the requested amount, or everything left when omitted;
 * never more than what is left (charged less already refunded).
 */
export function refundAmount(input: { chargedCents: number; refundedCents: number; requestedCents?: number | undefined }): { amountCents: number } | Refusal {
  const left = input.chargedCents - input.refundedCents;
  if (left <= 0) return { field: null, code: 'already_refunded', reason: 'Everything charged for this booking has been refunded.' };
  const amount = input.requestedCents ?? left;
  if (!Number.isSafeInteger(amount) || amount < 1) return { field: 'body.amountCents', code: 'validation_failed', reason: 'must be at least 1 cent, whole cents' };
  if (amount > left) return { field: 'body.amountCents', code: 'refund_exceeds_remaining', reason: `is more than the ${left} cents left to refund` };
  return { amountCents: amount };
}

/** `total × part / whole` rounded half up: the provider's rule for a proportional share (Stripe's reverse_transfer). */
export function proportion(total: number, part: number, whole: number): number {
  return whole === 0 ? 0 : Math.floor((2 * total * part + whole) / (2 * whole));
}

/**
 * What a refund takes back from the instructor, net. A destination charge transfers the whole
 * charge to the instructor's account and collects the platform's application fee from it; a
 * refund with `reverse_transfer` and `refund_application_fee` takes back the refunded share of
 * the transfer (the refund itself) and gives back the same share of the fee, so the instructor
 * loses the refund less the fee's share: in proportion to what they kept. Computed cumulatively
 * (the provider's rule) so refunds that add up to the whole charge take back exactly the
 * instructor's whole share, whatever the rounding of each.
 */
export function instructorReversal(input: { chargedCents: number; transferredCents: number; refundedBeforeCents: number; refundCents: number }): number {
  const { chargedCents, transferredCents, refundedBeforeCents, refundCents } = input;
  if (transferredCents <= 0) return 0;
  const fee = chargedCents - transferredCents;
  const feeBack = (refunded: number) => Math.min(proportion(refunded, fee, chargedCents), fee);
  return Math.max(0, refundCents - (feeBack(refundedBeforeCents + refundCents) - feeBack(refundedBeforeCents)));
}

/** The payment event of a refund: full once everything charged is given back. */
export function refundEvent(chargedCents: number, refundedAfterCents: number): { type: 'refunded'; amount: 'partial' | 'full' } {
  return { type: 'refunded', amount: refundedAfterCents >= chargedCents ? 'full' : 'partial' };
}

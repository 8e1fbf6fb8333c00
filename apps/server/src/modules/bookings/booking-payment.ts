import { PaymentError } from '../../integrations/payments/payment-error.ts';
import type { Payment, PaymentsPort } from '../../integrations/payments/payments.port.ts';
import type { Clock } from '../../platform/clock.ts';
import type { Db } from '../../platform/db/database.ts';
import { commissionCents, destinationFeeCents } from '../payments/fees.policy.ts';
import { commissionTierAt } from './commission-tier.repository.ts';
import { AUTHORIZE_BEFORE_MS } from './payment-timeline.policy.ts';
import type { BookingRow, BookingsRepository } from './bookings.repository.ts';

/**
 * The idempotency key of a booking's authorization attempt: the one made at booking (within 24 h)
 * or at T-24 h is attempt 1, the timeline's retries 2, 3, 4. A crashed attempt resumed answers
 * the first result; a new attempt asks the card again.
 */
export const authorizeKey = (bookingId: string, attempt = 1) => `booking:${bookingId}:authorize:${attempt}`;
export const releaseKey = (bookingId: string) => `booking:${bookingId}:release`;
/** Releasing authorization `attempt` so the timeline authorizes again (a lesson moved past the hold's life): a key per hold. */
export const reauthorizationReleaseKey = (bookingId: string, attempt: number) => `booking:${bookingId}:release:${attempt}`;
/** The capture of the lesson's card part, and the transfer of the instructor's share the platform funds from its balance (credits). */
export const captureKey = (bookingId: string) => `booking:${bookingId}:capture`;
export const transferKey = (bookingId: string, attempt = 1) => (attempt === 1 ? `booking:${bookingId}:transfer` : `booking:${bookingId}:transfer:${attempt}`);

/**
 * The `detail` an authorization intent is written with when the student is there (the lesson
 * page's "Pay", booking-card-change.service.ts): a sweep resuming that attempt sends the provider
 * the same on-session request under its key (a key reused with other parameters is refused).
 */
export const ON_SESSION_INTENT = 'on_session';
/**
 * The `detail` of an attempt left waiting for the student's bank (3-D Secure on the lesson page):
 * the payment stays open at the provider until approved, refused or cancelled. The T-6 h
 * cancellation cancels it there, so an approval after the lesson was cancelled holds nothing.
 */
export const AWAITING_BANK = 'waiting for the student’s bank (3-D Secure)';

type AuthorizeInput = { customerId: string; destinationAccountId: string; founding: boolean; attempt?: number; onSession?: boolean };

/**
 * Whether a booking's card is authorized when it is made (a lesson less than 24 h ahead, the
 * timeline's T-24 h already passed: PRODUCT.md §6), the student present, rather than by
 * the sweep at T-24 h: from the row alone, so the booking, the hold sweep and the timeline that
 * resume attempt 1 with its key all send the provider the same request (a key reused with other
 * parameters is refused).
 */
export function authorizedAtBooking(booking: Pick<BookingRow, 'originalStartsAt' | 'createdAt'>): boolean {
  return booking.originalStartsAt.getTime() - booking.createdAt.getTime() <= AUTHORIZE_BEFORE_MS;
}

export type AuthorizationOutcome =
  | { kind: 'authorized'; payment: Payment }
  | { kind: 'refused'; reason: string; code: string; paymentId: string | null }
  | { kind: 'unavailable' };

/** At booking, the student present: the bank may ask them to authenticate (3-D Secure) first. */
export type AuthorizationAtBookingOutcome = AuthorizationOutcome | { kind: 'requires_action'; payment: Payment };

/**
 * Authorizing a booking's card part at once (a lesson less than 24 h away, PRODUCT.md §6),
 * as a money step (ARCHITECTURE "Money steps"): the intent is recorded on the locked row
 * before the provider call, the call runs outside any transaction with the step's key, and
 * the caller records the result. A process dying in between leaves `payment_step =
 * 'authorize'` on a pending hold; the hold sweep asks the provider again with the same key.
 */
export class BookingPayment {
  constructor(private readonly deps: { db: Db; clock: Clock; payments: PaymentsPort; repository: BookingsRepository }) {}

  /** Records the intent; false when the booking is no longer a pending hold (another step took it). */
  async recordIntent(bookingId: string): Promise<boolean> {
    const { db, clock, repository } = this.deps;
    return db.transaction().execute(async (trx) => {
      const row = await repository.lock(trx, bookingId);
      if (!row || row.status !== 'pending_payment') return false;
      await repository.update(trx, bookingId, ['pending_payment'], { paymentStep: 'authorize', updatedAt: clock.now() });
      // The timeline's record of attempt 1 (booking-payments.service.ts counts attempts from it and
      // closes it, with the provider's answer under the same key, once the booking is settled).
      await trx
        .insertInto('bookingPaymentSteps')
        .values({ bookingId, step: 'authorize', attempt: 1, idempotencyKey: authorizeKey(bookingId, 1), startedAt: clock.now(), amountCents: row.totalCents - row.creditsCents })
        .onConflict((oc) => oc.doNothing())
        .execute();
      return true;
    });
  }

  /**
   * Calls the provider for the booking's card part. The destination is the instructor's payout
   * account; the application fee is what the platform keeps (booking fee + commission at the
   * instructor's tier today) less the credits the platform funds, within what the card pays.
   * Capture may restate it (the tier is final at completion).
   */
  async authorize(booking: BookingRow, input: AuthorizeInput): Promise<AuthorizationOutcome> {
    const outcome = await this.authorizeWithStudent(booking, input);
    // A payment waiting for a student who is not there (a sweep resuming attempt 1) holds nothing.
    if (outcome.kind === 'requires_action') return { kind: 'refused', reason: 'the card could not be authorized (requires_action)', code: 'requires_action', paymentId: outcome.payment.id };
    return outcome;
  }

  /** As `authorize`, for the booking itself: a payment waiting for 3-D Secure is answered as such. */
  async authorizeWithStudent(booking: BookingRow, input: AuthorizeInput): Promise<AuthorizationAtBookingOutcome> {
    const cardCents = booking.totalCents - booking.creditsCents;
    const tier = await commissionTierAt(this.deps.db, { id: booking.instructorId, founding: input.founding }, this.deps.clock.nowMs());
    const commission = commissionCents(booking.lessonCents, tier);
    const applicationFeeCents = destinationFeeCents({ cardCents, bookingFeeCents: booking.bookingFeeCents, commissionCents: commission, creditsCents: booking.creditsCents });
    try {
      const payment = await this.deps.payments.authorize({
        customerId: input.customerId,
        paymentMethodId: booking.paymentMethodId!,
        amountCents: cardCents,
        destinationAccountId: input.destinationAccountId,
        applicationFeeCents,
        // Attempt 1 of a lesson booked within 24 h runs while the student books: their bank may ask
        // for 3-D Secure then (requires_action). Every later attempt runs without them (the sweeps):
        // the card was set up for off-session use, and a bank that still asks refuses it — except an
        // attempt the student starts themselves (`onSession`: paying a failing lesson on its page).
        offSession: !(input.onSession || ((input.attempt ?? 1) === 1 && authorizedAtBooking(booking))),
        description: `Lesson ${booking.id}`,
        metadata: { bookingId: booking.id },
        idempotencyKey: authorizeKey(booking.id, input.attempt ?? 1),
      });
      if (payment.state === 'authorized') return { kind: 'authorized', payment };
      if (payment.state === 'requires_action' && payment.clientSecret) return { kind: 'requires_action', payment };
      return { kind: 'refused', reason: `the card could not be authorized (${payment.state})`, code: payment.state, paymentId: payment.id };
    } catch (error) {
      if (!(error instanceof PaymentError)) throw error;
      if (error.kind === 'unavailable') return { kind: 'unavailable' };
      return { kind: 'refused', reason: error.message, code: error.details.declineCode ?? error.details.code ?? error.kind, paymentId: error.details.paymentId ?? null };
    }
  }

  /** Releases an authorization that will not be used (the hold ended); safe to repeat. */
  async release(bookingId: string, paymentId: string, idempotencyKey = releaseKey(bookingId)): Promise<void> {
    try {
      await this.deps.payments.cancelAuthorization({ paymentId, idempotencyKey });
    } catch (error) {
      // Nothing was held (a refused or already cancelled payment): nothing to release.
      if (!(error instanceof PaymentError) || error.kind !== 'invalid') throw error;
    }
  }
}

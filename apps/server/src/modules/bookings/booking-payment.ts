import { PaymentError } from '../../integrations/payments/payment-error.ts';
import type { Payment, PaymentsPort } from '../../integrations/payments/payments.port.ts';
import type { Clock } from '../../platform/clock.ts';
import type { Db } from '../../platform/db/database.ts';
import { commissionCents, destinationFeeCents } from '../payments/fees.policy.ts';
import { commissionTierAt } from './commission-tier.repository.ts';
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

export type AuthorizationOutcome =
  | { kind: 'authorized'; payment: Payment }
  | { kind: 'refused'; reason: string; code: string; paymentId: string | null }
  | { kind: 'unavailable' };

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
  async authorize(booking: BookingRow, input: { customerId: string; destinationAccountId: string; founding: boolean; attempt?: number }): Promise<AuthorizationOutcome> {
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
        // The card was authenticated when it was saved (SetupIntent for off-session use); the
        // student is not asked again here, as at T-24 h.
        offSession: true,
        description: `Lesson ${booking.id}`,
        metadata: { bookingId: booking.id },
        idempotencyKey: authorizeKey(booking.id, input.attempt ?? 1),
      });
      if (payment.state === 'authorized') return { kind: 'authorized', payment };
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

import { z } from 'zod';
import { PaymentError } from '../../integrations/payments/payment-error.ts';
import type { Payment, PaymentEventReader, PaymentsPort } from '../../integrations/payments/payments.port.ts';
import type { Principal } from '../../platform/auth/principal.ts';
import type { Clock } from '../../platform/clock.ts';
import type { Db, Tx } from '../../platform/db/database.ts';
import { DomainError, notFound } from '../../platform/errors.ts';
import { rewriteFreeTime } from '../availability/free-time.repository.ts';
import { requireOwner } from '../discovery/discovery-access.ts';
import type { WebhookHandler } from '../payments/webhooks/webhook-handlers.ts';
import type { BookingEmails } from './booking-emails.ts';
import { holdAuthenticatedPayment } from './booking-card-change.service.ts';
import { BookingPayment } from './booking-payment.ts';
import { BookingPaymentsRepository } from './booking-payments.repository.ts';
import type { BookingRow, BookingsRepository } from './bookings.repository.ts';

/**
 * 3-D Secure at booking (issue 11 item 1, PRODUCT.md §6 "3-D Secure handled"). A lesson less
 * than 24 h away is authorized while the student books; when their bank asks them to
 * authenticate, the provider answers `requires_action` and the booking stays a pending hold
 * (its 10 minutes running) with the payment recorded on it. It becomes `confirmed` with the
 * authorization held once the provider says the payment is authorized — whichever of these
 * comes first, each idempotent under the row lock:
 *   - the student's browser, back from the bank's page, asks `POST /bookings/{id}/confirm`:
 *     the payment is re-read at the provider (what the browser says is never trusted);
 *   - the provider's `payment_intent.amount_capturable_updated` webhook;
 *   - the hold sweep, finding the hold due, re-reads the payment first (booking-holds.ts).
 * A refused authentication told through the confirm route ends the hold at once (the student is
 * there and chooses again); one nobody comes back from is left to the hold sweep, which releases
 * the payment and frees the time.
 */

/** What the browser needs to send the student through their bank's check. */
export const PaymentAuthenticationSchema = z
  .object({
    paymentIntentId: z.string().describe("The provider's payment (pi_…)"),
    clientSecret: z.string().describe("For the provider's browser library (Stripe.js handleNextAction)"),
    redirectUrl: z.string().nullable().describe("The bank's page to send the browser to (add `return_url`), when the provider names one"),
    publishableKey: z.string().describe("The provider's publishable key, for its browser library when there is no redirectUrl"),
  })
  .meta({ id: 'PaymentAuthentication' });
export type PaymentAuthentication = z.infer<typeof PaymentAuthenticationSchema>;

export function authenticationOf(payment: Payment, payments: Pick<PaymentsPort, 'publishableKey'>): PaymentAuthentication | null {
  if (payment.state !== 'requires_action' || !payment.clientSecret) return null;
  return { paymentIntentId: payment.id, clientSecret: payment.clientSecret, redirectUrl: payment.nextActionUrl, publishableKey: payments.publishableKey };
}

/**
 * Confirms a pending hold whose payment the provider reports authorized, in the caller's
 * transaction: the booking becomes confirmed with the authorization held, the booking-time
 * authorization step is closed with it, and the confirmation emails are queued. Nothing happens
 * (false) when the booking is no longer a pending hold or waits on another payment.
 */
export async function confirmAuthenticatedHold(
  trx: Tx,
  deps: { clock: Clock; repository: BookingsRepository; emails: BookingEmails },
  bookingId: string,
  payment: Pick<Payment, 'id' | 'state'>,
): Promise<boolean> {
  if (payment.state !== 'authorized') return false;
  const row = await deps.repository.lock(trx, bookingId);
  if (!row || row.status !== 'pending_payment' || row.paymentId !== payment.id) return false;
  const now = deps.clock.now();
  const confirmed = await deps.repository.update(trx, bookingId, ['pending_payment'], {
    status: 'confirmed',
    paymentState: 'authorized',
    paymentStep: null,
    paymentError: null,
    authorizedAt: now,
    holdExpiresAt: null,
    updatedAt: now,
  });
  if (!confirmed) return false;
  await new BookingPaymentsRepository().finishBookingAttempt(trx, bookingId, { finishedAt: now, outcome: 'succeeded', providerId: payment.id });
  await deps.emails.queueBookingConfirmed(trx, bookingId);
  return true;
}

/**
 * Ends a pending hold whose card was refused at booking (declined, or 3-D Secure failed): the
 * time is free again (the caller tells the caches after commit) and its credits go back.
 */
export async function endRefusedHold(trx: Tx, repository: BookingsRepository, row: BookingRow, now: Date, refusal: { paymentId: string | null; reason: string }): Promise<boolean> {
  const ended = await repository.update(trx, row.id, ['pending_payment'], {
    status: 'expired',
    paymentState: 'authorization_failed',
    paymentId: refusal.paymentId,
    paymentStep: null,
    paymentError: refusal.reason.slice(0, 500),
    holdExpiresAt: null,
    updatedAt: now,
  });
  if (!ended) return false;
  await new BookingPaymentsRepository().finishBookingAttempt(trx, row.id, { finishedAt: now, outcome: 'failed', providerId: refusal.paymentId, detail: refusal.reason });
  await repository.releaseCreditUses(trx, row.id);
  await rewriteFreeTime(trx, [row.instructorId]);
  return true;
}

export interface BookingAuthenticationDeps {
  db: Db;
  clock: Clock;
  payments: PaymentsPort;
  repository: BookingsRepository;
  emails: BookingEmails;
  freeTimeChanged: () => Promise<void>;
}

/** The confirm route's side: the student back from their bank. */
export class BookingAuthentication {
  private readonly payment: BookingPayment;

  constructor(private readonly deps: BookingAuthenticationDeps) {
    this.payment = new BookingPayment(deps);
  }

  /**
   * Settles the caller's booking after 3-D Secure from the provider's word: confirmed (or still
   * waiting, with what the browser needs) is answered; a refused authentication ends the hold
   * and is 422 `authentication_failed`; a hold that ran out is 422 `hold_expired`. Safe to repeat.
   * Only the student who booked may ask: anyone else gets 404.
   */
  async confirm(principal: Principal | null, bookingId: string): Promise<{ row: BookingRow; authentication: PaymentAuthentication | null }> {
    const studentId = requireOwner(principal, 'bookings:create');
    const { db, clock, repository } = this.deps;
    const row = await repository.find(db, bookingId);
    if (!row || row.studentId !== studentId) throw notFound('Booking');
    if (row.status === 'expired') throw ended(row);
    if (row.status !== 'pending_payment' || !row.paymentId) return { row, authentication: null };

    let payment: Payment;
    try {
      payment = await this.deps.payments.payment(row.paymentId);
    } catch (error) {
      if (error instanceof PaymentError && error.kind === 'unavailable') {
        throw new DomainError('service_unavailable', 'Payments are unavailable right now; your time is still held, please try again in a minute.');
      }
      throw error;
    }
    if (payment.state === 'authorized') {
      await db.transaction().execute((trx) => confirmAuthenticatedHold(trx, this.deps, row.id, payment));
      return { row: (await repository.find(db, row.id))!, authentication: null };
    }
    const authentication = authenticationOf(payment, this.deps.payments);
    if (authentication) return { row, authentication };

    // The bank refused (3-D Secure failed, or the card was then declined): nothing is held; the time goes back now.
    await this.payment.release(row.id, payment.id);
    const freed = await db.transaction().execute(async (trx) => {
      const locked = await repository.lock(trx, row.id);
      if (!locked || locked.status !== 'pending_payment' || locked.paymentId !== payment.id) return false;
      return endRefusedHold(trx, repository, locked, clock.now(), { paymentId: payment.id, reason: 'your bank did not confirm the payment (3-D Secure)' });
    });
    if (freed) await this.deps.freeTimeChanged();
    const now = await repository.find(db, row.id);
    if (now?.status === 'confirmed') return { row: now, authentication: null };
    throw ended(now ?? row, true);
  }
}

/** The Stripe events that tell a payment is authorized. */
export const AUTHORIZED_PAYMENT_EVENTS = ['payment_intent.amount_capturable_updated', 'payment_intent.succeeded'] as const;

/**
 * The webhook side: the provider says a payment is authorized; a pending hold waiting on that
 * very payment (its metadata names the booking) is confirmed in the event's transaction; so is a
 * booked lesson whose new card waited on it.
 */
export function authorizedPaymentHandler(deps: { reader: PaymentEventReader; clock: Clock; repository: BookingsRepository; emails: BookingEmails }): WebhookHandler {
  return async (event, tx) => {
    const read = deps.reader.payment(event.object);
    const bookingId = read?.metadata.bookingId;
    if (!read || !bookingId) return;
    if (await confirmAuthenticatedHold(tx, deps, bookingId, read.payment)) return;
    // Or a booked lesson paid with another card whose bank asked (booking-card-change.service.ts).
    await holdAuthenticatedPayment(tx, deps, bookingId, read.payment);
  };
}

function ended(row: BookingRow, refused = false): DomainError {
  if (refused || row.paymentState === 'authorization_failed') {
    return new DomainError('unprocessable', 'Your bank did not confirm the payment (3-D Secure), so nothing is booked and the time was released. Try again, or choose another card.', {
      code: 'authentication_failed',
      errors: [{ field: 'body.paymentMethodId', reason: 'was not authenticated by the bank' }],
    });
  }
  return new DomainError('unprocessable', 'The 10 minutes to confirm the payment ran out, so nothing is booked and the time was released. Book again.', { code: 'hold_expired' });
}

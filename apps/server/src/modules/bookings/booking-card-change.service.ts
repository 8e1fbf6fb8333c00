import { PaymentError } from '../../integrations/payments/payment-error.ts';
import type { Payment, PaymentsPort } from '../../integrations/payments/payments.port.ts';
import type { Principal } from '../../platform/auth/principal.ts';
import type { Clock } from '../../platform/clock.ts';
import type { Db, Tx } from '../../platform/db/database.ts';
import { DomainError, notFound } from '../../platform/errors.ts';
import { LockTimeoutError, withLock, type Locks } from '../../platform/lock/lock.port.ts';
import { requireOwner } from '../discovery/discovery-access.ts';
import { authenticationOf, type PaymentAuthentication } from './booking-authentication.ts';
import { customerWithSavedCard } from './saved-card.ts';
import { authorizeKey, AWAITING_BANK, BookingPayment, ON_SESSION_INTENT } from './booking-payment.ts';
import { BookingPaymentsRepository, timelineAttempts } from './booking-payments.repository.ts';
import { canPaymentTransition, paymentTransition } from './booking.policy.ts';
import { assertCardChangeable } from './card-change.policy.ts';
import type { BookingRow, BookingsRepository } from './bookings.repository.ts';
import { paymentSchedule } from './payment-timeline.policy.ts';

export interface BookingCardChangeDeps {
  db: Db;
  clock: Clock;
  payments: PaymentsPort;
  repository: BookingsRepository;
  /** The sweep's `booking:{id}:payment` lock, across processes when Redis is configured; the row lock alone serializes otherwise. */
  locks?: Locks | undefined;
}

export interface CardChangeResult {
  row: BookingRow;
  /** Set when the student's bank asks them to confirm the payment (3-D Secure): answered 202. */
  authentication: PaymentAuthentication | null;
}

/**
 * Paying a lesson whose card was refused (PRODUCT.md §6 "Failed authorization", issue 11): the
 * payment_failed email links to the lesson's page, where the student chooses another saved card.
 * `POST /bookings/{id}/payment-method` puts it on the booking (booking.policy's
 * `payment_method_updated`) and, the lesson being within 24 h, authorizes it AT ONCE with the
 * student there (on session: their bank may ask for 3-D Secure, answered as at booking). A held
 * authorization ends the failure path: the timeline (payment-timeline.policy.ts) has nothing left
 * to retry, notify or cancel for an authorized lesson.
 *
 * A money step (ARCHITECTURE "Money steps"), the same as the sweep's attempts so both count and
 * resume them alike: under the `booking:{id}:payment` lock and the row lock the intent is
 * written with the NEXT attempt number (its own idempotency key `booking:{id}:authorize:{n}`,
 * marked on session); the provider is called outside the transaction; the result and the
 * booking's payment state commit together. Attempts are never given back: a student who pays
 * from the page uses up one of the timeline's retries.
 *
 * Safe to repeat: a booking already authorized on the card asked for answers as it is (one
 * authorization, whatever the Idempotency-Key).
 */
export class BookingCardChange {
  private readonly payment: BookingPayment;
  private readonly steps = new BookingPaymentsRepository();

  constructor(private readonly deps: BookingCardChangeDeps) {
    this.payment = new BookingPayment(deps);
  }

  async setCard(principal: Principal | null, bookingId: string, paymentMethodId: string): Promise<CardChangeResult> {
    const studentId = requireOwner(principal, 'bookings:create');
    const { db, repository } = this.deps;
    const row = await repository.find(db, bookingId);
    if (!row || row.studentId !== studentId) throw notFound('Booking');
    if (paidWith(row, paymentMethodId)) return { row, authentication: null };
    this.checkOpen(row);
    const customerId = await customerWithSavedCard(this.deps, studentId, paymentMethodId);

    const run = () => this.changeAndAuthorize(bookingId, paymentMethodId, customerId);
    const locks = this.deps.locks;
    if (!locks) return run();
    try {
      return await withLock(locks, `booking:${bookingId}:payment`, { ttlMs: 60_000, waitMs: 5_000 }, run);
    } catch (error) {
      if (error instanceof LockTimeoutError) throw inProgress();
      throw error;
    }
  }

  /**
   * After the student's bank check (3-D Secure) for a card change: the payment is re-read at the
   * provider; authorized and still this booking's payment → the booking holds it. An authorization
   * nobody can use any more (the lesson was cancelled meanwhile) is given back. Called by
   * `POST /bookings/{id}/confirm` for a confirmed booking; the caller checked the student.
   */
  async confirm(row: BookingRow): Promise<CardChangeResult> {
    const { db, clock, repository } = this.deps;
    if (row.paymentState !== 'authorization_failed' || !row.paymentId) return { row, authentication: null };
    const payment = await this.readPayment(row.paymentId);
    if (payment.state === 'requires_action') return { row, authentication: authenticationOf(payment, this.deps.payments) };
    if (payment.state !== 'authorized') return { row, authentication: null };
    const held = await db.transaction().execute((trx) => holdAuthenticatedPayment(trx, { clock, repository }, row.id, payment));
    const after = (await repository.find(db, row.id))!;
    if (!held && after.paymentId === payment.id && after.paymentState === 'released') await this.payment.release(row.id, payment.id);
    return { row: after, authentication: null };
  }

  /** The booking's card can be changed (card-change.policy.ts). */
  private checkOpen(row: BookingRow, attemptsMade?: number): void {
    assertCardChangeable({
      ...(attemptsMade === undefined ? {} : { attemptsMade }),
      status: row.status,
      paymentState: row.paymentState,
      startsAtMs: row.startsAt.getTime(),
      endsAtMs: row.endsAt.getTime(),
      createdAtMs: row.createdAt.getTime(),
      nowMs: this.deps.clock.nowMs(),
    });
  }


  private async changeAndAuthorize(bookingId: string, paymentMethodId: string, customerId: string): Promise<CardChangeResult> {
    const { db, clock, repository } = this.deps;
    // 1. Under the row lock: the card set and, within 24 h, the attempt's intent written.
    const planned = await db.transaction().execute(async (trx) => {
      const row = await repository.lock(trx, bookingId);
      if (!row) throw notFound('Booking');
      if (paidWith(row, paymentMethodId)) return { row, attempt: null };
      const steps = await this.steps.steps(trx, bookingId);
      const attempts = timelineAttempts(steps);
      this.checkOpen(row, attempts.made);
      if (steps.some((step) => step.step === 'authorize' && step.finishedAt === null)) throw inProgress();
      const now = clock.now();
      const times = { startsAtMs: row.startsAt.getTime(), endsAtMs: row.endsAt.getTime(), createdAtMs: row.createdAt.getTime() };
      const authorizeNow = clock.nowMs() >= paymentSchedule(times).authorizeAtMs;
      const updated = await repository.update(trx, bookingId, ['confirmed'], {
        paymentMethodId,
        paymentState: paymentTransition(row.paymentState, { type: 'payment_method_updated' }),
        paymentError: null,
        updatedAt: now,
      });
      if (!updated) throw notFound('Booking');
      // More than 24 h ahead (a lesson moved later): the sweep authorizes the new card at T-24 h.
      if (!authorizeNow) return { row: updated, attempt: null };
      const attempt = attempts.next;
      await this.steps.insertStep(trx, {
        bookingId,
        step: 'authorize',
        attempt,
        idempotencyKey: authorizeKey(bookingId, attempt),
        amountCents: updated.totalCents - updated.creditsCents,
        startedAt: now,
        detail: ON_SESSION_INTENT,
      });
      return { row: updated, attempt };
    });
    if (planned.attempt === null) return { row: planned.row, authentication: null };

    // 2. The provider, outside any transaction, with the attempt's key.
    const booking = planned.row;
    const payer = await this.steps.payer(db, booking);
    const outcome = payer.accountId
      ? await this.payment.authorizeWithStudent(booking, { customerId, destinationAccountId: payer.accountId, founding: payer.founding, attempt: planned.attempt, onSession: true })
      : ({ kind: 'refused', reason: 'the instructor cannot be paid yet', code: 'missing_payment_details', paymentId: null } as const);
    // The intent stays open: the authorization sweep resumes it with the same key.
    if (outcome.kind === 'unavailable') throw unavailable();

    // 3. The result and the booking's payment state, together.
    const key = { bookingId, step: 'authorize' as const, attempt: planned.attempt };
    const paymentId = outcome.kind === 'refused' ? outcome.paymentId : outcome.payment.id;
    const succeeded = outcome.kind === 'authorized';
    const release = await db.transaction().execute(async (trx) => {
      const row = await repository.lock(trx, bookingId);
      const now = clock.now();
      const event = succeeded ? ({ type: 'authorize_succeeded' } as const) : ({ type: 'authorize_failed' } as const);
      const finished = await this.steps.finishStep(trx, key, {
        finishedAt: now,
        outcome: succeeded ? 'succeeded' : 'failed',
        providerId: paymentId,
        detail: outcome.kind === 'refused' ? outcome.reason : outcome.kind === 'requires_action' ? AWAITING_BANK : null,
      });
      // The sweep resumed and settled this attempt first (same key, same answer): its record stands.
      if (!finished || !row || row.status !== 'confirmed' || !canPaymentTransition(row.paymentState, event)) {
        return succeeded && row?.paymentId !== paymentId ? paymentId : null;
      }
      await repository.update(trx, bookingId, ['confirmed'], {
        paymentState: paymentTransition(row.paymentState, event),
        paymentId: paymentId ?? row.paymentId,
        paymentError: outcome.kind === 'refused' ? outcome.reason.slice(0, 500) : outcome.kind === 'requires_action' ? 'waiting for your bank to confirm the payment (3-D Secure)' : null,
        ...(succeeded ? { authorizedAt: now } : {}),
        updatedAt: now,
      });
      return null;
    });
    if (release) await this.payment.release(bookingId, release);
    const row = (await repository.find(db, bookingId))!;
    if (outcome.kind === 'requires_action') return { row, authentication: authenticationOf(outcome.payment, this.deps.payments) };
    if (outcome.kind === 'refused') {
      throw new DomainError('unprocessable', `This card was not accepted either: ${outcome.reason}. Choose another card; the lesson stays booked until 6 hours before it starts.`, {
        code: 'card_declined',
        errors: [{ field: 'body.paymentMethodId', reason: `was not authorized (${outcome.code})` }],
      });
    }
    return { row, authentication: null };
  }

  private async readPayment(paymentId: string): Promise<Payment> {
    try {
      return await this.deps.payments.payment(paymentId);
    } catch (error) {
      if (error instanceof PaymentError && error.kind === 'unavailable') throw unavailable();
      throw error;
    }
  }
}

/**
 * A booked lesson whose new card waited for the student's bank (3-D Secure) holds the payment
 * the provider now reports authorized, in the caller's transaction: from the confirm route, or
 * from the provider's webhook when the student never came back to the page. False when the
 * booking is not waiting on that very payment any more.
 */
export async function holdAuthenticatedPayment(
  trx: Tx,
  deps: { clock: Clock; repository: BookingsRepository },
  bookingId: string,
  payment: Pick<Payment, 'id' | 'state'>,
): Promise<boolean> {
  if (payment.state !== 'authorized') return false;
  const row = await deps.repository.lock(trx, bookingId);
  if (!row || row.paymentId !== payment.id || row.status !== 'confirmed' || !canPaymentTransition(row.paymentState, { type: 'authorize_succeeded' })) return false;
  const now = deps.clock.now();
  const held = await deps.repository.update(trx, bookingId, ['confirmed'], {
    paymentState: paymentTransition(row.paymentState, { type: 'authorize_succeeded' }),
    paymentError: null,
    authorizedAt: now,
    updatedAt: now,
  });
  if (!held) return false;
  await new BookingPaymentsRepository().settleAuthenticatedAttempt(trx, bookingId, payment.id, now);
  return true;
}

/** Already paid with this very card: the change was made (a repeat answers it, never a second authorization). */
function paidWith(row: BookingRow, paymentMethodId: string): boolean {
  return row.status === 'confirmed' && row.paymentState === 'authorized' && row.paymentMethodId === paymentMethodId;
}

const inProgress = () => new DomainError('conflict', 'A payment for this lesson is already being made; wait a moment and reload the lesson.', { code: 'payment_in_progress' });

const unavailable = () => new DomainError('service_unavailable', 'Payments are unavailable right now; please try again in a minute.');

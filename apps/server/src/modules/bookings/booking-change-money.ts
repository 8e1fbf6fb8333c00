import { PaymentError } from '../../integrations/payments/payment-error.ts';
import type { Payment, PaymentsPort } from '../../integrations/payments/payments.port.ts';
import type { Clock } from '../../platform/clock.ts';
import type { Db, Executor, Tx } from '../../platform/db/database.ts';
import type { IdGenerator } from '../../platform/ids.ts';
import { platformAccount, studentCredit } from '../ledger/chart-of-accounts.ts';
import type { LedgerService } from '../ledger/ledger.service.ts';
import * as postings from '../ledger/postings.policy.ts';
import { commissionCents, destinationFeeCents, type CommissionTier } from '../payments/fees.policy.ts';
import type { PaymentState } from './booking-states.ts';
import { paymentTransition, type PaymentEvent } from './booking.policy.ts';
import { commissionTierAt } from './commission-tier.repository.ts';
import { BookingPayment, transferKey } from './booking-payment.ts';
import { BookingPaymentsRepository, timelineAttempts, type PaymentStepRow } from './booking-payments.repository.ts';
import { recordHoldRelease, releaseHeld } from './booking-payments.service.ts';
import type { ChangeStep } from './booking-changes.tables.ts';
import type { BookingRow, BookingsRepository } from './bookings.repository.ts';
import { creditExpiry } from './credits.policy.ts';

/**
 * The money of a cancellation or a no-show, as money steps (ARCHITECTURE "Money steps"): the
 * decision and the step (`change_step`) are written on the locked row first; `callProvider`
 * runs outside any transaction with the step's idempotency key; `settle` records the result,
 * the payment state (through `paymentTransition`), the credits and the ledger in one
 * transaction. A process dying between the two leaves `change_step` set; the next cancel (or
 * resolution) of the same booking calls again with the same key, so nothing is charged twice.
 */
export const changeKey = (bookingId: string, step: ChangeStep) => {
  const what = step.slice(step.lastIndexOf('_') + 1);
  return `booking:${bookingId}:${step.startsWith('cancel_') ? 'cancel' : 'no-show'}:${what}`;
};

/** What the card side ended as, for `settle`. */
export type ProviderResult =
  | { kind: 'none' }
  | { kind: 'released' }
  | { kind: 'captured'; paymentId: string; cardCents: number; applicationFeeCents: number; payment: CapturedCharge }
  | { kind: 'refunded'; refundId: string; cents: number; instructorReversedCents: number; providerIds: string[] }
  | { kind: 'declined'; reason: string }
  | { kind: 'unavailable' };

/** What `settle` is told to do with the money (from the cancellation or no-show outcome). */
export interface MoneyPlan {
  /** `late` issues credit and keeps the fee; `paid` pays the instructor; `void` charges nothing. */
  kind: 'void' | 'late' | 'paid';
  creditsReturnedCents: number;
  creditIssuedCents: number;
  commissionCents: number;
}

/** What the provider reported for a captured charge: the ledger records its fee and names its ids. */
export type CapturedCharge = Pick<Payment, 'id' | 'chargeId' | 'transferId' | 'applicationFeeId' | 'providerFeeCents'>;

/**
 * The provider ids a capture's ledger steps name, so reconciliation finds each step's own
 * balance transactions (ledger/reconciliation.policy.ts). A destination charge shows on the
 * platform's balance as the charge (the card amount less the provider's fee), the transfer of
 * the whole captured amount to the instructor, and the application fee coming back from it:
 * the capture step names the charge; the transfer step, which moved (captured − application
 * fee), names the transfer and the application fee. With nothing transferred (a late
 * cancellation keeps the whole card part) the capture step names all three, which net to its own.
 */
export function captureProviderIds(payment: CapturedCharge, transferred: boolean): { capture: string[]; transfer: string[] } {
  const charge = [payment.chargeId ?? payment.id];
  const transfer = [payment.transferId, payment.applicationFeeId].filter((id): id is string => id !== null);
  return transferred ? { capture: charge, transfer } : { capture: [...charge, ...transfer], transfer: [] };
}

export class BookingChangeMoney {
  private readonly payment: BookingPayment;
  private readonly steps = new BookingPaymentsRepository();

  constructor(private readonly deps: { db: Db; clock: Clock; ids: IdGenerator; payments: PaymentsPort; repository: BookingsRepository; ledger: LedgerService }) {
    this.payment = new BookingPayment(deps);
  }

  /**
   * A reschedule moved the lesson past its hold's life (reschedule.policy.ts): on the locked
   * row, the release of the held authorization is written as a timeline step with its own key
   * (the attempt it gives back), to be made after the commit by `releaseHeld`, or by the
   * authorization sweep if this process dies first. The booking itself goes back to `scheduled`
   * (the caller's update): the timeline authorizes again at the new T-24 h, or at once.
   */
  async recordReauthorization(trx: Tx, row: BookingRow): Promise<PaymentStepRow> {
    return recordHoldRelease(trx, this.steps, row, this.deps.clock.now());
  }

  /** Makes a recorded release (outside any transaction); false when the provider was unavailable and the sweep will. */
  async releaseHeld(bookingId: string, step: PaymentStepRow): Promise<boolean> {
    return releaseHeld({ ...this.deps, steps: this.steps }, bookingId, step);
  }

  /** The instructor's commission tier now (founding, or by completed lessons in the last 90 days). */
  async commissionTierOf(executor: Executor, instructorId: string): Promise<CommissionTier> {
    const profile = await executor.selectFrom('instructorProfiles').select('isFounding').where('userId', '=', instructorId).executeTakeFirst();
    return commissionTierAt(executor, { id: instructorId, founding: Boolean(profile?.isFounding) }, this.deps.clock.nowMs());
  }

  /** Counts a cancellation or a no-show against the instructor (PRODUCT.md §6). */
  async countAgainstInstructor(trx: Tx, instructorId: string): Promise<void> {
    await trx
      .updateTable('instructorProfiles')
      .set((eb) => ({ instructorCancellationCount: eb('instructorCancellationCount', '+', 1) }))
      .where('userId', '=', instructorId)
      .execute();
  }

  /** The provider call of a step, with its key; never inside a transaction. */
  async callProvider(row: BookingRow, step: ChangeStep, plan: { applicationFeeCents: number }): Promise<ProviderResult> {
    const cardCents = row.totalCents - row.creditsCents;
    const key = changeKey(row.id, step);
    try {
      if (step === 'cancel_release' || step === 'no_show_release') {
        // One release per booking: the same key as the hold sweep's, so whichever came first answers.
        await this.payment.release(row.id, row.paymentId!);
        return { kind: 'released' };
      }
      if (step === 'cancel_refund' || step === 'no_show_refund') {
        const refund = await this.deps.payments.refund({
          paymentId: row.paymentId!,
          reverseTransfer: true,
          refundApplicationFee: true,
          reason: 'requested_by_customer',
          idempotencyKey: key,
        });
        // The transfer made at capture was the card part less the platform's fee: it comes back whole.
        const payment = await this.deps.payments.payment(row.paymentId!);
        const reversed = payment.transferId ? Math.max(0, Math.min(refund.amountCents, cardCents - plan.applicationFeeCents)) : 0;
        // The refund, the transfer reversal and the application fee given back: together what left the platform's balance.
        const providerIds = [refund.id, refund.transferReversalId, refund.applicationFeeRefundId].filter((id): id is string => id !== null);
        return { kind: 'refunded', refundId: refund.id, cents: refund.amountCents, instructorReversedCents: reversed, providerIds };
      }
      let paymentId = row.paymentId;
      if (step === 'cancel_charge') {
        // Not held yet (a late cancellation before T-24 h's authorization ran, or a failing card):
        // the timeline's own authorization, with its own key, then the capture below.
        const payer = await this.payer(row);
        if (!payer) return { kind: 'declined', reason: 'the instructor or the student has no payment account' };
        // The next attempt's own key: an earlier attempt's (a hold given back for a reschedule, a
        // refused card) would answer that attempt's result. Stable across a crash: the
        // cancellation writes no authorize step, and the timeline leaves a cancelled booking.
        const attempt = timelineAttempts(await this.steps.steps(this.deps.db, row.id)).next;
        const outcome = await this.payment.authorize(row, { ...payer, attempt });
        if (outcome.kind === 'unavailable') return { kind: 'unavailable' };
        if (outcome.kind === 'refused') return { kind: 'declined', reason: outcome.reason };
        paymentId = outcome.payment.id;
      }
      const captured = await this.deps.payments.capture({ paymentId: paymentId!, amountCents: cardCents, applicationFeeCents: plan.applicationFeeCents, idempotencyKey: key });
      return { kind: 'captured', paymentId: captured.id, cardCents: captured.capturedCents, applicationFeeCents: plan.applicationFeeCents, payment: captured };
    } catch (error) {
      if (error instanceof PaymentError && error.kind === 'unavailable') return { kind: 'unavailable' };
      throw error;
    }
  }

  /**
   * Records a step's result on the locked row (or the result of no provider call): the payment
   * state, the credits used given back or a new credit issued, and the ledger — once, since the
   * ledger records a reference once and `change_step` is cleared here.
   */
  async settle(trx: Tx, row: BookingRow, plan: MoneyPlan, result: ProviderResult): Promise<BookingRow> {
    const { clock, repository, ledger } = this.deps;
    const now = clock.now();
    const event = paymentEventOf(row.paymentState, plan, result);
    const paymentState: PaymentState = event ? paymentTransition(row.paymentState, event) : row.paymentState;
    const card = row.totalCents - row.creditsCents;
    const declined = result.kind === 'declined';

    if (plan.creditsReturnedCents > 0 || (declined && row.creditsCents > 0)) {
      // Credits spent on a capture were taken from the student's credit account: give them back there too.
      if (row.paymentState === 'captured' && row.creditsCents > 0) {
        await ledger.post(
          trx,
          postings.posting({ kind: 'credits_returned', reference: `booking:${row.id}:credits-returned`, description: `Credits used by booking ${row.id} returned` }, [
            { account: platformAccount('refunds'), amountCents: row.creditsCents },
            { account: studentCredit(row.studentId), amountCents: -row.creditsCents },
          ]),
        );
      }
      await repository.releaseCreditUses(trx, row.id);
    }
    if (result.kind === 'refunded') {
      await ledger.post(trx, postings.refundIssued({ bookingId: row.id, refundId: result.refundId, refundCents: result.cents, instructorReversedCents: result.instructorReversedCents, instructorId: row.instructorId, providerIds: result.providerIds }));
    }
    const charged = result.kind === 'captured' || (card === 0 && plan.kind !== 'void' && row.paymentState === 'not_required');
    if (charged) {
      // The provider's own fee on the charge, as it reported it (none without a card part).
      const providerFeeCents = result.kind === 'captured' ? (result.payment.providerFeeCents ?? 0) : 0;
      const transferred = result.kind === 'captured' && plan.kind === 'paid' ? result.cardCents - result.applicationFeeCents : 0;
      const ids = result.kind === 'captured' ? captureProviderIds(result.payment, transferred > 0) : { capture: [], transfer: [] };
      if (plan.kind === 'late') {
        await ledger.post(
          trx,
          postings.lateCancellationCharged({
            bookingId: row.id,
            lessonCents: row.lessonCents,
            bookingFeeCents: row.bookingFeeCents,
            providerFeeCents,
            creditAppliedCents: row.creditsCents,
            studentId: row.studentId,
            providerIds: ids.capture,
          }),
        );
        const creditId = this.deps.ids();
        await trx
          .insertInto('studentCredits')
          .values({ id: creditId, studentId: row.studentId, amountCents: plan.creditIssuedCents, remainingCents: plan.creditIssuedCents, issuedAt: now, expiresAt: creditExpiry(now), sourceBookingId: row.id, reason: 'late_cancellation', createdAt: now })
          .execute();
      } else if (plan.kind === 'paid') {
        await ledger.post(
          trx,
          postings.lessonCaptured({
            bookingId: row.id,
            lessonCents: row.lessonCents,
            bookingFeeCents: row.bookingFeeCents,
            commissionCents: plan.commissionCents,
            providerFeeCents,
            creditAppliedCents: row.creditsCents,
            instructorId: row.instructorId,
            studentId: row.studentId,
            providerIds: ids.capture,
          }),
        );
        if (transferred > 0) {
          await ledger.post(
            trx,
            postings.instructorTransferred({
              reference: `booking:${row.id}:transfer`,
              instructorId: row.instructorId,
              amountCents: transferred,
              balance: 'pending',
              providerIds: ids.transfer,
            }),
          );
        }
        // Credits the platform funded paid part (or all) of the lesson: the rest of the instructor's
        // share is a transfer from the platform's balance, as after a completed lesson's capture —
        // its intent written here, made by the capture sweep's transfer step with its own key.
        const rest = row.lessonCents - plan.commissionCents - transferred;
        if (rest > 0) {
          await trx
            .insertInto('bookingPaymentSteps')
            .values({ bookingId: row.id, step: 'transfer', attempt: 1, idempotencyKey: transferKey(row.id), amountCents: rest, startedAt: now })
            .onConflict((oc) => oc.doNothing())
            .execute();
        }
      }
    }
    const updated = await trx
      .updateTable('bookings')
      .set({
        paymentState,
        changeStep: null,
        ...(result.kind === 'captured' ? { paymentId: result.paymentId } : {}),
        ...(declined ? { paymentError: `the late cancellation could not be charged: ${result.reason}`.slice(0, 500) } : {}),
        updatedAt: now,
      })
      .where('id', '=', row.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    return updated;
  }

  private async payer(row: BookingRow) {
    const { db, repository } = this.deps;
    const instructor = await repository.bookableInstructor(db, row.instructorId);
    const customerId = await repository.customerOf(db, row.studentId);
    if (!instructor?.accountId || !customerId || !row.paymentMethodId) return null;
    return { customerId, destinationAccountId: instructor.accountId, founding: instructor.isFounding };
  }
}

/** The platform's part of a capture: everything for a late cancellation (the lesson price comes back as credit), the fee and commission otherwise. */
export function captureApplicationFee(row: Pick<BookingRow, 'totalCents' | 'creditsCents' | 'bookingFeeCents' | 'lessonCents'>, plan: MoneyPlan): number {
  const card = row.totalCents - row.creditsCents;
  if (plan.kind === 'late') return card;
  return destinationFeeCents({ cardCents: card, bookingFeeCents: row.bookingFeeCents, commissionCents: plan.commissionCents, creditsCents: row.creditsCents });
}

export function instructorShare(lessonCents: number, tier: CommissionTier): number {
  return lessonCents - commissionCents(lessonCents, tier);
}

/** The payment event a step's result is, or null when the payment state stays. */
function paymentEventOf(state: PaymentState, plan: MoneyPlan, result: ProviderResult): PaymentEvent | null {
  switch (result.kind) {
    case 'released':
      return { type: 'released' };
    case 'refunded':
      return { type: 'refunded', amount: 'full' };
    case 'captured':
      return state === 'authorized' ? { type: 'captured' } : { type: 'charged' };
    case 'declined':
      return state === 'authorized' ? null : { type: 'released' };
    case 'unavailable':
      return null;
    case 'none':
      // Nothing held or charged: a void outcome closes the unused payment; a charged one with no card part stays not_required.
      if (plan.kind === 'void' && ['awaiting_method', 'scheduled', 'authorization_failed'].includes(state)) return { type: 'released' };
      return null;
  }
}

import type { Selectable } from 'kysely';
import { PaymentError } from '../../integrations/payments/payment-error.ts';
import type { PaymentsPort } from '../../integrations/payments/payments.port.ts';
import { hasPermission, type Principal } from '../../platform/auth/principal.ts';
import type { Clock } from '../../platform/clock.ts';
import type { Db, Executor } from '../../platform/db/database.ts';
import { DomainError, notFound } from '../../platform/errors.ts';
import type { IdGenerator } from '../../platform/ids.ts';
import type { LedgerService } from '../ledger/ledger.service.ts';
import { refundIssued } from '../ledger/postings.policy.ts';
import { invalidField } from './booking-errors.ts';
import type { BookingRefundsTable } from './booking-tips.tables.ts';
import { paymentTransition } from './booking.policy.ts';
import type { BookingRow, BookingsRepository } from './bookings.repository.ts';
import { instructorReversal, isRefundable, refundAmount, refundEvent } from './tips-refunds.policy.ts';

export type RefundRow = Selectable<BookingRefundsTable>;

/** The provider key of an admin's refund, named by its row: a resumed call is answered with the first refund. */
export const adminRefundKey = (bookingId: string, refundId: string) => `booking:${bookingId}:refund:${refundId}`;

export interface RefundView {
  id: string;
  bookingId: string;
  amountCents: number;
  reason: string;
  adminId: string | null;
  state: RefundRow['state'];
  instructorReversedCents: number;
  refundedTotalCents: number;
  remainingCents: number;
  paymentState: BookingRow['paymentState'];
  createdAt: string;
  finishedAt: string | null;
}

/**
 * Admins' refunds of a lesson's payment (issue 11 item 10), full or partial, as a money step:
 *   1. under the booking's row lock the amount is decided (never more than what is left) and the
 *      refund row — who, why, how much, the instructor's share planned — is written `pending`;
 *   2. outside any transaction the provider refunds with `reverse_transfer`, the key named by
 *      the row (`booking:{id}:refund:{refundId}`);
 *   3. the result, `refundIssued` in the ledger and the booking's payment state (through
 *      `paymentTransition`: partially_refunded / refunded) commit in one transaction.
 * A crash between 2 and 3 leaves the row pending: the retried request (the same Idempotency-Key,
 * or any refund request for the booking) calls again with the same key — one refund at the
 * provider.
 *
 * DECISION — proportional reversal: the refund is taken back from the instructor's transfer
 * (`reverse_transfer`) and the same share of the platform's application fee is given back to them
 * (`refund_application_fee`): the instructor loses the refunded share of what they kept, the
 * platform the refunded share of its fee (the ledger's `refunds` expense). A transfer made apart for the part paid with platform credit is not reversed, and
 * tips are never refunded here: they are separate charges.
 */
export class BookingRefundsService {
  constructor(private readonly deps: { db: Db; clock: Clock; ids: IdGenerator; payments: PaymentsPort; repository: BookingsRepository; ledger: Pick<LedgerService, 'post'> }) {}

  async refund(principal: Principal | null, bookingId: string, body: { amountCents?: number | undefined; reason: string }, requestKey?: string): Promise<RefundView> {
    const adminId = requireAdmin(principal);
    const { db, repository } = this.deps;
    if (!(await repository.find(db, bookingId))) throw notFound('Booking');
    // A refund a crash left pending is finished first: the next amount is decided on what it gave back.
    for (let round = 0; round < 2; round++) {
      const decided = await this.decide(bookingId, body, adminId, requestKey);
      if (decided.kind === 'done') return this.view(decided.refund);
      const finished = await this.finish(decided.refund);
      if (decided.kind === 'new' || decided.refund.requestKey === (requestKey ?? null)) return this.view(finished);
    }
    throw new DomainError('conflict', 'Another refund of this booking is in progress; try again in a moment.', { code: 'refund_in_flight' });
  }

  /** Finishes refunds a crash left pending (for a sweep; a retried request does the same for its booking). */
  async resumePending(options: { limit?: number; olderThanMs?: number } = {}): Promise<number> {
    // Rows younger than that are left to the request still making them.
    const before = new Date(this.deps.clock.nowMs() - (options.olderThanMs ?? 0));
    const rows = await this.deps.db.selectFrom('bookingRefunds').selectAll().where('state', '=', 'pending').where('createdAt', '<=', before).orderBy('createdAt').limit(options.limit ?? 100).execute();
    for (const row of rows) {
      // A refusal or an outage is that row's (recorded, or left pending for the next run), not the sweep's.
      await this.finish(row).catch((error: unknown) => {
        if (!(error instanceof DomainError)) throw error;
      });
    }
    return rows.length;
  }

  /** Step 1 under the row lock: the refund this request is (done, still pending, or new). */
  private async decide(
    bookingId: string,
    body: { amountCents?: number | undefined; reason: string },
    adminId: string | null,
    requestKey: string | undefined,
  ): Promise<{ kind: 'done' | 'pending' | 'new'; refund: RefundRow }> {
    const { db, clock, ids, repository } = this.deps;
    return db.transaction().execute(async (trx) => {
      const row = (await repository.lock(trx, bookingId))!;
      const refunds = await trx.selectFrom('bookingRefunds').selectAll().where('bookingId', '=', bookingId).execute();
      const same = requestKey ? refunds.find((r) => r.requestKey === requestKey) : undefined;
      if (same) {
        if ((body.amountCents !== undefined && same.amountCents !== body.amountCents) || same.reason !== body.reason) {
          throw new DomainError('unprocessable', 'This Idempotency-Key was used for another refund; send a new key for a new refund.', {
            code: 'idempotency_key_reused',
            errors: [{ field: 'headers.idempotency-key', reason: 'was used with a different request' }],
          });
        }
        return { kind: same.state === 'pending' ? 'pending' : 'done', refund: same };
      }
      const pending = refunds.find((r) => r.state === 'pending');
      if (pending) return { kind: 'pending', refund: pending };
      if (!isRefundable(row)) {
        throw new DomainError('conflict', `Only a captured payment can be refunded; this booking's payment is ${row.paymentState.replace(/_/g, ' ')}.`, { code: 'not_refundable' });
      }
      if (row.paymentStep !== null || row.changeStep !== null) {
        throw new DomainError('conflict', 'A payment step of this booking is in progress; try again in a moment.', { code: 'payment_step_in_flight' });
      }
      const charged = row.totalCents - row.creditsCents;
      const refundedBefore = sumSucceeded(refunds);
      const decided = refundAmount({ chargedCents: charged, refundedCents: refundedBefore, requestedCents: body.amountCents });
      if ('field' in decided) {
        if (decided.field) throw invalidField(decided.field, decided.reason);
        throw new DomainError('conflict', decided.reason, { code: decided.code });
      }
      const transferred = await transferredToInstructor(trx, bookingId);
      const reversed = instructorReversal({ chargedCents: charged, transferredCents: transferred, refundedBeforeCents: refundedBefore, refundCents: decided.amountCents });
      const refund = await trx
        .insertInto('bookingRefunds')
        .values({
          id: ids(),
          bookingId,
          amountCents: decided.amountCents,
          reason: body.reason,
          adminId,
          requestKey: requestKey ?? null,
          state: 'pending',
          instructorReversedCents: reversed,
          createdAt: clock.now(),
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      return { kind: 'new', refund };
    });
  }

  /** Steps 2 and 3. */
  private async finish(refund: RefundRow): Promise<RefundRow> {
    const { db, clock, payments, repository, ledger } = this.deps;
    const booking = (await repository.find(db, refund.bookingId))!;
    const transferred = await transferredToInstructor(db, refund.bookingId);
    // The charge carries an application fee only when the platform took one (credits can cover the platform's whole part).
    const applicationFee = booking.totalCents - booking.creditsCents - transferred > 0;
    let outcome: { kind: 'refunded'; providerId: string; relatedIds: string[]; cents: number } | { kind: 'failed'; reason: string };
    try {
      const made = await payments.refund({
        paymentId: booking.paymentId!,
        amountCents: refund.amountCents,
        // Both or neither for every refund of a booking (decided by whether the instructor was paid), so the provider's cumulative shares are the policy's.
        reverseTransfer: transferred > 0,
        refundApplicationFee: transferred > 0 && applicationFee,
        reason: 'requested_by_customer',
        idempotencyKey: adminRefundKey(refund.bookingId, refund.id),
      });
      outcome = made.state === 'failed' || made.state === 'canceled' ? { kind: 'failed', reason: `the provider's refund ${made.id} ${made.state}` } : { kind: 'refunded', providerId: made.id, relatedIds: [made.transferReversalId, made.applicationFeeRefundId].filter((id): id is string => id !== null), cents: made.amountCents };
    } catch (error) {
      if (!(error instanceof PaymentError)) throw error;
      if (error.kind === 'unavailable') throw new DomainError('service_unavailable', 'The payment provider could not be reached; send the same request again in a minute to finish this refund.');
      outcome = { kind: 'failed', reason: error.message };
    }
    const finished = await db.transaction().execute(async (trx) => {
      const row = (await repository.lock(trx, refund.bookingId))!;
      const now = clock.now();
      const current = await trx.selectFrom('bookingRefunds').selectAll().where('id', '=', refund.id).forUpdate().executeTakeFirstOrThrow();
      if (current.state !== 'pending') return current;
      if (outcome.kind === 'failed') {
        return trx.updateTable('bookingRefunds').set({ state: 'failed', failure: outcome.reason.slice(0, 500), finishedAt: now }).where('id', '=', refund.id).returningAll().executeTakeFirstOrThrow();
      }
      const reversed = current.instructorReversedCents ?? 0;
      // The reversal and the fee refund move money too; an id an earlier refund of this booking already named is not this one's.
      const named = new Set(
        (await trx.selectFrom('ledgerTransactions').select('providerIds').where('reference', 'like', `booking:${row.id}:refund:%`).execute()).flatMap((t) => t.providerIds),
      );
      const providerIds = [outcome.providerId, ...outcome.relatedIds.filter((id) => !named.has(id))];
      await ledger.post(
        trx,
        refundIssued({ bookingId: row.id, refundId: refund.id, refundCents: outcome.cents, instructorReversedCents: reversed, instructorId: row.instructorId, providerIds }),
      );
      const refundedAfter = sumSucceeded(await trx.selectFrom('bookingRefunds').selectAll().where('bookingId', '=', row.id).execute()) + outcome.cents;
      await repository.update(trx, row.id, [row.status], { paymentState: paymentTransition(row.paymentState, refundEvent(row.totalCents - row.creditsCents, refundedAfter)), updatedAt: now });
      return trx
        .updateTable('bookingRefunds')
        .set({ state: 'succeeded', providerRefundId: outcome.providerId, finishedAt: now })
        .where('id', '=', refund.id)
        .returningAll()
        .executeTakeFirstOrThrow();
    });
    if (finished.state === 'failed') {
      throw new DomainError('unprocessable', `The refund was refused by the payment provider: ${finished.failure ?? 'refused'}.`, { code: 'refund_failed' });
    }
    return finished;
  }

  private async view(refund: RefundRow): Promise<RefundView> {
    const { db, repository } = this.deps;
    const booking = (await repository.find(db, refund.bookingId))!;
    const refunded = sumSucceeded(await db.selectFrom('bookingRefunds').selectAll().where('bookingId', '=', refund.bookingId).execute());
    return {
      id: refund.id,
      bookingId: refund.bookingId,
      amountCents: refund.amountCents,
      reason: refund.reason,
      adminId: refund.adminId,
      state: refund.state,
      instructorReversedCents: refund.instructorReversedCents ?? 0,
      refundedTotalCents: refunded,
      remainingCents: booking.totalCents - booking.creditsCents - refunded,
      paymentState: booking.paymentState,
      createdAt: refund.createdAt.toISOString(),
      finishedAt: refund.finishedAt?.toISOString() ?? null,
    };
  }
}

function sumSucceeded(rows: readonly RefundRow[]): number {
  return rows.filter((r) => r.state === 'succeeded').reduce((sum, r) => sum + r.amountCents, 0);
}

/** What the capture's destination transfer gave the instructor, as the ledger recorded it (`booking:{id}:transfer`). */
async function transferredToInstructor(executor: Executor, bookingId: string): Promise<number> {
  const row = await executor
    .selectFrom('ledgerTransactions')
    .innerJoin('ledgerEntries', 'ledgerEntries.transactionId', 'ledgerTransactions.id')
    .select((eb) => eb.fn.coalesce(eb.fn.sum<string>('ledgerEntries.amountCents'), eb.lit(0)).as('cents'))
    .where('ledgerTransactions.reference', '=', `booking:${bookingId}:transfer`)
    .where('ledgerEntries.amountCents', '>', 0)
    .executeTakeFirstOrThrow();
  return Number(row.cents);
}

/** The admin's user id (null for a machine client acting for admins). */
export function requireAdmin(principal: Principal | null): string | null {
  if (!principal) throw new DomainError('unauthenticated', 'You need to log in to do this.');
  if (!hasPermission(principal, 'bookings:manage:any')) throw new DomainError('forbidden', 'This needs the "bookings:manage:any" permission, which your account does not have.');
  return principal.kind === 'user' ? principal.userId : null;
}

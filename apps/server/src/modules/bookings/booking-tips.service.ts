import type { Selectable } from 'kysely';
import { PaymentError } from '../../integrations/payments/payment-error.ts';
import type { PaymentsPort } from '../../integrations/payments/payments.port.ts';
import type { Principal } from '../../platform/auth/principal.ts';
import type { Clock } from '../../platform/clock.ts';
import type { Db } from '../../platform/db/database.ts';
import { DomainError, notFound } from '../../platform/errors.ts';
import type { IdGenerator } from '../../platform/ids.ts';
import { requireOwner } from '../discovery/discovery-access.ts';
import type { LedgerService } from '../ledger/ledger.service.ts';
import { tipCaptured, tipTransferred } from '../ledger/postings.policy.ts';
import { invalidField } from './booking-errors.ts';
import type { BookingPaymentsRepository } from './booking-payments.repository.ts';
import type { BookingTipsTable } from './booking-tips.tables.ts';
import type { BookingsRepository } from './bookings.repository.ts';
import { tipRefusal } from './tips-refunds.policy.ts';

export type TipRow = Selectable<BookingTipsTable>;

/** The provider keys of a tip's two calls: the PaymentIntent (authorized off session) and its capture, which makes the transfer. */
export const tipChargeKey = (bookingId: string, tipId: string) => `booking:${bookingId}:tip:${tipId}:charge`;
export const tipCaptureKey = (bookingId: string, tipId: string) => `booking:${bookingId}:tip:${tipId}:transfer`;

export interface TipView {
  id: string;
  bookingId: string;
  amountCents: number;
  state: TipRow['state'];
  failure: string | null;
  createdAt: string;
  finishedAt: string | null;
}

/**
 * Tips after a completed lesson (issue 11 item 9; PRODUCT.md §6: optional, 100% to the
 * instructor), as a money step (ARCHITECTURE "Money steps"):
 *   1. under the booking's row lock the tip row is written `pending` (its id names the keys);
 *   2. outside any transaction the booking's saved card is charged off session: a PaymentIntent
 *      that is a destination charge to the instructor's payout account with NO application fee,
 *      captured at once — the capture transfers the whole tip to the instructor;
 *   3. the result and the ledger's `tipCaptured` + `tipTransferred` commit in one transaction.
 * A crash between 2 and 3 leaves the row pending: the retried request (any request for that
 * booking's tip) or `resumePending` calls again with the same keys, which the provider answers
 * with the first result — one charge per tip.
 *
 * DECISION — "100% to the instructor": the instructor receives the whole tip; the provider's
 * processing fee is the platform's cost (tipCaptured books it to provider_fees).
 */
export class BookingTipsService {
  constructor(
    private readonly deps: {
      db: Db;
      clock: Clock;
      ids: IdGenerator;
      payments: PaymentsPort;
      repository: BookingsRepository;
      steps: BookingPaymentsRepository;
      ledger: Pick<LedgerService, 'post'>;
    },
  ) {}

  /** Tips the booking's instructor; a retry with the same Idempotency-Key (or while the tip is pending) answers the same tip. */
  async tip(principal: Principal | null, bookingId: string, body: { amountCents: number }, requestKey?: string): Promise<TipView> {
    const userId = requireOwner(principal, 'bookings:create');
    const { db, clock, repository, ids } = this.deps;
    const booking = await repository.find(db, bookingId);
    // The instructor (and anyone else) is told the booking does not exist for them.
    if (!booking || booking.studentId !== userId) throw notFound('Booking');

    const tip = await db.transaction().execute(async (trx) => {
      const row = (await repository.lock(trx, bookingId))!;
      const tips = await trx.selectFrom('bookingTips').selectAll().where('bookingId', '=', bookingId).orderBy('createdAt').execute();
      if (requestKey) {
        const same = tips.find((t) => t.requestKey === requestKey);
        if (same) {
          if (same.amountCents !== body.amountCents) {
            throw new DomainError('unprocessable', 'This Idempotency-Key was used for another tip; send a new key for a new tip.', {
              code: 'idempotency_key_reused',
              errors: [{ field: 'headers.idempotency-key', reason: 'was used with a different request' }],
            });
          }
          return same;
        }
      }
      const given = tips.find((t) => t.state !== 'failed');
      // A tip cut short by a crash is finished first, whatever this request asked.
      if (given?.state === 'pending') return given;
      const refusal = tipRefusal({
        status: row.status,
        endsAtMs: row.endsAt.getTime(),
        nowMs: clock.nowMs(),
        amountCents: body.amountCents,
        tipGiven: given !== undefined,
        hasSavedCard: row.paymentMethodId !== null,
      });
      if (refusal?.field) throw invalidField(refusal.field, refusal.reason, 'validation_failed');
      if (refusal) throw new DomainError(refusal.code === 'no_saved_card' ? 'unprocessable' : 'conflict', refusal.reason, { code: refusal.code });
      return trx
        .insertInto('bookingTips')
        .values({
          id: ids(),
          bookingId,
          studentId: row.studentId,
          instructorId: row.instructorId,
          amountCents: body.amountCents,
          state: 'pending',
          requestKey: requestKey ?? null,
          createdAt: clock.now(),
        })
        .returningAll()
        .executeTakeFirstOrThrow();
    });
    const done = tip.state === 'pending' ? await this.finish(tip) : tip;
    if (done.state === 'failed') {
      throw new DomainError('unprocessable', `Your card was not charged: ${(done.failure ?? 'declined').replace(/\.$/, '')}. Nothing was taken; try again, or update your card.`, { code: 'card_declined' });
    }
    return tipView(done);
  }

  /** Finishes tips a crash left pending (for a sweep; a retried request does the same for its own). */
  async resumePending(options: { limit?: number; olderThanMs?: number } = {}): Promise<number> {
    // Rows younger than that are left to the request still making them.
    const before = new Date(this.deps.clock.nowMs() - (options.olderThanMs ?? 0));
    const rows = await this.deps.db.selectFrom('bookingTips').selectAll().where('state', '=', 'pending').where('createdAt', '<=', before).orderBy('createdAt').limit(options.limit ?? 100).execute();
    for (const row of rows) {
      // A refusal or an outage is that row's (recorded, or left pending for the next run), not the sweep's.
      await this.finish(row).catch((error: unknown) => {
        if (!(error instanceof DomainError)) throw error;
      });
    }
    return rows.length;
  }

  /** Steps 2 and 3: the provider calls with the tip's keys, then the result and the ledger in one transaction. */
  private async finish(tip: TipRow): Promise<TipRow> {
    const { db, clock, payments, repository, steps, ledger } = this.deps;
    const booking = (await repository.find(db, tip.bookingId))!;
    const payer = await steps.payer(db, booking);
    let outcome: { kind: 'charged'; paymentId: string; chargeId: string | null; transferId: string | null; providerFeeCents: number; applicationFeeId: string | null } | { kind: 'failed'; reason: string; paymentId: string | null };
    if (!payer.customerId || !payer.accountId || !booking.paymentMethodId) {
      outcome = { kind: 'failed', reason: 'no saved card or payout account', paymentId: null };
    } else {
      try {
        const held = await payments.authorize({
          customerId: payer.customerId,
          paymentMethodId: booking.paymentMethodId,
          amountCents: tip.amountCents,
          destinationAccountId: payer.accountId,
          applicationFeeCents: 0,
          offSession: true,
          description: `Tip for lesson ${booking.id}`,
          metadata: { bookingId: booking.id, tipId: tip.id },
          idempotencyKey: tipChargeKey(booking.id, tip.id),
        });
        if (held.state === 'authorized') {
          const captured = await payments.capture({ paymentId: held.id, applicationFeeCents: 0, idempotencyKey: tipCaptureKey(booking.id, tip.id) });
          outcome = { kind: 'charged', paymentId: captured.id, chargeId: captured.chargeId, transferId: captured.transferId, providerFeeCents: captured.providerFeeCents ?? 0, applicationFeeId: captured.applicationFeeId };
        } else if (held.state === 'captured') {
          outcome = { kind: 'charged', paymentId: held.id, chargeId: held.chargeId, transferId: held.transferId, providerFeeCents: held.providerFeeCents ?? 0, applicationFeeId: held.applicationFeeId };
        } else {
          outcome = { kind: 'failed', reason: `the card could not be charged (${held.state})`, paymentId: held.id };
        }
      } catch (error) {
        if (!(error instanceof PaymentError)) throw error;
        if (error.kind === 'unavailable') throw new DomainError('service_unavailable', 'The card could not be charged right now; send the same request again in a minute.');
        outcome = { kind: 'failed', reason: error.message, paymentId: error.details.paymentId ?? null };
      }
    }
    return db.transaction().execute(async (trx) => {
      const now = clock.now();
      const current = await trx.selectFrom('bookingTips').selectAll().where('id', '=', tip.id).forUpdate().executeTakeFirstOrThrow();
      // Another request or the sweep finished it while this one called the provider.
      if (current.state !== 'pending') return current;
      if (outcome.kind === 'failed') {
        return trx.updateTable('bookingTips').set({ state: 'failed', paymentId: outcome.paymentId, failure: outcome.reason.slice(0, 500), finishedAt: now }).where('id', '=', tip.id).returningAll().executeTakeFirstOrThrow();
      }
      // The charge's id is what the provider's balance transaction names (reconciliation).
      await ledger.post(trx, tipCaptured({ tipId: tip.id, bookingId: tip.bookingId, amountCents: tip.amountCents, providerFeeCents: outcome.providerFeeCents, providerIds: [outcome.chargeId ?? outcome.paymentId] }));
      // The destination charge's transfer left with the capture, from the same pending funds.
      await ledger.post(trx, tipTransferred({ tipId: tip.id, instructorId: tip.instructorId, amountCents: tip.amountCents, balance: 'pending', providerIds: [outcome.transferId, outcome.applicationFeeId].filter((id): id is string => id !== null) }));
      return trx
        .updateTable('bookingTips')
        .set({ state: 'succeeded', paymentId: outcome.paymentId, transferId: outcome.transferId, finishedAt: now })
        .where('id', '=', tip.id)
        .returningAll()
        .executeTakeFirstOrThrow();
    });
  }
}

export function tipView(row: TipRow): TipView {
  return {
    id: row.id,
    bookingId: row.bookingId,
    amountCents: row.amountCents,
    state: row.state,
    failure: row.failure,
    createdAt: row.createdAt.toISOString(),
    finishedAt: row.finishedAt?.toISOString() ?? null,
  };
}

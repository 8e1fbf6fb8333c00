import type { Principal } from '../../platform/auth/principal.ts';
import type { Clock } from '../../platform/clock.ts';
import type { Db } from '../../platform/db/database.ts';
import { requireOwner } from '../discovery/discovery-access.ts';
import type { LedgerService } from '../ledger/ledger.service.ts';
import { creditExpired } from '../ledger/postings.policy.ts';
import type { CreditReason } from './credits.tables.ts';

export type CreditHistoryEntry =
  | { kind: 'issued'; at: string; cents: number; creditId: string; reason: CreditReason; expiresAt: string; bookingId: string | null }
  | { kind: 'used'; at: string; cents: number; creditId: string; bookingId: string }
  | { kind: 'expired'; at: string; cents: number; creditId: string };

/**
 * Platform credits (issue 11 item 8, PRODUCT.md §6): the student's balance and its history, and
 * the daily expiry. Credit is issued by the 12–24 h cancellation tier (booking-change-money.ts)
 * and used at checkout (bookings.service.ts); a use of a cancelled booking that gave it back is
 * no longer in the history (it was never spent).
 */
export class CreditsService {
  constructor(private readonly deps: { db: Db; clock: Clock; ledger: LedgerService }) {}

  async mine(principal: Principal | null): Promise<{ balanceCents: number; history: CreditHistoryEntry[] }> {
    const studentId = requireOwner(principal, 'bookings:read:own');
    const { db, clock } = this.deps;
    const now = clock.now();
    const credits = await db
      .selectFrom('studentCredits')
      .select(['id', 'amountCents', 'remainingCents', 'issuedAt', 'expiresAt', 'expiredAt', 'expiredCents', 'reason', 'sourceBookingId'])
      .where('studentId', '=', studentId)
      .orderBy('issuedAt')
      .orderBy('id')
      .execute();
    const uses = await db
      .selectFrom('bookingCreditUses')
      .innerJoin('studentCredits', 'studentCredits.id', 'bookingCreditUses.creditId')
      .innerJoin('bookings', 'bookings.id', 'bookingCreditUses.bookingId')
      .select(['bookingCreditUses.creditId', 'bookingCreditUses.bookingId', 'bookingCreditUses.cents', 'bookings.createdAt'])
      .where('studentCredits.studentId', '=', studentId)
      .execute();
    const history: CreditHistoryEntry[] = [
      ...credits.map((credit) => ({
        kind: 'issued' as const,
        at: credit.issuedAt.toISOString(),
        cents: credit.amountCents,
        creditId: credit.id,
        reason: credit.reason,
        expiresAt: credit.expiresAt.toISOString(),
        bookingId: credit.sourceBookingId,
      })),
      ...uses.map((use) => ({ kind: 'used' as const, at: use.createdAt.toISOString(), cents: use.cents, creditId: use.creditId, bookingId: use.bookingId })),
      ...credits
        .filter((credit) => credit.expiredAt !== null && credit.expiredCents > 0)
        .map((credit) => ({ kind: 'expired' as const, at: credit.expiredAt!.toISOString(), cents: credit.expiredCents, creditId: credit.id })),
    ].sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
    // Usable now: not expired by the Clock, whether or not the daily job has run yet.
    const balanceCents = credits.filter((credit) => credit.expiresAt.getTime() > now.getTime()).reduce((sum, credit) => sum + credit.remainingCents, 0);
    return { balanceCents, history };
  }

  /**
   * The daily expiry: each credit past its expiry gives up what is left, recorded on the credit
   * and posted to the ledger (`creditExpired`, once per credit by its reference). Rows are
   * locked and skipped by a concurrent run. How many credits expired.
   */
  async expireDue(options: { batch?: number } = {}): Promise<number> {
    const { db, clock, ledger } = this.deps;
    const batch = options.batch ?? 200;
    let expired = 0;
    for (;;) {
      const now = clock.now();
      const done = await db.transaction().execute(async (trx) => {
        const due = await trx
          .selectFrom('studentCredits')
          .select(['id', 'studentId', 'remainingCents'])
          .where('expiredAt', 'is', null)
          .where('expiresAt', '<=', now)
          .orderBy('expiresAt')
          .limit(batch)
          .forUpdate()
          .skipLocked()
          .execute();
        for (const credit of due) {
          if (credit.remainingCents > 0) await ledger.post(trx, creditExpired({ creditId: credit.id, studentId: credit.studentId, amountCents: credit.remainingCents }));
          await trx
            .updateTable('studentCredits')
            .set({ expiredAt: now, expiredCents: credit.remainingCents, remainingCents: 0 })
            .where('id', '=', credit.id)
            .execute();
        }
        return due.length;
      });
      expired += done;
      if (done < batch) return expired;
    }
  }
}

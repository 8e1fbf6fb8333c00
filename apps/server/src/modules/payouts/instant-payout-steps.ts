import type { PaymentsPort } from '../../integrations/payments/payments.port.ts';
import type { Clock } from '../../platform/clock.ts';
import type { Db } from '../../platform/db/database.ts';
import { DomainError } from '../../platform/errors.ts';
import type { Locks } from '../../platform/lock/lock.port.ts';
import { LockTimeoutError, withLock } from '../../platform/lock/lock.port.ts';
import type { LedgerService } from '../ledger/ledger.service.ts';
import { instantPayoutFee } from '../ledger/postings.policy.ts';
import { providerCall } from '../payments/provider-call.ts';
import type { InstantPayoutRequestRow, InstantPayoutRequestsRepository } from './instant-payout-requests.repository.ts';

/**
 * One instructor's instant payouts run one at a time, in every process (the lock is Redis's
 * when REDIS_URL is set): two at once would both read the same balance, and a sweep must not
 * complete a request that is still being made. The TTL covers the request's provider calls
 * (each times out after 20 s); a holder that dies frees it by itself. The keys, the request
 * rows' guarded state changes and the ledger's unique references keep money right even if a
 * lease expires under a very slow request — the lock only keeps them from racing.
 */
export const INSTANT_PAYOUT_LOCK = { ttlMs: 60_000, waitMs: 10_000 } as const;
export const instantPayoutLockKey = (userId: string) => `payouts:instant:${userId}`;

/** A request younger than this may still be in flight (past the lock's TTL only if something hangs): the sweep leaves it alone. */
export const SWEEP_MIN_AGE_MS = 60_000;
/**
 * Stripe keeps idempotency keys for 24 hours: the fee's key (`payout:{id}:fee`) must still
 * replay when a step is completed, so older requests are not touched (the sweep runs every
 * 15 minutes; a request reaching this age means the provider was down for a day — look at
 * the rows left `started` / `paid_out`).
 */
export const COMPLETION_WINDOW_MS = 23 * 60 * 60_000;
/** How far back the provider's payout list is read to find a request's payout (the API's maximum page). */
export const PAYOUT_LOOKUP_LIMIT = 100;

export interface SweepResult {
  feesCollected: number;
  refused: number;
  /** Left for a later run: the instructor busy (lock held), or the fee not collectable now. */
  left: number;
}

/**
 * The instant payout's steps after the payout call, shared by the request (POST
 * /me/payouts/instant) and the sweep (payouts.complete_instant_fees): the fee collected from
 * the instructor's account to the platform and posted to the books, and the completion of a
 * request a crash interrupted — found in instant_payout_requests, so only instructors with an
 * unfinished request cost a provider call.
 */
export class InstantPayoutSteps {
  constructor(
    private readonly deps: {
      db: Db;
      payments: PaymentsPort;
      clock: Clock;
      locks: Locks;
      ledger: LedgerService;
      requests: InstantPayoutRequestsRepository;
      /** How long a request waits for the instructor's lock (real time); tests shorten it. */
      lockWaitMs?: number;
    },
  ) {}

  /** Runs `fn` holding the instructor's instant payout lock; a request that cannot get it in time is told to try again (409). */
  async exclusively<T>(userId: string, fn: () => Promise<T>): Promise<T> {
    try {
      return await withLock(this.deps.locks, instantPayoutLockKey(userId), { ...INSTANT_PAYOUT_LOCK, waitMs: this.deps.lockWaitMs ?? INSTANT_PAYOUT_LOCK.waitMs }, fn);
    } catch (error) {
      if (!(error instanceof LockTimeoutError)) throw error;
      throw new DomainError('conflict', 'Another instant payout of yours is still being made; try again in a minute.', { reason: 'instant_payout_in_progress' });
    }
  }

  /**
   * The sweep: every unfinished request older than a minute (and inside the completion
   * window), one instructor at a time under that instructor's lock; an instructor whose lock
   * is held (a request under way) is left for the next run. A provider outage stops nothing
   * else: it is thrown after the other instructors had their turn, so the job is retried.
   */
  async sweep(): Promise<SweepResult> {
    const now = this.deps.clock.nowMs();
    const rows = await this.deps.requests.unfinished(this.deps.db, { since: new Date(now - COMPLETION_WINDOW_MS), before: new Date(now - SWEEP_MIN_AGE_MS) });
    const result: SweepResult = { feesCollected: 0, refused: 0, left: 0 };
    let outage: unknown;
    for (const userId of new Set(rows.map((row) => row.userId))) {
      const lease = await this.deps.locks.tryAcquire(instantPayoutLockKey(userId), INSTANT_PAYOUT_LOCK.ttlMs);
      const mine = rows.filter((row) => row.userId === userId);
      if (!lease) {
        result.left += mine.length;
        continue;
      }
      try {
        // Read again under the lock: a request that just finished has moved its row on.
        add(result, await this.completeUnfinished(userId, { before: new Date(now - SWEEP_MIN_AGE_MS) }));
      } catch (error) {
        outage ??= error;
        result.left += mine.length;
      } finally {
        await lease.release();
      }
    }
    if (outage) throw outage;
    return result;
  }

  /**
   * Completes the instructor's unfinished requests (the caller holds the instructor's lock).
   * A fee the account cannot pay now (its balance spent meanwhile) is left for a later run
   * rather than blocking the others; a provider outage is thrown.
   */
  async completeUnfinished(userId: string, range: { before?: Date } = {}): Promise<SweepResult> {
    const since = new Date(this.deps.clock.nowMs() - COMPLETION_WINDOW_MS);
    const rows = await this.deps.requests.unfinished(this.deps.db, { since, userId, ...range });
    const result: SweepResult = { feesCollected: 0, refused: 0, left: 0 };
    for (const row of rows) {
      try {
        const outcome = await this.complete(row);
        if (outcome === 'refused') result.refused += 1;
        else result.feesCollected += 1;
      } catch (error) {
        if (!(error instanceof DomainError && error.code === 'unprocessable')) throw error;
        result.left += 1;
      }
    }
    return result;
  }

  /**
   * One interrupted request. Its payout is looked up at the provider by the request's id (in
   * the payout's metadata) rather than made by replaying the call: a request the client was
   * answered an error for is not paid out behind its back (a client without an
   * Idempotency-Key that asks again would otherwise get two payouts and pay two fees). Not
   * found, it was never made: `refused`. Found failed or canceled, no fee is owed (the money
   * went back to the balance). Found, its fee step is completed.
   */
  private async complete(row: InstantPayoutRequestRow): Promise<'fee_collected' | 'refused'> {
    const recent = await providerCall(() => this.deps.payments.listPayouts(row.accountId, { limit: PAYOUT_LOOKUP_LIMIT }));
    const payout = recent.find((candidate) => (row.payoutId ? candidate.id === row.payoutId : candidate.metadata.requestId === row.id));
    if (!payout && !row.payoutId) {
      await this.deps.requests.markRefused(this.deps.db, row.id, this.deps.clock.now());
      return 'refused';
    }
    if (payout && (payout.state === 'failed' || payout.state === 'canceled')) {
      if (!row.payoutId) await this.deps.requests.markPaidOut(this.deps.db, row.id, payout.id, this.deps.clock.now());
      await this.deps.requests.markRefused(this.deps.db, row.id, this.deps.clock.now());
      return 'refused';
    }
    const payoutId = row.payoutId ?? payout!.id;
    if (!row.payoutId) await this.deps.requests.markPaidOut(this.deps.db, row.id, payoutId, this.deps.clock.now());
    await this.collectFee({ ...row, payoutId });
    return 'fee_collected';
  }

  /**
   * The fee step of a payout that was made: the fee is moved from the instructor's account to
   * the platform, then postings.instantPayoutFee records it (the instructor owed that much less,
   * the platform's revenue) in the transaction that marks the request `fee_collected`. Both are
   * keyed by the payout (`payout:{id}:fee`), so running it again collects and posts nothing more.
   */
  async collectFee(row: Pick<InstantPayoutRequestRow, 'id' | 'userId' | 'accountId' | 'feeCents'> & { payoutId: string }): Promise<void> {
    const { db, payments, ledger, requests, clock } = this.deps;
    const step = `payout:${row.payoutId}:fee`;
    if (row.feeCents > 0) {
      const collection = await providerCall(() =>
        payments.collectFromAccount({ accountId: row.accountId, amountCents: row.feeCents, description: `Instant payout fee for ${row.payoutId}`, idempotencyKey: step }),
      );
      const providerIds = [collection.transferId, ...(collection.platformPaymentId ? [collection.platformPaymentId] : [])];
      await db.transaction().execute(async (trx) => {
        await ledger.post(trx, instantPayoutFee({ payoutId: row.payoutId, instructorId: row.userId, feeCents: row.feeCents, providerIds }));
        await requests.markFeeCollected(trx, row.id, clock.now());
      });
      return;
    }
    await requests.markFeeCollected(db, row.id, clock.now());
  }
}

/** The metadata the payout carries: the fee for the books, the request's id to find it again, the client's key. */
export function payoutMetadata(row: Pick<InstantPayoutRequestRow, 'id' | 'userId' | 'requestedCents' | 'feeCents' | 'requestKey'>): Record<string, string> {
  return {
    userId: row.userId,
    requestId: row.id,
    requestedCents: String(row.requestedCents),
    feeCents: String(row.feeCents),
    ...(row.requestKey ? { requestKey: row.requestKey } : {}),
  };
}

function add(total: SweepResult, part: SweepResult): void {
  total.feesCollected += part.feesCollected;
  total.refused += part.refused;
  total.left += part.left;
}

import type { Insertable, Selectable } from 'kysely';
import type { Executor } from '../../platform/db/database.ts';
import type { InstantPayoutRequestsTable } from './payouts.tables.ts';

export type InstantPayoutRequestRow = Selectable<InstantPayoutRequestsTable>;

/**
 * The instant payouts asked for and how far their two provider steps got. One Kysely query per
 * method; each accepts a transaction. Every state change names the states it may leave, so a
 * late writer never undoes a later step (a collected fee stays collected).
 */
export class InstantPayoutRequestsRepository {
  /** Writes the intent before the payout call; the same provider key twice (a race past the lock) keeps the first row. */
  async insertStarted(executor: Executor, row: Omit<Insertable<InstantPayoutRequestsTable>, 'state' | 'payoutId' | 'updatedAt'>): Promise<InstantPayoutRequestRow> {
    await executor
      .insertInto('instantPayoutRequests')
      .values({ ...row, state: 'started', payoutId: null, updatedAt: row.createdAt })
      .onConflict((conflict) => conflict.column('idempotencyKey').doNothing())
      .execute();
    return (await this.findByIdempotencyKey(executor, row.idempotencyKey))!;
  }

  async findByIdempotencyKey(executor: Executor, idempotencyKey: string): Promise<InstantPayoutRequestRow | undefined> {
    return executor.selectFrom('instantPayoutRequests').selectAll().where('idempotencyKey', '=', idempotencyKey).executeTakeFirst();
  }

  /**
   * Requests whose steps are not finished (`started`, `paid_out`), oldest first: created in
   * [since, before), of one user when given.
   */
  async unfinished(executor: Executor, range: { since: Date; before?: Date; userId?: string }): Promise<InstantPayoutRequestRow[]> {
    let query = executor
      .selectFrom('instantPayoutRequests')
      .selectAll()
      .where('state', 'in', ['started', 'paid_out'])
      .where('createdAt', '>=', range.since);
    if (range.before) query = query.where('createdAt', '<', range.before);
    if (range.userId) query = query.where('userId', '=', range.userId);
    return query.orderBy('createdAt').orderBy('id').execute();
  }

  /** The provider made the payout (a request that was refused or lost may still be made by a retry with its key). */
  async markPaidOut(executor: Executor, id: string, payoutId: string, now: Date): Promise<void> {
    await executor
      .updateTable('instantPayoutRequests')
      .set({ state: 'paid_out', payoutId, updatedAt: now })
      .where('id', '=', id)
      .where('state', 'in', ['started', 'refused'])
      .execute();
  }

  /** The provider refused the payout, never made it, or it failed at the bank: no fee is owed. */
  async markRefused(executor: Executor, id: string, now: Date): Promise<void> {
    await executor.updateTable('instantPayoutRequests').set({ state: 'refused', updatedAt: now }).where('id', '=', id).where('state', 'in', ['started', 'paid_out']).execute();
  }

  /** Called in the transaction of the fee's ledger posting. */
  async markFeeCollected(executor: Executor, id: string, now: Date): Promise<void> {
    await executor.updateTable('instantPayoutRequests').set({ state: 'fee_collected', updatedAt: now }).where('id', '=', id).where('state', '=', 'paid_out').execute();
  }
}

import type { Selectable } from 'kysely';
import type { PayoutAccount } from '../../integrations/payments/payments.port.ts';
import type { Executor } from '../../platform/db/database.ts';
import type { PayoutAccountsTable } from './payouts.tables.ts';

export type PayoutAccountRow = Selectable<PayoutAccountsTable>;

/** One Kysely query per method; each accepts a transaction. */
export class PayoutsRepository {
  async findByUser(executor: Executor, userId: string): Promise<PayoutAccountRow | undefined> {
    return executor.selectFrom('payoutAccounts').selectAll().where('userId', '=', userId).executeTakeFirst();
  }

  async findByAccount(executor: Executor, accountId: string): Promise<PayoutAccountRow | undefined> {
    return executor.selectFrom('payoutAccounts').selectAll().where('accountId', '=', accountId).executeTakeFirst();
  }

  /** Records the account created for the user; a second creation (a race) keeps the first row. */
  async insertAccount(executor: Executor, row: { userId: string; accountId: string; now: Date }): Promise<void> {
    await executor
      .insertInto('payoutAccounts')
      .values({ userId: row.userId, accountId: row.accountId, createdAt: row.now, updatedAt: row.now })
      .onConflict((conflict) => conflict.column('userId').doNothing())
      .execute();
  }

  /**
   * Writes what the provider said at `stateAt`, unless the row already holds a newer state
   * (the comparison is in the statement, so two writers cannot both win). Returns whether it wrote.
   */
  /** Writes the account's state unless a newer one is held; the account's user when written, else null. */
  async applyState(executor: Executor, account: PayoutAccount, stateAt: Date, now: Date): Promise<string | null> {
    const result = await executor
      .updateTable('payoutAccounts')
      .set({
        chargesEnabled: account.chargesEnabled,
        payoutsEnabled: account.payoutsEnabled,
        detailsSubmitted: account.detailsSubmitted,
        currentlyDue: account.currentlyDue,
        pastDue: account.pastDue,
        pendingVerification: account.pendingVerification,
        disabledReason: account.disabledReason,
        providerStateAt: stateAt,
        updatedAt: now,
      })
      .where('accountId', '=', account.id)
      .where((eb) => eb.or([eb('providerStateAt', 'is', null), eb('providerStateAt', '<=', stateAt)]))
      .returning('userId')
      .executeTakeFirst();
    return result?.userId ?? null;
  }
}

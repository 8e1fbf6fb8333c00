import { sql } from 'kysely';
import type { IdentityState } from '../../integrations/payments/payments.port.ts';
import type { Executor } from '../../platform/db/database.ts';
import type { IdentityVerificationsTable } from './identity.tables.ts';

export type IdentitySessionRow = IdentityVerificationsTable;

export interface SessionUpdate {
  status: IdentityState;
  lastErrorCode: string | null;
  verifiedAt: Date | null;
  providerStateAt: Date;
  updatedAt: Date;
}

/** One Kysely query per method; each accepts a transaction. */
export class IdentityRepository {
  /**
   * A new session is the person's newest (sessionsOf's order, which the status and the re-read on
   * return go by): its `createdAt` is now, or just after their latest session's when the clock
   * has not moved since (a frozen test clock, two sessions in one millisecond). Equal times would
   * leave the order to the provider's random ids, and an older, failed session could pass for the
   * newest.
   */
  async insertSession(executor: Executor, row: { id: string; userId: string } & SessionUpdate): Promise<void> {
    const createdAt = sql<Date>`greatest(${row.updatedAt}::timestamptz, (select max(created_at) + interval '1 millisecond' from identity_verifications where user_id = ${row.userId}))`;
    await executor
      .insertInto('identityVerifications')
      .values({ ...row, createdAt })
      .onConflict((conflict) => conflict.column('id').doNothing())
      .execute();
  }

  /** The session, locked until the transaction ends (its events are applied one at a time). */
  async lockSession(executor: Executor, id: string): Promise<IdentitySessionRow | undefined> {
    return executor.selectFrom('identityVerifications').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
  }

  async updateSession(executor: Executor, id: string, update: SessionUpdate): Promise<void> {
    await executor.updateTable('identityVerifications').set(update).where('id', '=', id).execute();
  }

  /** The user's sessions, newest first. */
  async sessionsOf(executor: Executor, userId: string): Promise<IdentitySessionRow[]> {
    return executor.selectFrom('identityVerifications').selectAll().where('userId', '=', userId).orderBy('createdAt', 'desc').orderBy('id', 'desc').execute();
  }

  async userExists(executor: Executor, userId: string): Promise<boolean> {
    return (await executor.selectFrom('users').select('id').where('id', '=', userId).executeTakeFirst()) !== undefined;
  }
}

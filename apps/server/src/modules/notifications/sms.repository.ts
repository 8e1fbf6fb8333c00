import type { Insertable } from 'kysely';
import type { Executor } from '../../platform/db/database.ts';
import type { SmsMessagesTable } from './sms.tables.ts';

const messageColumns = [
  'id',
  'userId',
  'to',
  'body',
  'purpose',
  'segments',
  'encoding',
  'status',
  'providerMessageId',
  'lastError',
  'createdAt',
  'sentAt',
] as const;

/** One query per method; accepts the database or a transaction. */
export class SmsRepository {
  constructor(private readonly db: Executor) {}

  /**
   * The user's phone, with their row locked until the transaction ends: everything that
   * spends their daily SMS budget takes this lock first, so two concurrent sends are counted
   * one after the other instead of both seeing the same total.
   */
  lockUser(tx: Executor, userId: string) {
    return tx
      .selectFrom('users')
      .select(['id', 'phoneE164', 'phoneVerifiedAt'])
      .where('id', '=', userId)
      .forUpdate()
      .executeTakeFirst();
  }

  /** Segments the user has been sent (or is about to be) since `since`, including failures. */
  async segmentsSince(tx: Executor, userId: string, since: Date, until: Date): Promise<number> {
    const row = await tx
      .selectFrom('smsMessages')
      .select((eb) => eb.fn.coalesce(eb.fn.sum<string | number>('segments'), eb.lit(0)).as('total'))
      .where('userId', '=', userId)
      .where('createdAt', '>=', since)
      .where('createdAt', '<', until)
      .executeTakeFirstOrThrow();
    return Number(row.total);
  }

  insert(tx: Executor, message: Insertable<SmsMessagesTable>) {
    return tx.insertInto('smsMessages').values(message).execute();
  }

  find(messageId: string, executor: Executor = this.db) {
    return executor.selectFrom('smsMessages').select(messageColumns).where('id', '=', messageId).executeTakeFirst();
  }

  /** Only a queued message becomes sent, so a second run of the job cannot overwrite the first. */
  async markSent(messageId: string, sent: { providerMessageId: string; sentAt: Date; body?: string }): Promise<boolean> {
    const result = await this.db
      .updateTable('smsMessages')
      .set({
        status: 'sent',
        providerMessageId: sent.providerMessageId,
        sentAt: sent.sentAt,
        lastError: null,
        ...(sent.body !== undefined ? { body: sent.body } : {}),
      })
      .where('id', '=', messageId)
      .where('status', '=', 'queued')
      .executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }

  async markFailed(messageId: string, failure: { error: string; body?: string }): Promise<boolean> {
    const result = await this.db
      .updateTable('smsMessages')
      .set({ status: 'failed', lastError: failure.error, ...(failure.body !== undefined ? { body: failure.body } : {}) })
      .where('id', '=', messageId)
      .where('status', '=', 'queued')
      .executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }

  /** Remembers why the latest attempt failed; the message stays queued for the retry. */
  recordAttemptError(messageId: string, error: string) {
    return this.db
      .updateTable('smsMessages')
      .set({ lastError: error })
      .where('id', '=', messageId)
      .where('status', '=', 'queued')
      .execute();
  }

  /** A user's messages, newest first (tests and support tools). */
  listForUser(userId: string, executor: Executor = this.db) {
    return executor.selectFrom('smsMessages').select(messageColumns).where('userId', '=', userId).orderBy('id', 'desc').execute();
  }
}

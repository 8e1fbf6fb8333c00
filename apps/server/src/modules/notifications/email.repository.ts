import { sql } from 'kysely';
import type { Executor } from '../../platform/db/database.ts';
import type { EmailTemplateName } from './email-templates/email-templates.ts';

export interface NewEmailMessage {
  id: string;
  userId: string | null;
  toAddress: string;
  template: EmailTemplateName;
  subject: string;
  html: string;
  text: string;
  createdAt: Date;
}

/** One query per method; accepts the database or a transaction. */
export class EmailRepository {
  constructor(private readonly db: Executor) {}

  insertMessage(message: NewEmailMessage, executor: Executor = this.db) {
    return executor.insertInto('emailMessages').values({ ...message, status: 'queued' }).execute();
  }

  findMessage(id: string, executor: Executor = this.db) {
    return executor.selectFrom('emailMessages').selectAll().where('id', '=', id).executeTakeFirst();
  }

  /** Counts an attempt before calling the provider, so a crash mid-call still shows up. */
  recordAttempt(id: string, executor: Executor = this.db) {
    return executor
      .updateTable('emailMessages')
      .set({ attempts: sql`attempts + 1` })
      .where('id', '=', id)
      .where('status', '=', 'queued')
      .execute();
  }

  markSent(id: string, providerMessageId: string, sentAt: Date, executor: Executor = this.db) {
    return executor
      .updateTable('emailMessages')
      .set({ status: 'sent', providerMessageId, sentAt, lastError: null })
      .where('id', '=', id)
      .where('status', '=', 'queued')
      .execute();
  }

  /** A failed attempt that will be retried: the message stays queued. */
  recordError(id: string, error: string, executor: Executor = this.db) {
    return executor.updateTable('emailMessages').set({ lastError: error }).where('id', '=', id).where('status', '=', 'queued').execute();
  }

  /** Gives up on the message: a permanent error, or the last retry failed. */
  markFailed(id: string, error: string, executor: Executor = this.db) {
    return executor
      .updateTable('emailMessages')
      .set({ status: 'failed', lastError: error })
      .where('id', '=', id)
      .where('status', '=', 'queued')
      .execute();
  }
}

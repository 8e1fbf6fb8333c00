import { sql } from 'kysely';
import type { Executor } from '../../platform/db/database.ts';
import type { EmailTemplateName } from './email-templates/email-templates.ts';
import type { RenderedEmail } from './email-templates/render-email.ts';

export interface NewEmailMessage {
  id: string;
  userId: string | null;
  toAddress: string;
  template: EmailTemplateName;
  /** The template's parsed data; stored as JSON, rendered by the send job. */
  data: Record<string, unknown>;
  createdAt: Date;
}

/** Read as text: CamelCasePlugin would otherwise rename the keys inside the JSON. */
const DATA_AS_TEXT = sql<string | null>`data::text`.as('dataJson');

/** One query per method; accepts the database or a transaction. */
export class EmailRepository {
  constructor(private readonly db: Executor) {}

  /** All the messages in one statement (a booking queues two); none is rendered yet. */
  async insertMessages(messages: readonly NewEmailMessage[], executor: Executor = this.db): Promise<void> {
    if (messages.length === 0) return;
    await executor
      .insertInto('emailMessages')
      .values(messages.map(({ data, ...message }) => ({ ...message, data: JSON.stringify(data), status: 'queued' as const })))
      .execute();
  }

  /** The message with its data parsed (null on rows queued before migration 0029, which were rendered then). */
  async findMessage(id: string, executor: Executor = this.db) {
    const row = await executor
      .selectFrom('emailMessages')
      .select(['id', 'toAddress', 'template', 'subject', 'html', 'text', 'status', 'attempts', DATA_AS_TEXT])
      .where('id', '=', id)
      .executeTakeFirst();
    if (!row) return undefined;
    const { dataJson, ...message } = row;
    return { ...message, data: dataJson === null ? null : (JSON.parse(dataJson) as unknown) };
  }

  /**
   * Stores the rendering unless the message already has one (another run of its job stored it
   * first) or is no longer queued; false then, and the caller reads the row again.
   */
  async storeRendered(id: string, rendered: RenderedEmail, executor: Executor = this.db): Promise<boolean> {
    const result = await executor
      .updateTable('emailMessages')
      .set({ subject: rendered.subject, html: rendered.html, text: rendered.text })
      .where('id', '=', id)
      .where('status', '=', 'queued')
      .where('html', 'is', null)
      .executeTakeFirst();
    return result.numUpdatedRows > 0n;
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

import { isDeepStrictEqual } from 'node:util';
import { sql } from 'kysely';
import type { Clock } from '../../platform/clock.ts';
import type { Db } from '../../platform/db/database.ts';
import type { IdGenerator } from '../../platform/ids.ts';
import { EmailDeliveryError, type EmailPort, type OutgoingEmail } from './email.port.ts';

export interface OutboxEmail {
  id: string;
  to: string;
  from: string;
  subject: string;
  html: string;
  text: string;
  tags: Record<string, string>;
  createdAt: Date;
}

const columns = ['id', 'toAddress', 'fromAddress', 'subject', 'html', 'text', 'createdAt'] as const;
// Read as text: CamelCasePlugin would otherwise rename the keys inside the JSON (message_id → messageId).
const tagsAsText = sql<string>`tags::text`.as('tagsJson');

type Row = Omit<OutboxEmail, 'to' | 'from' | 'tags'> & { toAddress: string; fromAddress: string; tagsJson: string };

function toOutboxEmail({ toAddress, fromAddress, tagsJson, ...row }: Row): OutboxEmail {
  return { ...row, to: toAddress, from: fromAddress, tags: JSON.parse(tagsJson) as Record<string, string> };
}

/**
 * The development stand-in for Resend: "delivering" a message stores it in `outbox_emails`,
 * where the dev mailbox (/dev/mailbox) reads it. It keeps Resend's idempotency contract so
 * the job behaves the same against both: a repeated key with the same message returns the
 * first id and stores nothing new; the same key with a different message is refused like
 * Resend's 409 `invalid_idempotent_request`. (Resend forgets keys after 24 hours; the outbox
 * never does, which only makes it stricter.)
 */
export class OutboxEmailAdapter implements EmailPort {
  readonly mode = 'fake' as const;

  constructor(private readonly deps: { db: Db; clock: Clock; ids: IdGenerator }) {}

  async send(message: OutgoingEmail): Promise<{ providerMessageId: string }> {
    const inserted = await this.deps.db
      .insertInto('outboxEmails')
      .values({
        id: this.deps.ids(),
        toAddress: message.to,
        fromAddress: message.from,
        subject: message.subject,
        html: message.html,
        text: message.text,
        tags: JSON.stringify(message.tags),
        idempotencyKey: message.idempotencyKey,
        createdAt: this.deps.clock.now(),
      })
      // Concurrent sends with one key race on the unique index, not on a read-then-write.
      .onConflict((conflict) => conflict.column('idempotencyKey').doNothing())
      .returning('id')
      .executeTakeFirst();
    if (inserted) return { providerMessageId: inserted.id };

    const previous = toOutboxEmail(
      await this.deps.db
        .selectFrom('outboxEmails')
        .select([...columns, tagsAsText])
        .where('idempotencyKey', '=', message.idempotencyKey)
        .executeTakeFirstOrThrow(),
    );
    const samePayload =
      previous.to === message.to &&
      previous.from === message.from &&
      previous.subject === message.subject &&
      previous.html === message.html &&
      previous.text === message.text &&
      isDeepStrictEqual(previous.tags, message.tags);
    if (!samePayload) {
      throw new EmailDeliveryError(
        `Idempotency key ${message.idempotencyKey} was already used with a different message`,
        false,
        'invalid_idempotent_request',
      );
    }
    return { providerMessageId: previous.id };
  }

  /** What the outbox holds, newest first, optionally only the messages to one address. */
  async list(options: { to?: string; limit: number }): Promise<OutboxEmail[]> {
    let query = this.deps.db.selectFrom('outboxEmails').select([...columns, tagsAsText]);
    if (options.to) query = query.where('toAddress', '=', options.to);
    const rows = await query.orderBy('createdAt', 'desc').orderBy('id', 'desc').limit(options.limit).execute();
    return rows.map(toOutboxEmail);
  }
}

import type { ColumnType } from 'kysely';

/** What the local outbox adapter "delivered" (development and tests; empty when Resend is used). */
export interface OutboxEmailsTable {
  id: string;
  toAddress: string;
  fromAddress: string;
  subject: string;
  html: string;
  text: string;
  /** JSON text on insert. Select it as `tags::text`: CamelCasePlugin would rename the keys inside. */
  tags: ColumnType<unknown, string, never>;
  idempotencyKey: string;
  createdAt: Date;
}

export interface OutboxTables {
  outboxEmails: OutboxEmailsTable;
}

import type { ColumnType, Generated } from 'kysely';
import type { OutboxTables } from '../../integrations/email/outbox.tables.ts';
import type { EmailTemplateName } from './email-templates/email-templates.ts';

export type EmailMessageStatus = 'queued' | 'sent' | 'failed';

/**
 * One email we decided to send: its template and data (migration 0029_email_data.sql). The send
 * job renders it and stores subject, HTML and text here before sending (all three or none), then
 * moves it to sent or failed. Rows queued before 0029 were rendered at once and have no data.
 */
export interface EmailMessagesTable {
  id: string;
  userId: string | null;
  toAddress: string;
  template: EmailTemplateName;
  /** JSON text on insert. Select it as `data::text`: CamelCasePlugin would rename the keys inside. */
  data: ColumnType<unknown, string, never>;
  subject: string | null;
  html: string | null;
  text: string | null;
  status: ColumnType<EmailMessageStatus, EmailMessageStatus | undefined, EmailMessageStatus>;
  attempts: Generated<number>;
  providerMessageId: string | null;
  lastError: string | null;
  createdAt: Date;
  sentAt: Date | null;
}

/** The email channel's tables, and the local outbox adapter's (migrations 0005_email.sql, 0029_email_data.sql). */
export interface EmailTables extends OutboxTables {
  emailMessages: EmailMessagesTable;
}

import type { ColumnType, Generated } from 'kysely';
import type { OutboxTables } from '../../integrations/email/outbox.tables.ts';
import type { EmailTemplateName } from './email-templates/email-templates.ts';

export type EmailMessageStatus = 'queued' | 'sent' | 'failed';

/** One email we decided to send, rendered at that moment; the send job moves it to sent or failed. */
export interface EmailMessagesTable {
  id: string;
  userId: string | null;
  toAddress: string;
  template: EmailTemplateName;
  subject: string;
  html: string;
  text: string;
  status: ColumnType<EmailMessageStatus, EmailMessageStatus | undefined, EmailMessageStatus>;
  attempts: Generated<number>;
  providerMessageId: string | null;
  lastError: string | null;
  createdAt: Date;
  sentAt: Date | null;
}

/** The email channel's tables, and the local outbox adapter's (migration 0005_email.sql). */
export interface EmailTables extends OutboxTables {
  emailMessages: EmailMessagesTable;
}

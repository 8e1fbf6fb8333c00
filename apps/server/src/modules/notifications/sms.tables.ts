import type { ColumnType } from 'kysely';
import type { OutboxSmsTables } from '../../integrations/sms/outbox.tables.ts';
import type { SmsEncoding } from '../../integrations/sms/segments.ts';

/** Tables of migration 0006_sms.sql: the SMS channel, phone verification and the local outbox. */

export type SmsPurpose = 'verification' | 'notification';
export type SmsStatus = 'queued' | 'sent' | 'failed';

export interface SmsMessagesTable {
  id: string;
  userId: string;
  to: string;
  body: string;
  purpose: SmsPurpose;
  segments: number;
  encoding: SmsEncoding;
  status: ColumnType<SmsStatus, SmsStatus | undefined, SmsStatus>;
  providerMessageId: string | null;
  lastError: string | null;
  createdAt: ColumnType<Date, Date, never>;
  sentAt: Date | null;
}

export interface PhoneVerificationsTable {
  id: string;
  userId: string;
  phoneE164: string;
  codeHash: string;
  expiresAt: Date;
  attempts: ColumnType<number, number | undefined, number>;
  verifiedAt: Date | null;
  createdAt: ColumnType<Date, Date, never>;
}

/** The SMS channel's tables, and the local outbox adapter's. */
export interface SmsTables extends OutboxSmsTables {
  smsMessages: SmsMessagesTable;
  phoneVerifications: PhoneVerificationsTable;
}

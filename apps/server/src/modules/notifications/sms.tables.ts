import type { ColumnType, Generated } from 'kysely';
import type { SmsEncoding } from './sms.segments.ts';

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

/** The fake SMS provider's own record of what it accepted (integrations/sms/outbox.ts). */
export interface OutboxSmsTable {
  id: string;
  seq: Generated<string>;
  to: string;
  from: string;
  body: string;
  segments: number;
  status: ColumnType<string, string | undefined, string>;
  idempotencyKey: string;
  createdAt: ColumnType<Date, Date, never>;
}

export interface SmsTables {
  smsMessages: SmsMessagesTable;
  phoneVerifications: PhoneVerificationsTable;
  outboxSms: OutboxSmsTable;
}

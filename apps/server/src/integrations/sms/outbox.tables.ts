import type { ColumnType, Generated } from 'kysely';

/** The fake SMS provider's own record of what it accepted (outbox.ts; migration 0006_sms.sql). */
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

export interface OutboxSmsTables {
  outboxSms: OutboxSmsTable;
}

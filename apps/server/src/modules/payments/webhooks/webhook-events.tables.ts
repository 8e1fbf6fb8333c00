import type { ColumnType } from 'kysely';

/** Tables of migration 0016_payment_webhooks.sql. */

export interface PaymentWebhookEventsTable {
  /** Stripe's event id (evt_…). */
  id: string;
  type: string;
  account: string | null;
  created: Date;
  /** The verified event, as JSON. */
  payload: ColumnType<unknown, string, string>;
  receivedAt: Date;
  processedAt: Date | null;
  attempts: ColumnType<number, number | undefined, number>;
  lastError: string | null;
}

export interface PaymentWebhookTables {
  paymentWebhookEvents: PaymentWebhookEventsTable;
}

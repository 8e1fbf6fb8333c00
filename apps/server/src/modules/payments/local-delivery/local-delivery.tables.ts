import type { ColumnType } from 'kysely';

/** Tables of migration 0020_local_stripe_deliveries.sql (development and tests only). */

export interface LocalStripeDeliveriesTable {
  /** The local Stripe's event id (evt_…). */
  eventId: string;
  eventType: string;
  queuedAt: Date;
  attempts: ColumnType<number, number | undefined, number>;
  lastAttemptAt: Date | null;
  lastStatus: number | null;
  lastError: string | null;
  deliveredAt: Date | null;
}

export interface LocalDeliveryTables {
  localStripeDeliveries: LocalStripeDeliveriesTable;
}

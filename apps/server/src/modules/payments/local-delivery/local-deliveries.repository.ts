import { sql } from 'kysely';
import type { Db, Executor } from '../../../platform/db/database.ts';
import { isDelivered } from './local-delivery.policy.ts';

export interface DeliveryRecord {
  eventId: string;
  eventType: string;
  queuedAt: Date;
  attempts: number;
  lastAttemptAt: Date | null;
  lastStatus: number | null;
  lastError: string | null;
  deliveredAt: Date | null;
}

/** local_stripe_deliveries: one row per local Stripe event, the sender's record of its deliveries. */
export class LocalDeliveriesRepository {
  /** The event is on its way (first queueing only: a resend keeps the original time). */
  async markQueued(tx: Executor, event: { id: string; type: string }, at: Date): Promise<void> {
    await tx
      .insertInto('localStripeDeliveries')
      .values({ eventId: event.id, eventType: event.type, queuedAt: at })
      .onConflict((oc) => oc.column('eventId').doNothing())
      .execute();
  }

  /**
   * One POST made: its status (or the connection error). Concurrent attempts (the duplicates of
   * the test setting) each count, as the increment happens in the database. The first 2xx sets
   * delivered_at for good.
   */
  async recordAttempt(
    db: Db,
    event: { id: string; type: string },
    attempt: { at: Date; status: number | null; error: string | null },
  ): Promise<void> {
    const deliveredAt = attempt.status !== null && isDelivered(attempt.status) ? attempt.at : null;
    await db
      .insertInto('localStripeDeliveries')
      .values({
        eventId: event.id,
        eventType: event.type,
        queuedAt: attempt.at,
        attempts: 1,
        lastAttemptAt: attempt.at,
        lastStatus: attempt.status,
        lastError: attempt.error,
        deliveredAt,
      })
      .onConflict((oc) =>
        oc.column('eventId').doUpdateSet({
          attempts: sql<number>`local_stripe_deliveries.attempts + 1`,
          lastAttemptAt: attempt.at,
          lastStatus: attempt.status,
          lastError: attempt.error,
          deliveredAt: sql<Date | null>`coalesce(local_stripe_deliveries.delivered_at, ${deliveredAt})`,
        }),
      )
      .execute();
  }

  async find(db: Db, eventIds: readonly string[]): Promise<DeliveryRecord[]> {
    if (eventIds.length === 0) return [];
    return db.selectFrom('localStripeDeliveries').selectAll().where('eventId', 'in', eventIds).execute();
  }
}

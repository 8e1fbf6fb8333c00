import { sql } from 'kysely';
import type { Executor, Tx } from '../../../platform/db/database.ts';
import type { WebhookEvent } from './webhook-event.ts';

/**
 * The payload as text, parsed by us: selected as jsonb, the CamelCasePlugin would rename the
 * event's own snake_case keys (`previous_attributes`, `charges_enabled`…) on the way out.
 */
const PAYLOAD_AS_TEXT = sql<string>`payload::text`.as('payloadJson');

/** One query per method over payment_webhook_events. */
export class WebhookEventsRepository {
  /** Stores a delivery unless its event id is already here; true when this call stored it. */
  async insertIfNew(tx: Executor, event: WebhookEvent, payload: unknown, receivedAt: Date): Promise<boolean> {
    const inserted = await tx
      .insertInto('paymentWebhookEvents')
      .values({
        id: event.id,
        type: event.type,
        account: event.account,
        created: event.created,
        payload: JSON.stringify(payload),
        receivedAt,
      })
      .onConflict((conflict) => conflict.column('id').doNothing())
      .returning('id')
      .executeTakeFirst();
    return inserted !== undefined;
  }

  /** The event's row, locked until the transaction ends so only one worker processes it. */
  async lockForProcessing(tx: Tx, id: string): Promise<{ id: string; payload: unknown; processedAt: Date | null } | undefined> {
    const row = await tx
      .selectFrom('paymentWebhookEvents')
      .select(['id', PAYLOAD_AS_TEXT, 'processedAt'])
      .where('id', '=', id)
      .forUpdate()
      .executeTakeFirst();
    return row && { id: row.id, payload: JSON.parse(row.payloadJson) as unknown, processedAt: row.processedAt };
  }

  async markProcessed(tx: Tx, id: string, at: Date): Promise<void> {
    await tx
      .updateTable('paymentWebhookEvents')
      .set({ processedAt: at, attempts: sql`attempts + 1`, lastError: null })
      .where('id', '=', id)
      .execute();
  }

  /** Counts a failed attempt (its transaction rolled back, so this is written apart from it). */
  async recordFailure(db: Executor, id: string, message: string): Promise<void> {
    await db
      .updateTable('paymentWebhookEvents')
      .set({ attempts: sql`attempts + 1`, lastError: message.replaceAll('\u0000', '\uFFFD').slice(0, 2000) })
      .where('id', '=', id)
      .where('processedAt', 'is', null)
      .execute();
  }

  async find(db: Executor, id: string) {
    const row = await db
      .selectFrom('paymentWebhookEvents')
      .select(['id', 'type', 'account', 'created', 'receivedAt', 'processedAt', 'attempts', 'lastError', PAYLOAD_AS_TEXT])
      .where('id', '=', id)
      .executeTakeFirst();
    if (!row) return undefined;
    const { payloadJson, ...rest } = row;
    return { ...rest, payload: JSON.parse(payloadJson) as unknown };
  }
}

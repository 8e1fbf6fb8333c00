import type { Clock } from '../../../platform/clock.ts';
import type { Db } from '../../../platform/db/database.ts';
import { parseWebhookEvent } from './webhook-event.ts';
import type { WebhookEventsRepository } from './webhook-events.repository.ts';
import type { WebhookHandlerRegistry } from './webhook-handlers.ts';

export type ProcessOutcome = 'processed' | 'already_processed' | 'unknown_event';

/**
 * Processes one stored event exactly once: with its row locked, the handlers for its type run
 * in one transaction that also sets processed_at. A failure rolls all of it back, is counted
 * (attempts, last_error) and rethrown so the job is retried with backoff; a second run after
 * success finds processed_at set and does nothing. Types nobody handles are marked processed.
 */
export class WebhookProcessor {
  constructor(private readonly deps: { db: Db; clock: Clock; repository: WebhookEventsRepository; handlers: WebhookHandlerRegistry }) {}

  async process(eventId: string): Promise<ProcessOutcome> {
    const { db, repository, handlers, clock } = this.deps;
    try {
      return await db.transaction().execute(async (tx) => {
        const row = await repository.lockForProcessing(tx, eventId);
        if (!row) return 'unknown_event';
        if (row.processedAt) return 'already_processed';
        const parsed = parseWebhookEvent(row.payload);
        // Stored only after the same parse succeeded: a failure here is a bug, retried and recorded like any other.
        if (!parsed.ok) throw new Error(`Stored event ${eventId} no longer parses: ${JSON.stringify(parsed.errors)}`);
        for (const handler of handlers.handlersFor(parsed.event.type)) await handler(parsed.event, tx);
        await repository.markProcessed(tx, eventId, clock.now());
        return 'processed';
      });
    } catch (error) {
      await repository.recordFailure(db, eventId, error instanceof Error ? error.message : String(error));
      throw error;
    }
  }
}

import type { Tx } from '../../../platform/db/database.ts';
import type { WebhookEvent } from './webhook-event.ts';

/**
 * Runs inside the transaction that marks the event processed: whatever it writes through `tx`
 * commits exactly once with it, or not at all (the job then retries). Deliveries come out of
 * order, so a handler compares `event.created` (or the object's state) with what it holds.
 */
export type WebhookHandler = (event: WebhookEvent, tx: Tx) => Promise<void>;

/**
 * Which handlers an event type reaches. Modules that care about Stripe events (payment
 * methods, payouts, identity, bookings) register theirs when the application is composed
 * (app.ts, registerJobHandlers); an event type nobody handles is simply marked processed.
 */
export class WebhookHandlerRegistry {
  private readonly handlers = new Map<string, WebhookHandler[]>();

  /** Several handlers may share a type; they run in the order registered, in one transaction. */
  registerWebhookHandler(type: string, handler: WebhookHandler): void {
    this.handlers.set(type, [...(this.handlers.get(type) ?? []), handler]);
  }

  handlersFor(type: string): readonly WebhookHandler[] {
    return this.handlers.get(type) ?? [];
  }

  registeredTypes(): string[] {
    return [...this.handlers.keys()].sort();
  }
}

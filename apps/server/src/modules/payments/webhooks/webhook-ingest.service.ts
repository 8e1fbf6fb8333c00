import { verifyStripeWebhook, type WebhookRefusal } from '../../../integrations/payments/stripe-webhook-signature.ts';
import type { Clock } from '../../../platform/clock.ts';
import type { Db } from '../../../platform/db/database.ts';
import { DomainError } from '../../../platform/errors.ts';
import type { Jobs } from '../../../platform/jobs/jobs.ts';
import { parseWebhookEvent } from './webhook-event.ts';
import type { WebhookEventsRepository } from './webhook-events.repository.ts';

/** The input each refusal is about, so the sender (or a developer signing by hand) knows what to fix. */
const REFUSAL_FIELD: Record<WebhookRefusal, string> = {
  missing_signature: 'headers.stripe-signature',
  bad_signature: 'headers.stripe-signature',
  stale_timestamp: 'headers.stripe-signature',
  malformed_payload: 'body',
};

/**
 * Receives one Stripe webhook delivery: verify, store by event id, queue its processing, answer.
 * No handler runs here, so Stripe gets its 2xx in milliseconds whatever the handlers cost. The
 * signature is the authentication: nothing unsigned, mis-signed or older than the tolerance (by
 * our Clock) is stored. A delivery of an event already stored answers 200 and changes nothing.
 */
export class WebhookIngestService {
  constructor(
    private readonly deps: { db: Db; clock: Clock; jobs: Jobs; repository: WebhookEventsRepository; webhookSecret: string },
  ) {}

  async receive(rawBody: Buffer | undefined, signatureHeader: string | undefined): Promise<{ eventId: string; duplicate: boolean }> {
    const receivedAt = this.deps.clock.now();
    const verified = verifyStripeWebhook({ rawBody, signatureHeader, secret: this.deps.webhookSecret, nowMs: receivedAt.getTime() });
    if (!verified.ok) {
      const field = REFUSAL_FIELD[verified.refusal];
      throw new DomainError('bad_request', verified.message, { reason: verified.refusal, errors: [{ field, reason: verified.message }] });
    }
    const parsed = parseWebhookEvent(verified.payload);
    if (!parsed.ok) {
      throw new DomainError('validation_failed', `The signed body is not a Stripe event we can store: ${parsed.errors.map((e) => `${e.field} ${e.reason}`).join('; ')}`, {
        reason: 'malformed_payload',
        errors: parsed.errors,
      });
    }
    const { event } = parsed;
    const stored = await this.deps.db.transaction().execute(async (tx) => {
      const isNew = await this.deps.repository.insertIfNew(tx, event, verified.payload, receivedAt);
      // In the same transaction: the job exists exactly when the row does.
      if (isNew) await this.deps.jobs.send('payments.process_webhook', { eventId: event.id }, { tx });
      return isNew;
    });
    return { eventId: event.id, duplicate: !stored };
  }
}

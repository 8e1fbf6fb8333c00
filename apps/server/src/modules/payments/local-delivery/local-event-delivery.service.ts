import { signStripePayload, type LocalStripe } from '@instainstru/local-stripe';
import type { Clock } from '../../../platform/clock.ts';
import type { Db } from '../../../platform/db/database.ts';
import { DomainError, notFound } from '../../../platform/errors.ts';
import type { Jobs } from '../../../platform/jobs/jobs.ts';
import type { LocalDeliveriesRepository } from './local-deliveries.repository.ts';
import { deliveryPlan, failureText, isDelivered, type DeliveryMode } from './local-delivery.policy.ts';
import { stripeWebhookHeaders, type WebhookTransport } from './webhook-transport.ts';

export const DELIVER_JOB = 'payments.deliver_local_event';

export interface LocalEventDeliveryDeps {
  db: Db;
  clock: Clock;
  jobs: Jobs;
  local: LocalStripe;
  repository: LocalDeliveriesRepository;
  /** The endpoint secret our ingest route verifies with (config.payments.webhookSecret). */
  webhookSecret: string;
  /** `${PUBLIC_URL}/api/v1/payments/webhooks/stripe`. */
  endpointUrl: string;
  transport: WebhookTransport;
  mode: DeliveryMode;
  random?: () => number;
  /** Queueing failed where nobody awaits it (the test setting's batches). */
  onError?: (error: unknown) => void;
}

/** A delivery job's outcome, for logs and tests. */
export type AttemptOutcome = { eventId: string; status: number } | { eventId: string; status: null; error: string } | { eventId: string; missing: true };

/**
 * The local Stripe's side of webhooks (development and tests): each event it commits is queued
 * for delivery (a job, so it survives restarts and is retried), then signed exactly as Stripe
 * signs (`t=<Clock seconds>,v1=<HMAC-SHA256 of "t.body">`) and POSTed to our endpoint. A non-2xx
 * answer or a connection error fails the job, and pg-boss retries it with backoff; every
 * attempt is recorded in local_stripe_deliveries for the /dev/stripe dashboard.
 */
export class LocalEventDelivery {
  private batch: Array<{ id: string; type: string }> = [];
  private flushing: Promise<void> | undefined;

  constructor(private readonly deps: LocalEventDeliveryDeps) {}

  /**
   * The local Stripe's onEvent: called after the event's transaction committed, outside any
   * transaction. In order, the event is queued before the API call answers. In the test setting
   * the events of one call are gathered (they arrive back to back) and queued twice each in a
   * shuffled order once the call is done.
   */
  readonly onEvent = async (event: { id: string; type: string }): Promise<void> => {
    if (!this.deps.jobs.registeredNames().has(DELIVER_JOB)) return;
    if (this.deps.mode === 'in_order') {
      await this.enqueue([{ id: event.id, type: event.type }]);
      return;
    }
    this.batch.push({ id: event.id, type: event.type });
    this.flushing ??= new Promise<void>((resolve) => setImmediate(resolve)).then(async () => {
      const events = this.batch;
      this.batch = [];
      this.flushing = undefined;
      await this.enqueue(deliveryPlan(events, this.deps.mode, this.deps.random)).catch((error: unknown) => this.deps.onError?.(error));
    });
  };

  /** Resolves once deliveries gathered by the test setting are queued. */
  async settled(): Promise<void> {
    while (this.flushing) await this.flushing;
  }

  /** "Resend" on the dashboard: one more delivery of a stored event, whatever became of the others. */
  async resend(eventId: string): Promise<{ eventId: string; jobId: string }> {
    if (!this.deps.jobs.registeredNames().has(DELIVER_JOB)) {
      throw new DomainError('conflict', 'This process does not deliver local Stripe events (its job handlers are not registered).');
    }
    const [event] = await this.deps.local.listEvents({ id: eventId });
    if (!event) throw notFound('Event');
    const [jobId] = await this.enqueue([{ id: event.id, type: event.type }]);
    return { eventId: event.id, jobId: jobId! };
  }

  /**
   * Queues one job per delivery, each with its event's row in its own transaction, one after
   * the other: pg-boss takes jobs in the order they were created, so the plan's order is the
   * order they are sent in (up to the worker's concurrency).
   */
  private async enqueue(deliveries: Array<{ id: string; type: string }>): Promise<string[]> {
    const jobIds: string[] = [];
    for (const event of deliveries) {
      const at = this.deps.clock.now();
      jobIds.push(
        await this.deps.db.transaction().execute(async (tx) => {
          await this.deps.repository.markQueued(tx, event, at);
          return this.deps.jobs.send(DELIVER_JOB, { eventId: event.id }, { tx });
        }),
      );
    }
    return jobIds;
  }

  /**
   * One attempt (the job's handler): the event's exact JSON, signed now by the Clock, POSTed.
   * Throws on a non-2xx answer or a connection error so the job is retried. An event the local
   * Stripe does not have (its tables were reset) is dropped.
   */
  async attempt(eventId: string): Promise<AttemptOutcome> {
    const [event] = await this.deps.local.listEvents({ id: eventId });
    if (!event) return { eventId, missing: true };
    const timestamp = Math.floor(this.deps.clock.nowMs() / 1000);
    const signature = signStripePayload(this.deps.webhookSecret, event.json, timestamp);
    let status: number | null = null;
    let error: string | null = null;
    try {
      ({ status } = await this.deps.transport({ url: this.deps.endpointUrl, headers: stripeWebhookHeaders(signature), body: event.json }));
    } catch (cause) {
      error = failureText(cause);
    }
    await this.deps.repository.recordAttempt(this.deps.db, event, { at: this.deps.clock.now(), status, error });
    if (status === null) throw new Error(`Delivering ${eventId} failed: ${error}`);
    if (!isDelivered(status)) throw new Error(`Delivering ${eventId}: the endpoint answered ${status}`);
    return { eventId, status };
  }
}

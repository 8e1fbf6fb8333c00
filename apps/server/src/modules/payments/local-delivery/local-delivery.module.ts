import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Config } from '../../../config.ts';
import { createPayments } from '../../../integrations/payments/payments.adapter.ts';
import type { Clock } from '../../../platform/clock.ts';
import type { Db } from '../../../platform/db/database.ts';
import type { Jobs } from '../../../platform/jobs/jobs.ts';
import { LocalDeliveriesRepository } from './local-deliveries.repository.ts';
import { deliverLocalEventJob, localStripeSweepJob } from './local-delivery.jobs.ts';
import type { DeliveryMode } from './local-delivery.policy.ts';
import { localDeliveryRoutes } from './local-delivery.routes.ts';
import { LocalEventDelivery } from './local-event-delivery.service.ts';
import { httpWebhookTransport, type WebhookTransport } from './webhook-transport.ts';

/**
 * The local Stripe's webhooks and clock (issue 10, "Events …"; development and tests only):
 * its events delivered to our endpoint like Stripe delivers them, its time-driven changes swept
 * on the marketplace Clock, and the dashboard's delivery status and "Resend". With Stripe itself
 * none of this exists: Stripe delivers, and its clock is its own.
 */
export interface LocalDeliveryOptions {
  /** How requests reach the endpoint: HTTP by default; journeys hand them to app.inject. */
  transport?: WebhookTransport;
  /** `duplicated_shuffled` is the test setting: every event twice, out of order. */
  mode?: DeliveryMode;
  /** Orders the test setting's shuffles (Math.random by default). */
  random?: () => number;
}

interface Deps {
  config: Pick<Config, 'payments' | 'PUBLIC_URL'>;
  db: Db;
  clock: Clock;
  jobs: Jobs;
  /** Our webhook endpoint's URL: `${PUBLIC_URL}/api/v1/payments/webhooks/stripe`. */
  endpointUrl: string;
}

async function localDelivery(deps: Deps, options: LocalDeliveryOptions & { onError?: (error: unknown) => void }) {
  // The service is the local Stripe's onEvent, and reads events back from it: bound once both exist.
  let delivery: LocalEventDelivery | undefined;
  const { local } = await createPayments(deps.config, { db: deps.db, clock: deps.clock, onEvent: (event) => delivery?.onEvent(event) });
  if (!local) return undefined;
  delivery = new LocalEventDelivery({
    db: deps.db,
    clock: deps.clock,
    jobs: deps.jobs,
    local,
    repository: new LocalDeliveriesRepository(),
    webhookSecret: deps.config.payments.webhookSecret,
    endpointUrl: deps.endpointUrl,
    transport: options.transport ?? httpWebhookTransport,
    mode: options.mode ?? 'in_order',
    random: options.random,
    onError: options.onError,
  });
  return { local, delivery };
}

/** The delivery and sweep jobs, registered only when payments run on the local Stripe. */
export async function registerLocalStripeJobs(deps: Deps, options: LocalDeliveryOptions & { onError?: (error: unknown) => void } = {}): Promise<LocalEventDelivery | undefined> {
  if (deps.config.payments.provider !== 'local') return undefined;
  const wired = await localDelivery(deps, options);
  if (!wired) return undefined;
  await deps.jobs.register(deliverLocalEventJob(wired.delivery));
  await deps.jobs.register(localStripeSweepJob(wired.local));
  return wired.delivery;
}

/** GET /dev/stripe/deliveries and POST /dev/stripe/events/{id}/resend, only with the local Stripe. */
export async function localDeliveryDevRoutes(deps: Deps): Promise<FastifyPluginAsyncZod | undefined> {
  if (deps.config.payments.provider !== 'local') return undefined;
  const wired = await localDelivery(deps, {});
  if (!wired) return undefined;
  return localDeliveryRoutes({ db: deps.db, delivery: wired.delivery, repository: new LocalDeliveriesRepository() });
}

import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Config } from '../../../config.ts';
import type { Clock } from '../../../platform/clock.ts';
import type { Db } from '../../../platform/db/database.ts';
import type { Jobs } from '../../../platform/jobs/jobs.ts';
import { WebhookEventsRepository } from './webhook-events.repository.ts';
import type { WebhookHandlerRegistry } from './webhook-handlers.ts';
import { WebhookIngestService } from './webhook-ingest.service.ts';
import { WebhookProcessor } from './webhook-processor.ts';
import { processWebhookJob } from './webhook.jobs.ts';
import { stripeWebhookRoutes } from './webhooks.routes.ts';

/** Stripe webhooks in (issue 10, item 4): the route stores and queues; the job dispatches to the handlers. */
export function paymentWebhookRoutes(deps: { db: Db; clock: Clock; jobs: Jobs; config: Pick<Config, 'payments'> }): FastifyPluginAsyncZod {
  const ingest = new WebhookIngestService({
    db: deps.db,
    clock: deps.clock,
    jobs: deps.jobs,
    repository: new WebhookEventsRepository(),
    webhookSecret: deps.config.payments.webhookSecret,
  });
  return stripeWebhookRoutes(ingest);
}

export async function registerPaymentWebhookJobs(deps: { db: Db; clock: Clock; jobs: Jobs; handlers: WebhookHandlerRegistry }): Promise<void> {
  const processor = new WebhookProcessor({ db: deps.db, clock: deps.clock, repository: new WebhookEventsRepository(), handlers: deps.handlers });
  await deps.jobs.register(processWebhookJob(processor));
}

import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Db } from '../../../platform/db/database.ts';
import type { DeliveryRecord, LocalDeliveriesRepository } from './local-deliveries.repository.ts';
import type { LocalEventDelivery } from './local-event-delivery.service.ts';
import { DeliveriesQuerySchema, DeliveriesSchema, ResendParamsSchema, ResendReceiptSchema } from './local-delivery.schemas.ts';

function statusOf(record: DeliveryRecord): 'pending' | 'delivered' | 'failing' {
  if (record.deliveredAt) return 'delivered';
  return record.attempts === 0 ? 'pending' : 'failing';
}

/**
 * Development only, and only with the local Stripe (app.ts): what became of its events' webhook
 * deliveries, and "Resend" as on Stripe's dashboard. Public like the other dev tools: the server
 * registers none of them in production.
 */
export function localDeliveryRoutes(deps: { db: Db; delivery: LocalEventDelivery; repository: LocalDeliveriesRepository }): FastifyPluginAsyncZod {
  return async (app) => {
    app.post(
      '/dev/stripe/events/:id/resend',
      {
        config: { access: 'public' },
        schema: {
          tags: ['dev'],
          summary: 'Deliver a local Stripe event to our webhook endpoint once more',
          description:
            'Development only, with the local Stripe. Queues one more signed delivery of the event (retried with backoff like the first), ' +
            'whatever became of the earlier ones; the endpoint stores each event once, so a resend of a delivered event changes nothing. 404 for an unknown event.',
          params: ResendParamsSchema,
          response: { 202: ResendReceiptSchema },
        },
      },
      async (request, reply) => reply.status(202).send(await deps.delivery.resend(request.params.id)),
    );

    app.get(
      '/dev/stripe/deliveries',
      {
        config: { access: 'public' },
        schema: {
          tags: ['dev'],
          summary: "The webhook deliveries of local Stripe events: attempts, last answer, when delivered",
          description: 'Development only, with the local Stripe. For the events named in `eventIds` (a dashboard page), in the order asked.',
          querystring: DeliveriesQuerySchema,
          response: { 200: DeliveriesSchema },
        },
      },
      async (request) => {
        const records = await deps.repository.find(deps.db, request.query.eventIds);
        const byId = new Map(records.map((record) => [record.eventId, record]));
        const items = request.query.eventIds.flatMap((id) => {
          const record = byId.get(id);
          if (!record) return [];
          return [
            {
              eventId: record.eventId,
              eventType: record.eventType,
              status: statusOf(record),
              attempts: record.attempts,
              lastStatus: record.lastStatus,
              lastError: record.lastError,
              queuedAt: record.queuedAt.toISOString(),
              lastAttemptAt: record.lastAttemptAt?.toISOString() ?? null,
              deliveredAt: record.deliveredAt?.toISOString() ?? null,
            },
          ];
        });
        return { items };
      },
    );
  };
}

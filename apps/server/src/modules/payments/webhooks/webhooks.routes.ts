import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { RouteRateLimit } from '../../../platform/http/rate-limit.ts';
import type { WebhookIngestService } from './webhook-ingest.service.ts';
import { StripeEventBodySchema, StripeSignatureHeadersSchema, WebhookReceiptSchema } from './webhooks.schemas.ts';

/**
 * Per sending address, like the other public writes, sized for Stripe: it delivers from a few
 * addresses in bursts, and retries a 429 later like any non-2xx, so nothing is lost at the limit.
 */
const WEBHOOK_LIMIT: RouteRateLimit[] = [{ name: 'stripe-webhooks', policy: { limit: 1200, periodMs: 60_000 }, by: 'ip' }];

/** POST /payments/webhooks/stripe: public, the signature is the authentication. */
export function stripeWebhookRoutes(ingest: WebhookIngestService): FastifyPluginAsyncZod {
  return async (app) => {
    // This plugin's routes only: JSON (Stripe sends application/json; charset=utf-8) stays the
    // exact bytes Stripe signed; any other type is refused with 415 before anything reads it.
    app.removeAllContentTypeParsers();
    app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));

    app.post(
      '/payments/webhooks/stripe',
      {
        // Anonymous: the caller is Stripe whatever Authorization says; a token sent here is never looked up.
        config: { access: 'public', anonymous: true, rateLimit: WEBHOOK_LIMIT },
        schema: {
          tags: ['payments'],
          summary: 'Receive a Stripe webhook event (signed; stored once by event id, processed by a job)',
          description:
            'For Stripe (and the local Stripe in development) only. The raw body is verified with the endpoint secret ' +
            '(STRIPE_WEBHOOK_SECRET) and a 300 s tolerance on the signature timestamp, judged by the marketplace clock. ' +
            'A missing or wrong signature, a stale timestamp, or a signed body that is not a v1 event answers 400 and stores nothing. ' +
            'An event is stored by its id and processed once by a background job; a repeated delivery answers 200 with `duplicate: true`.',
          consumes: ['application/json'],
          headers: StripeSignatureHeadersSchema,
          body: StripeEventBodySchema,
          response: { 200: WebhookReceiptSchema },
        },
      },
      async (request) => {
        const body = Buffer.isBuffer(request.body) ? request.body : undefined;
        const header = request.headers['stripe-signature'];
        const result = await ingest.receive(body, typeof header === 'string' ? header : undefined);
        return { received: true as const, ...result };
      },
    );
  };
}

import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { IdempotencyHeadersSchema, InstantPayoutBodySchema, OnboardingLinkSchema, PayoutSchema, PayoutsOverviewSchema, PayoutsQuerySchema } from './payouts.schemas.ts';
import type { PayoutsService } from './payouts.service.ts';

/** Every call here reaches the provider; this bounds a runaway client, not a person. */
const PROVIDER_LIMIT = (name: string) => [{ name, policy: { limit: 30, periodMs: 60 * 60_000 }, by: 'user' as const }];

/** The signed-in instructor's payouts (issue 10 item 2). */
export function payoutsRoutes(payouts: PayoutsService): FastifyPluginAsyncZod {
  return async (app) => {
    app.post(
      '/me/payouts/onboarding',
      {
        config: { access: 'payouts:manage_own', rateLimit: PROVIDER_LIMIT('payouts-onboarding') },
        schema: {
          tags: ['payouts'],
          summary: 'Set up (or continue setting up) payouts',
          description:
            "Creates your payout account at Stripe the first time, then answers a fresh link to Stripe's hosted onboarding. Stripe sends you back to /instructor/payouts?onboarding=return (done or left) or ?onboarding=refresh (the link expired: ask again).",
          response: { 201: OnboardingLinkSchema },
        },
      },
      async (request, reply) => reply.status(201).send(await payouts.startOnboarding(request.principal)),
    );

    app.get(
      '/me/payouts',
      {
        config: { access: 'payouts:read_own' },
        schema: {
          tags: ['payouts'],
          summary: 'Your payout account, balance and payouts',
          description: 'The status comes from Stripe’s account.updated events; `refresh=true` re-reads it from Stripe first.',
          querystring: PayoutsQuerySchema,
          response: { 200: PayoutsOverviewSchema },
        },
      },
      async (request) => payouts.overview(request.principal, { refresh: request.query.refresh }),
    );

    app.post(
      '/me/payouts/instant',
      {
        config: { access: 'payouts:manage_own', rateLimit: PROVIDER_LIMIT('payouts-instant') },
        schema: {
          tags: ['payouts'],
          summary: 'Pay out now (instant payout)',
          description:
            'Sends `amountCents` of your instant-available balance to your bank within about 30 minutes; the instant payout fee (instantFeeBasisPoints of GET /me/payouts, 2%) is taken from it. 422 above the instant-available balance; 409 before payouts are set up, or while another instant payout of yours is still being made (they run one at a time; try again). With an Idempotency-Key header a retry answers the first payout.',
          headers: IdempotencyHeadersSchema,
          body: InstantPayoutBodySchema,
          response: { 201: PayoutSchema },
        },
      },
      async (request, reply) =>
        reply.status(201).send(await payouts.instantPayout(request.principal, { amountCents: request.body.amountCents, idempotencyKey: request.headers['idempotency-key'] })),
    );
  };
}

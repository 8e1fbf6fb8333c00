import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { IdentityQuerySchema, IdentitySessionSchema, IdentityStatusSchema } from './identity.schemas.ts';
import type { IdentityService } from './identity.service.ts';

/** Each session is created at the provider; this bounds a runaway client, not a person. */
const SESSION_LIMIT = [{ name: 'identity-session', policy: { limit: 20, periodMs: 60 * 60_000 }, by: 'user' as const }];

/** The signed-in person's identity verification (issue 10 item 3). */
export function identityRoutes(identity: IdentityService): FastifyPluginAsyncZod {
  return async (app) => {
    app.post(
      '/me/identity/session',
      {
        config: { access: 'identity:verify_own', rateLimit: SESSION_LIMIT },
        schema: {
          tags: ['identity'],
          summary: 'Start verifying your identity',
          description: "A new Stripe Identity session (a photo ID and a selfie) and its hosted page. 409 once you are verified.",
          response: { 201: IdentitySessionSchema },
        },
      },
      async (request, reply) => reply.status(201).send(await identity.startSession(request.principal)),
    );

    app.get(
      '/me/identity',
      {
        config: { access: 'identity:verify_own' },
        schema: {
          tags: ['identity'],
          summary: 'Your identity verification',
          description: 'From Stripe Identity’s events; `refresh=true` re-reads your latest session from Stripe first.',
          querystring: IdentityQuerySchema,
          response: { 200: IdentityStatusSchema },
        },
      },
      async (request) => identity.status(request.principal, { refresh: request.query.refresh }),
    );
  };
}

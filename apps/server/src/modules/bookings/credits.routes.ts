import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { CreditsService } from './credits.service.ts';

const instant = z.string().datetime({ offset: true });

export const MyCreditsSchema = z
  .object({
    balanceCents: z.number().int().describe('Usable now (not expired), applied automatically at checkout oldest first'),
    history: z.array(
      z.discriminatedUnion('kind', [
        z.object({ kind: z.literal('issued'), at: instant, cents: z.number().int(), creditId: z.string(), reason: z.enum(['late_cancellation', 'referral', 'admin_adjustment', 'refund']), expiresAt: instant, bookingId: z.string().nullable() }),
        z.object({ kind: z.literal('used'), at: instant, cents: z.number().int(), creditId: z.string(), bookingId: z.string() }),
        z.object({ kind: z.literal('expired'), at: instant, cents: z.number().int(), creditId: z.string() }),
      ]),
    ),
  })
  .meta({ id: 'MyCredits' });

/** The signed-in student's platform credits (issue 11 item 8). */
export function creditsRoutes(credits: CreditsService): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/me/credits',
      {
        config: { access: 'bookings:read:own' },
        schema: {
          tags: ['bookings'],
          summary: 'Your platform credits',
          description: 'The balance usable now and the history: issued, used by a booking, expired (a year after issue).',
          response: { 200: MyCreditsSchema },
        },
      },
      async (request) => credits.mine(request.principal),
    );
  };
}

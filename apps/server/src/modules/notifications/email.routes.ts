import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { OutboxEmailAdapter } from '../../integrations/email/outbox.ts';

const OutboxEmail = z
  .object({
    id: z.string().describe('ULID; also the "provider message id" the outbox returned'),
    to: z.string(),
    from: z.string(),
    subject: z.string(),
    html: z.string(),
    text: z.string(),
    createdAt: z.iso.datetime(),
  })
  .meta({ id: 'DevOutboxEmail' });

/**
 * Development only (registered outside production): what the local email outbox "delivered",
 * for the /dev/mailbox page and for tests. Public because it exists only on a developer's
 * machine; it shows everything, including password-reset links.
 */
export function emailDevRoutes(outbox: OutboxEmailAdapter): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/dev/outbox/email',
      {
        config: { access: 'public' },
        schema: {
          tags: ['dev'],
          summary: 'Emails the local outbox holds, newest first (development only)',
          description:
            'Development only: every email the local outbox \'sent\' (when Resend is not configured), newest first, with subject, text and links; /dev/mailbox shows them in a page.',
          querystring: z.object({
            to: z.string().trim().min(1).max(254).optional().describe('Only messages to this address (case-insensitive)'),
            limit: z.coerce.number().int().min(1).max(200).default(50).describe('At most this many messages (1–200)'),
          }),
          response: { 200: z.object({ items: z.array(OutboxEmail) }) },
        },
      },
      async (request, reply) => {
        reply.header('Cache-Control', 'no-store');
        const messages = await outbox.list({ to: request.query.to, limit: request.query.limit });
        return { items: messages.map(({ tags: _tags, createdAt, ...message }) => ({ ...message, createdAt: createdAt.toISOString() })) };
      },
    );
  };
}

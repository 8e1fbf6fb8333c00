import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { listOutboxSms } from '../../integrations/sms/outbox.ts';
import { E164_PATTERN } from '../../integrations/sms/sms.port.ts';
import type { Db } from '../../platform/db/database.ts';

const OutboxSmsItem = z
  .object({
    id: z.string().describe("The fake provider's message sid ('SM' + 32 hex digits)"),
    to: z.string(),
    from: z.string(),
    body: z.string(),
    segments: z.number().int(),
    createdAt: z.string(),
  })
  .meta({ id: 'DevOutboxSms' });

/** Development only (never registered in production): what the local SMS outbox "sent". */
export function smsOutboxRoutes(deps: { db: Db }): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/dev/outbox/sms',
      {
        config: { access: 'public' },
        schema: {
          tags: ['dev'],
          summary: 'SMS held by the local outbox (when Twilio is not configured), newest first',
          description:
            'Development only: every SMS the local outbox \'sent\' (when Twilio is not configured), newest first.',
          querystring: z.object({
            to: z.string().regex(E164_PATTERN, 'must be an E.164 number like +12125550100').optional(),
            limit: z.coerce.number().int().min(1).max(200).default(50),
          }),
          response: { 200: z.object({ items: z.array(OutboxSmsItem) }) },
        },
      },
      async (request) => {
        const items = await listOutboxSms(deps.db, request.query);
        return { items: items.map((item) => ({ ...item, createdAt: item.createdAt.toISOString() })) };
      },
    );
  };
}

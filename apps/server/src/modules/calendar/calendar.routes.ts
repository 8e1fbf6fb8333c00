import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { CalendarService } from './calendar.service.ts';

const CalendarFeedSchema = z
  .object({
    url: z.string().describe('The private feed address (https); anyone with it can read your lessons, so share it only with your calendar app'),
    webcalUrl: z.string().describe('The same feed as webcal://, which opens "subscribe" in most calendar apps'),
    rotatedAt: z.string().describe('When this address was made (first read or latest rotation)'),
  })
  .meta({ id: 'CalendarFeed' });

/** The rate limit's subject: the feed asked for (the limiter hashes computed keys). */
const feedOf = (request: FastifyRequest) => `calendar-feed:${(request.params as { token?: string }).token ?? ''}`;

/** Calendar feeds (issue 11 item 12): the feed itself by token, and its owner's address and rotation. */
export function calendarRoutes(calendar: CalendarService): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/calendar/:token.ics',
      {
        // Calendar apps send no credentials: the token in the path is the secret. Counted per
        // feed, not per address: Google and Outlook fetch every subscriber's feed from a few addresses.
        config: { access: 'public', anonymous: true, rateLimit: [{ name: 'calendar-feed', policy: { limit: 120, periodMs: 60 * 60_000 }, by: feedOf }] },
        schema: {
          tags: ['calendar'],
          summary: 'A private calendar feed (iCalendar)',
          description:
            'Your lessons as a student and as an instructor, upcoming and from the last 90 days, as an RFC 5545 calendar (times in UTC; cancelled lessons as cancelled events). No login: the token is the secret. 404 for an unknown, rotated or malformed token.',
          params: z.object({ token: z.string().describe('The feed token from GET /me/calendar') }),
          produces: ['text/calendar'],
          response: { 200: z.string().describe('text/calendar; charset=utf-8') },
        },
      },
      async (request, reply) => {
        const body = await calendar.feed(request.params.token);
        // Private to its owner: never kept by a shared cache.
        return reply.header('cache-control', 'private, no-cache').type('text/calendar; charset=utf-8').send(body);
      },
    );

    app.get(
      '/me/calendar',
      {
        config: { access: 'calendar:manage_own' },
        schema: {
          tags: ['calendar'],
          summary: 'Your private calendar feed address',
          description: 'The address to subscribe to in Google, Apple or Outlook calendar; made on the first read, the same afterwards until you rotate it.',
          response: { 200: CalendarFeedSchema },
        },
      },
      async (request) => calendar.myFeed(request.principal),
    );

    app.post(
      '/me/calendar/rotate',
      {
        config: { access: 'calendar:manage_own', rateLimit: [{ name: 'calendar-rotate', policy: { limit: 20, periodMs: 60 * 60_000 }, by: 'user' as const }] },
        schema: {
          tags: ['calendar'],
          summary: 'Replace your calendar feed address',
          description: 'Makes a new address; the old one stops working at once (404). Use it if the address was shared by mistake.',
          response: { 200: CalendarFeedSchema },
        },
      },
      async (request) => calendar.rotate(request.principal),
    );
  };
}

import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { BOOKING_STATUSES, PAYMENT_STATES } from './booking-states.ts';
import { BookingParamsSchema } from './bookings.schemas.ts';
import type { NoShowsService } from './no-shows.service.ts';

const instant = z.string().datetime({ offset: true });
const side = z.enum(['student', 'instructor']);

export const NoShowSchema = z
  .object({
    bookingId: z.string(),
    reporter: side,
    absent: side.describe('The side the report says was absent'),
    reportedAt: instant,
    disputeDeadline: instant.describe('The absent side may dispute until this instant'),
    disputedAt: instant.nullable(),
    disputeNote: z.string().nullable(),
    resolvedAt: instant.nullable(),
    finding: z.enum(['student', 'instructor', 'nobody']).nullable(),
    status: z.enum(BOOKING_STATUSES),
    paymentState: z.enum(PAYMENT_STATES),
  })
  .meta({ id: 'NoShowReport' });

export const DisputeBodySchema = z.object({ note: z.string().trim().min(1).max(1000).optional().describe('What happened, for the admin who decides') });
export const ResolveBodySchema = z.object({ absent: z.enum(['student', 'instructor', 'nobody']).describe('Who was absent; nobody: the lesson took place') });

/** No-show reports, disputes and the admin queue (issue 11 item 7). */
export function noShowsRoutes(noShows: NoShowsService): FastifyPluginAsyncZod {
  return async (app) => {
    app.post(
      '/bookings/:id/no-show',
      {
        config: { access: 'bookings:read:own' },
        schema: {
          tags: ['bookings'],
          summary: 'Report that the other side did not come',
          description: 'By the student or the instructor, from the lesson end until 24 h after it; once per booking. 409 `no_show_too_early`, `no_show_window_closed`, `no_show_already_reported`.',
          params: BookingParamsSchema,
          response: { 201: NoShowSchema },
        },
      },
      async (request, reply) => reply.status(201).send(await noShows.report(request.principal, request.params.id)),
    );

    app.post(
      '/bookings/:id/no-show/dispute',
      {
        config: { access: 'bookings:read:own' },
        schema: {
          tags: ['bookings'],
          summary: 'Dispute a no-show report',
          description: 'By the side reported absent, within 24 h of the report; an admin then decides. 409 `dispute_window_closed`.',
          params: BookingParamsSchema,
          body: DisputeBodySchema,
          response: { 200: NoShowSchema },
        },
      },
      async (request) => noShows.dispute(request.principal, request.params.id, request.body),
    );

    app.get(
      '/admin/bookings/no-shows',
      {
        config: { access: 'bookings:manage:any' },
        schema: {
          tags: ['bookings'],
          summary: 'No-show reports awaiting a finding',
          description: 'Unresolved reports, disputed ones first.',
          response: { 200: z.object({ items: z.array(NoShowSchema) }) },
        },
      },
      async (request) => noShows.openReports(request.principal),
    );

    app.post(
      '/admin/bookings/:id/no-show/resolve',
      {
        config: { access: 'bookings:manage:any' },
        schema: {
          tags: ['bookings'],
          summary: 'Decide a no-show report',
          description: "The instructor absent: the student is refunded in full and it counts against the instructor; the student absent or nobody: the instructor is paid by the payment timeline's capture.",
          params: BookingParamsSchema,
          body: ResolveBodySchema,
          response: { 200: NoShowSchema },
        },
      },
      async (request) => noShows.adminResolve(request.principal, request.params.id, request.body),
    );
  };
}

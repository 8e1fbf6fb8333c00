import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { BOOKING_STATUSES, PAYMENT_STATES } from './booking-states.ts';
import type { BookingChangesService } from './booking-changes.service.ts';
import { BookingParamsSchema, lessonStart } from './bookings.schemas.ts';

const instant = z.string().datetime({ offset: true });

export const CancellationSchema = z
  .object({
    bookingId: z.string(),
    tier: z.enum(['free', 'late', 'very_late', 'instructor', 'payment_failed']).describe('free: > 24 h before the original start; late: 12–24 h; very_late: < 12 h; instructor: the instructor cancels'),
    cardAction: z.enum(['none', 'release', 'capture', 'charge', 'refund']).describe('What happens on the card'),
    cardChargeCents: z.number().int().describe('What the card pays in the end'),
    releaseAuthorization: z.boolean(),
    refundCents: z.number().int(),
    creditIssuedCents: z.number().int().describe('New platform credit for the student (the late tier: the lesson price)'),
    creditsReturnedCents: z.number().int().describe('Credits used at checkout that come back'),
    instructorPaid: z.boolean(),
    instructorCents: z.number().int(),
    platformKeepsCents: z.number().int(),
    countsAgainstInstructor: z.boolean(),
    summary: z.string().describe('The same in plain words'),
    freeUntil: instant.nullable().describe('Free cancellation before this instant (by the original start)'),
    lateUntil: instant.nullable().describe('The 12–24 h tier up to this instant included'),
  })
  .meta({ id: 'BookingCancellation' });

export const RescheduleBodySchema = z.object({
  startsAt: lessonStart.describe('The new start: one of the open slots (GET /instructors/{id}/slots), ISO-8601'),
});

export const RescheduleSchema = z
  .object({
    bookingId: z.string(),
    startsAt: instant,
    endsAt: instant,
    originalStartsAt: instant.describe('Unchanged: the cancellation terms still count from here'),
    rescheduleCount: z.number().int(),
    reschedulesLeft: z.number().int(),
    paymentState: z.enum(PAYMENT_STATES),
  })
  .meta({ id: 'BookingReschedule' });

/** Cancelling and rescheduling (issue 11 items 5 and 6). */
export function bookingChangesRoutes(changes: BookingChangesService): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/bookings/:id/cancellation-preview',
      {
        config: { access: 'bookings:read:own' },
        schema: {
          tags: ['bookings'],
          summary: 'What cancelling would do to the money',
          description: `Exactly what POST …/cancel would do now, for the booking's student or instructor (404 for anyone else). Once cancelled, the cancellation's own outcome. Statuses: ${BOOKING_STATUSES.join(', ')}.`,
          params: BookingParamsSchema,
          response: { 200: CancellationSchema },
        },
      },
      async (request) => changes.cancellationPreview(request.principal, request.params.id),
    );

    app.post(
      '/bookings/:id/cancel',
      {
        config: { access: 'bookings:cancel:own' },
        schema: {
          tags: ['bookings'],
          summary: 'Cancel a booking',
          description:
            'By its student or its instructor, before the lesson starts. The money moves by the tier of the original start (see the preview). Cancelling again answers the same outcome and charges nothing more. 409 `lesson_started` once the lesson started; 409 `payment_step_in_flight` while a payment step runs.',
          params: BookingParamsSchema,
          response: { 200: CancellationSchema },
        },
      },
      async (request) => changes.cancel(request.principal, request.params.id),
    );

    app.post(
      '/bookings/:id/reschedule',
      {
        config: { access: 'bookings:cancel:own' },
        schema: {
          tags: ['bookings'],
          summary: 'Move a lesson to another open time',
          description:
            'The student only, at most twice, before the lesson starts; the cancellation terms stay on the original start. 409 `slot_taken` when the time is not open; 409 `reschedule_limit_reached` after two moves. A lesson whose card is not held yet, moved to within 24 h, has the card authorized first (as a booking made that late): 422 `card_declined` when it is declined — the lesson stays at its time and its card must be updated.',
          params: BookingParamsSchema,
          body: RescheduleBodySchema,
          response: { 200: RescheduleSchema },
        },
      },
      async (request) => changes.reschedule(request.principal, request.params.id, request.body),
    );
  };
}

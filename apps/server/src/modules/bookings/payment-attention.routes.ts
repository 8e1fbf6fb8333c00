import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { BOOKING_STATUSES, PAYMENT_STATES } from './booking-states.ts';
import type { PaymentAttentionService } from './payment-attention.service.ts';

export const PaymentAttentionSchema = z
  .object({
    bookingId: z.string(),
    status: z.enum(BOOKING_STATUSES),
    paymentState: z.enum(PAYMENT_STATES),
    step: z
      .enum(['capture', 'transfer', 'authorize'])
      .describe(
        "capture: the provider refused the lesson's capture; transfer: the instructor's share could not be transferred after every attempt; authorize: the lesson was given before its card could be authorized (the timeline was down until its end), and the card declined",
      ),
    attempts: z.number().int(),
    amountCents: z.number().int().nullable(),
    reason: z.string().nullable().describe("The provider's answer"),
    failedAt: z.string().datetime({ offset: true }),
    studentId: z.string(),
    instructorId: z.string(),
  })
  .meta({ id: 'PaymentAttention' });

/** The admins' list of bookings whose money the payment timeline left for them (issue 11 fixes 3 and 4). */
export function paymentAttentionRoutes(attention: PaymentAttentionService): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/admin/bookings/payment-attention',
      {
        config: { access: 'bookings:manage:any' },
        schema: {
          tags: ['bookings'],
          summary: 'Bookings whose payment needs an admin',
          description: "Captures the provider refused and instructors' transfers refused at every attempt, newest first. The payment timeline does not retry these.",
          response: { 200: z.object({ items: z.array(PaymentAttentionSchema) }) },
        },
      },
      async (request) => attention.list(request.principal),
    );
  };
}

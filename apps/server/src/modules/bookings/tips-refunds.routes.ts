import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { BookingRefundsService } from './booking-refunds.service.ts';
import type { BookingTipsService } from './booking-tips.service.ts';
import { PAYMENT_STATES } from './booking-states.ts';
import { BookingParamsSchema, IdempotencyHeadersSchema } from './bookings.schemas.ts';
import { TIP_MAX_CENTS, TIP_MIN_CENTS } from './tips-refunds.policy.ts';

const instant = z.string().datetime({ offset: true });
const MONEY_STATES = ['pending', 'succeeded', 'failed'] as const;

export const TipBodySchema = z.object({
  amountCents: z.number().int().min(TIP_MIN_CENTS).max(TIP_MAX_CENTS).describe('The tip in cents, $1–$500; all of it goes to the instructor'),
});

export const TipSchema = z
  .object({
    id: z.string(),
    bookingId: z.string(),
    amountCents: z.number().int(),
    state: z.enum(MONEY_STATES).describe('pending: being charged (a retry finishes it); succeeded: charged and transferred to the instructor; failed: the card refused it'),
    failure: z.string().nullable(),
    createdAt: instant,
    finishedAt: instant.nullable(),
  })
  .meta({ id: 'BookingTip' });

export const RefundBodySchema = z.object({
  amountCents: z.number().int().min(1).optional().describe('Cents to give back; omitted: everything left to refund'),
  reason: z.string().trim().min(1).max(1000).describe('Why, for the audit'),
});

export const RefundSchema = z
  .object({
    id: z.string(),
    bookingId: z.string(),
    amountCents: z.number().int(),
    reason: z.string(),
    adminId: z.string().nullable(),
    state: z.enum(MONEY_STATES),
    instructorReversedCents: z.number().int().describe("Taken back from the instructor's transfer, in proportion to the refund"),
    refundedTotalCents: z.number().int(),
    remainingCents: z.number().int().describe('Still refundable'),
    paymentState: z.enum(PAYMENT_STATES),
    createdAt: instant,
    finishedAt: instant.nullable(),
  })
  .meta({ id: 'BookingRefund' });

/** Tips after a lesson and admins' refunds (issue 11 items 9 and 10). */
export function tipsRefundsRoutes(tips: BookingTipsService, refunds: BookingRefundsService): FastifyPluginAsyncZod {
  return async (app) => {
    app.post(
      '/bookings/:id/tip',
      {
        config: { access: 'bookings:create' },
        schema: {
          tags: ['bookings'],
          summary: 'Tip the instructor after a lesson',
          description:
            "The booking's student, once the lesson is completed and up to 30 days after it; one tip per lesson. Charged at once to the card saved on the booking, 100% to the instructor (the platform bears the card fee). 409 `lesson_not_completed`, `tip_window_closed`, `tip_already_given`; 422 `card_declined` (nothing charged; try again) or `no_saved_card`. With an Idempotency-Key a retry answers the same tip; the same key with another amount is 422 `idempotency_key_reused`.",
          params: BookingParamsSchema,
          headers: IdempotencyHeadersSchema,
          body: TipBodySchema,
          response: { 201: TipSchema },
        },
      },
      async (request, reply) => reply.status(201).send(await tips.tip(request.principal, request.params.id, request.body, request.headers['idempotency-key'])),
    );

    app.post(
      '/admin/bookings/:id/refund',
      {
        config: { access: 'bookings:manage:any' },
        schema: {
          tags: ['bookings'],
          summary: "Refund a booking's payment, fully or in part",
          description:
            "Admins only. Only a captured payment, never more than what is left to refund (422 naming body.amountCents). The instructor's transfer is reversed in proportion; the booking's payment becomes partially_refunded or refunded. 409 `not_refundable`, `already_refunded`, `payment_step_in_flight`. With an Idempotency-Key a retry answers the same refund and refunds nothing more.",
          params: BookingParamsSchema,
          headers: IdempotencyHeadersSchema,
          body: RefundBodySchema,
          response: { 201: RefundSchema },
        },
      },
      async (request, reply) => reply.status(201).send(await refunds.refund(request.principal, request.params.id, request.body, request.headers['idempotency-key'])),
    );
  };
}

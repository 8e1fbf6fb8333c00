import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  BookingParamsSchema,
  BookingWithAuthenticationSchema,
  BookingsPageSchema,
  ChangeBookingCardBodySchema,
  CreateBookingBodySchema,
  IdempotencyHeadersSchema,
  MyBookingsQuerySchema,
  QuoteQuerySchema,
  QuoteSchema,
} from './bookings.schemas.ts';
import type { BookingAuthentication } from './booking-authentication.ts';
import { BookingDetailSchema } from './booking-detail.ts';
import type { BookingCardChange } from './booking-card-change.service.ts';
import type { BookingsService } from './bookings.service.ts';

/** Booking a lesson and reading bookings (issue 11 items 1 and 11); 3-D Secure at booking; paying a lesson whose card was refused. */
export function bookingsRoutes(bookings: BookingsService, authentication: BookingAuthentication, cardChange: BookingCardChange): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/bookings/quote',
      {
        config: { access: 'bookings:create' },
        schema: {
          tags: ['bookings'],
          summary: 'The price of a lesson, before booking it',
          description: 'The lesson price for this length, the 12% booking fee, your credits applied oldest first, and what your card would pay.',
          querystring: QuoteQuerySchema,
          response: { 200: QuoteSchema },
        },
      },
      async (request) => bookings.quote(request.principal, request.query),
    );

    app.post(
      '/bookings',
      {
        config: { access: 'bookings:create', rateLimit: [{ name: 'bookings-create', policy: { limit: 60, periodMs: 60 * 60_000 }, by: 'user' as const }] },
        schema: {
          tags: ['bookings'],
          summary: 'Book a lesson',
          description:
            'Holds the time (pending_payment, 10 minutes) and confirms the booking once the card is valid: a saved card, authorized at once when the lesson is less than 24 h away. ' +
            '202 when your bank asks you to confirm that authorization (3-D Secure): the booking stays pending_payment, its time held, and `paymentAuthentication` says where to send the browser; then POST /bookings/{id}/confirm. ' +
            '409 `slot_taken` when the time is not open (someone else got it); 409 `student_busy` when you have a lesson then; 422 `card_declined` when the immediate authorization is refused (the time is released). With an Idempotency-Key a retry answers the same booking; the same key with another request is 422 `idempotency_key_reused`.',
          headers: IdempotencyHeadersSchema,
          body: CreateBookingBodySchema,
          response: { 201: BookingWithAuthenticationSchema, 202: BookingWithAuthenticationSchema },
        },
      },
      async (request, reply) => {
        const { booking, authentication: paymentAuthentication } = await bookings.create(request.principal, request.body, request.headers['idempotency-key']);
        return reply.status(paymentAuthentication ? 202 : 201).send({ ...booking, paymentAuthentication });
      },
    );

    app.post(
      '/bookings/:id/confirm',
      {
        config: { access: 'bookings:create' },
        schema: {
          tags: ['bookings'],
          summary: 'Confirm a booking after 3-D Secure',
          description:
            "After your bank's check (3-D Secure) for a booking answered 202: the payment is read at the provider and the booking confirmed when it is authorized (200, status confirmed). " +
            'Still waiting for the bank: 200 with `paymentAuthentication` again. 422 `authentication_failed` when the bank refused (nothing is booked, the time is released); 422 `hold_expired` when the 10 minutes ran out. Safe to repeat; only the student who booked may ask (404 otherwise).',
          params: BookingParamsSchema,
          response: { 200: BookingWithAuthenticationSchema },
        },
      },
      async (request) => {
        const confirmed = await authentication.confirm(request.principal, request.params.id);
        // A booked lesson whose new card waited for the bank (POST /bookings/{id}/payment-method).
        const { row, authentication: paymentAuthentication } = confirmed.row.status === 'confirmed' ? await cardChange.confirm(confirmed.row) : confirmed;
        return { ...(await bookings.get(request.principal, row.id)), paymentAuthentication };
      },
    );

    app.post(
      '/bookings/:id/payment-method',
      {
        config: { access: 'bookings:create' },
        schema: {
          tags: ['bookings'],
          summary: 'Pay a lesson with another card',
          description:
            'When the lesson’s card was refused (paymentState authorization_failed, the payment_failed email), or before its authorization: sets one of your saved cards on the booking and, the lesson being less than 24 h away, authorizes it at once (200, paymentState authorized). ' +
            '202 when your bank asks you to confirm (3-D Secure): send the browser through `paymentAuthentication`, then POST /bookings/{id}/confirm. 422 `card_declined` when this card is refused too (choose another); 422 naming body.paymentMethodId when the card is not one of yours. ' +
            '409 `payment_not_changeable` when the lesson is already paid or no longer booked; 409 `payment_too_late` from 6 h before the lesson (unpaid lessons are cancelled then); 409 `payment_in_progress` while an authorization is being made. ' +
            'Safe to repeat: a lesson already paid with this card answers as it is. Only the student who booked may ask (404 otherwise).',
          headers: IdempotencyHeadersSchema,
          params: BookingParamsSchema,
          body: ChangeBookingCardBodySchema,
          response: { 200: BookingWithAuthenticationSchema, 202: BookingWithAuthenticationSchema },
        },
      },
      async (request, reply) => {
        const { row, authentication: paymentAuthentication } = await cardChange.setCard(request.principal, request.params.id, request.body.paymentMethodId);
        return reply.status(paymentAuthentication ? 202 : 200).send({ ...(await bookings.get(request.principal, row.id)), paymentAuthentication });
      },
    );

    app.get(
      '/bookings/:id',
      {
        config: { access: 'bookings:read:own' },
        schema: {
          tags: ['bookings'],
          summary: 'One booking',
          description: 'For its student, its instructor and admins; 404 for anyone else. With its payment timeline, what you may do with it now (`allowedActions`, by the rules the action routes apply), the moves left, the no-show report and the tip.',
          params: BookingParamsSchema,
          response: { 200: BookingDetailSchema },
        },
      },
      async (request) => bookings.get(request.principal, request.params.id),
    );

    app.get(
      '/me/bookings',
      {
        config: { access: 'bookings:read:own' },
        schema: {
          tags: ['bookings'],
          summary: 'Your lessons',
          description: 'As a student (role=student) or as an instructor (role=instructor): upcoming (holding time, soonest first), past, or cancelled (expired holds too), a page at a time.',
          querystring: MyBookingsQuerySchema,
          response: { 200: BookingsPageSchema },
        },
      },
      async (request) => bookings.list(request.principal, request.query),
    );
  };
}

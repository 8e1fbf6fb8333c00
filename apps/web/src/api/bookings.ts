import { infiniteQueryOptions, queryOptions } from '@tanstack/react-query';
import { ACCOUNT_KEY } from './account';
import { api } from './client';
import { unwrap } from './request';
import type { components, paths } from './schema';

export type Booking = components['schemas']['Booking'];
/** One booking as its page reads it: with the payment timeline. */
export type BookingDetail = components['schemas']['BookingDetail'];
export type PaymentTimeline = components['schemas']['PaymentTimeline'];
export type CancellationOutcome = components['schemas']['BookingCancellation'];
export type RescheduleOutcome = components['schemas']['BookingReschedule'];
export type NoShowReport = components['schemas']['NoShowReport'];
/** The no-show report as the booking's page reads it. */
export type BookingNoShow = components['schemas']['BookingNoShow'];
export type BookingTip = components['schemas']['BookingTip'];
/** What the reader may do with a lesson now: the API's answer, by the rules its routes apply. */
export type AllowedActions = components['schemas']['BookingAllowedActions'];
export type BookingQuote = components['schemas']['BookingQuote'];
/** The answer to booking: with what the student's bank needs while it waits for them (3-D Secure). */
export type BookingWithAuthentication = components['schemas']['BookingWithAuthentication'];
export type PaymentAuthentication = NonNullable<BookingWithAuthentication['paymentAuthentication']>;
export type BookingRequest = NonNullable<paths['/api/v1/bookings']['post']['requestBody']>['content']['application/json'];
export type QuoteRequest = paths['/api/v1/bookings/quote']['get']['parameters']['query'];
export type LessonType = Booking['locationType'];
export type BookingStatus = Booking['status'];
export type PaymentState = Booking['paymentState'];
export type BookingRole = 'student' | 'instructor';
export type BookingsWhen = 'upcoming' | 'past' | 'cancelled';

/** Who may book (students): the permission the API checks on quote and create. */
export const BOOKINGS_CREATE_PERMISSION = 'bookings:create';
/** Who has lessons to list (students and instructors). */
export const BOOKINGS_READ_PERMISSION = 'bookings:read:own';

/** Under the account key: a user's lessons are dropped at log-out with the rest of their data. */
const BOOKINGS_KEY = [...ACCOUNT_KEY, 'bookings'] as const;

/** The API's price for this choice, with the student's credits applied: shown as is, never recomputed. */
export const quoteQuery = (request: QuoteRequest) =>
  queryOptions({
    queryKey: [...BOOKINGS_KEY, 'quote', request],
    queryFn: ({ signal }) => unwrap(api.GET('/api/v1/bookings/quote', { params: { query: request }, signal })),
    // A quote is read at the moment of choosing; credits may change, so it is not kept long.
    staleTime: 30_000,
  });

/**
 * Books the lesson. The key is made once per attempt by the caller: sending the same attempt
 * again (a lost answer, a double click) answers the same booking instead of a second one.
 */
export const createBooking = (body: BookingRequest, idempotencyKey: string) =>
  unwrap(api.POST('/api/v1/bookings', { body, params: { header: { 'idempotency-key': idempotencyKey } } }));

/**
 * Back from the bank's check (3-D Secure): the API reads the payment at the provider and
 * confirms the booking when it is authorized; safe to repeat.
 */
export const confirmBooking = (id: string) => unwrap(api.POST('/api/v1/bookings/{id}/confirm', { params: { path: { id } } }));

/**
 * Pays a lesson whose card was refused with another saved card: authorized at once (or 202 with
 * `paymentAuthentication` when the bank asks, then confirmBooking). Safe to repeat.
 */
export const payLessonWithCard = (id: string, paymentMethodId: string, idempotencyKey: string) =>
  unwrap(api.POST('/api/v1/bookings/{id}/payment-method', { params: { path: { id }, header: { 'idempotency-key': idempotencyKey } }, body: { paymentMethodId } }));

export const bookingQuery = (id: string) =>
  queryOptions({
    queryKey: [...BOOKINGS_KEY, 'one', id],
    queryFn: ({ signal }) => unwrap(api.GET('/api/v1/bookings/{id}', { params: { path: { id } }, signal })),
  });

/** My lessons as a student or an instructor, one tab at a time, page after page. */
export const myBookingsQuery = (role: BookingRole, when: BookingsWhen) =>
  infiniteQueryOptions({
    queryKey: [...BOOKINGS_KEY, 'mine', role, when],
    initialPageParam: null as string | null,
    queryFn: ({ pageParam, signal }) =>
      unwrap(api.GET('/api/v1/me/bookings', { params: { query: { role, when, limit: 20, ...(pageParam ? { cursor: pageParam } : {}) } }, signal })),
    getNextPageParam: (last) => last.nextCursor,
  });

/**
 * What cancelling now would do to the money (the API's own outcome, shown as is). For a lesson
 * already cancelled it is the cancellation's outcome. Never cached: the tier moves with the clock.
 */
export const cancellationPreviewQuery = (id: string) =>
  queryOptions({
    queryKey: [...BOOKINGS_KEY, 'cancellation', id],
    queryFn: ({ signal }) => unwrap(api.GET('/api/v1/bookings/{id}/cancellation-preview', { params: { path: { id } }, signal })),
    staleTime: 0,
  });

/** Cancelling twice answers the first outcome (the API), so a retried click charges nothing more. */
export const cancelBooking = (id: string) => unwrap(api.POST('/api/v1/bookings/{id}/cancel', { params: { path: { id } } }));

export const rescheduleBooking = (id: string, startsAt: string) =>
  unwrap(api.POST('/api/v1/bookings/{id}/reschedule', { params: { path: { id } }, body: { startsAt } }));

/** Reports the other side absent (the API knows who is asking, so who is absent). */
export const reportNoShow = (id: string) => unwrap(api.POST('/api/v1/bookings/{id}/no-show', { params: { path: { id } } }));

export const disputeNoShow = (id: string, note: string) =>
  unwrap(api.POST('/api/v1/bookings/{id}/no-show/dispute', { params: { path: { id } }, body: note ? { note } : {} }));

/**
 * Tips the instructor, charged at once to the card saved on the booking. The key is made once per
 * attempt by the caller, so a retried click answers the same tip instead of a second charge.
 */
export const tipBooking = (id: string, amountCents: number, idempotencyKey: string) =>
  unwrap(api.POST('/api/v1/bookings/{id}/tip', { params: { path: { id }, header: { 'idempotency-key': idempotencyKey } }, body: { amountCents } }));

/** Everything cached about the user's bookings (after booking, their lists change). */
export const bookingsKey = BOOKINGS_KEY;

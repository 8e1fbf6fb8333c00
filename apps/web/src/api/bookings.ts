import { infiniteQueryOptions, queryOptions } from '@tanstack/react-query';
import { ACCOUNT_KEY } from './account';
import { api } from './client';
import { unwrap } from './request';
import type { components, paths } from './schema';

export type Booking = components['schemas']['Booking'];
export type BookingQuote = components['schemas']['BookingQuote'];
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

/** Everything cached about the user's bookings (after booking, their lists change). */
export const bookingsKey = BOOKINGS_KEY;

import { z } from 'zod';
import { paginationQuery, pageSchema } from '../../platform/http/pagination.ts';
import { dateOf, isCalendarDate } from '../availability/day-cells.ts';
import { LESSON_TYPES } from '../instructors/profile.policy.ts';
import { PaymentAuthenticationSchema } from './booking-authentication.ts';
import { BOOKING_STATUSES, PAYMENT_STATES } from './booking-states.ts';
import { LESSON_ACTIONS, type LessonAction } from './lesson-actions.policy.ts';

const id = (what: string) => z.string().regex(/^[0-9A-HJKMNP-TV-Z]{26}$/, `must be ${what} id`);
const instant = z.string().datetime({ offset: true }).describe('ISO-8601 instant');

/** A lesson's start: an instant on a calendar day the availability covers (New York dates 2000–2099), so no later date arithmetic meets year 10,000. */
export const lessonStart = instant.refine((value) => {
  try {
    return isCalendarDate(dateOf(Date.parse(value)));
  } catch {
    return false;
  }
}, 'must fall on a date between 2000-01-01 and 2099-12-31 (New York)');

const bookingFields = {
  instructorId: id('an instructor'),
  serviceId: id('a service'),
  durationMinutes: z.coerce.number().int().min(15).max(240).describe('One of the lesson lengths the instructor prices for this service'),
  startsAt: lessonStart.describe('One of the open slots (GET /instructors/{id}/slots), ISO-8601'),
  locationType: z.enum(LESSON_TYPES).describe("Where: student_location (your address, in the instructor's areas), instructor_location (the studio), online, neutral_location"),
};

export const QuoteQuerySchema = z.object(bookingFields);

export const CreditUseSchema = z.object({ creditId: z.string(), cents: z.number().int() });

export const QuoteSchema = z
  .object({
    lessonCents: z.number().int().describe("The instructor's price for this lesson length"),
    bookingFeeCents: z.number().int().describe('The 12% booking fee'),
    creditsAppliedCents: z.number().int().describe('Your platform credits used, oldest first'),
    totalCents: z.number().int().describe('Lesson + booking fee'),
    cardCents: z.number().int().describe('What your card pays: total − credits'),
    credits: z.array(CreditUseSchema).describe('Which credits pay how much'),
  })
  .meta({ id: 'BookingQuote' });

// Inline in the document (no component id), as every request body of this API is.
export const CreateBookingBodySchema = z.object({
  ...bookingFields,
  durationMinutes: z.number().int().min(15).max(240).describe('One of the lesson lengths the instructor prices for this service'),
  address: z.string().trim().min(3).max(300).optional().describe("Your address, for a lesson at your place (locationType student_location); it must be in the instructor's neighborhoods"),
  paymentMethodId: z
    .string()
    .regex(/^pm_[A-Za-z0-9_]+$/, 'must be a saved card id (pm_…)')
    .max(255)
    .optional()
    .describe('One of your saved cards (GET /me/payment-methods); may be left out when credits pay everything'),
});

export const IdempotencyHeadersSchema = z.looseObject({
  'idempotency-key': z
    .string()
    .regex(/^[A-Za-z0-9_-]{8,100}$/, 'must be 8–100 letters, digits, - or _')
    .optional()
    .describe('Send the same key with the same request again to get the same booking, never a second one'),
});

export const BookingSchema = z
  .object({
    id: z.string(),
    status: z.enum(BOOKING_STATUSES),
    paymentState: z.enum(PAYMENT_STATES),
    studentId: z.string(),
    studentName: z.string(),
    instructorId: z.string(),
    instructorName: z.string(),
    serviceId: z.string(),
    serviceName: z.string(),
    durationMinutes: z.number().int(),
    startsAt: z.string(),
    endsAt: z.string(),
    originalStartsAt: z.string().describe('The first start: cancellation terms stay locked to it'),
    rescheduleCount: z.number().int(),
    bufferMinutes: z.number().int().describe('Kept free after the lesson'),
    locationType: z.enum(LESSON_TYPES),
    address: z.string().nullable().describe("The student's address (student_location); shown to the student and their instructor only"),
    neighborhoodId: z.string().nullable(),
    studioAddress: z.string().nullable().describe('The studio (instructor_location); shown to the student once the booking is confirmed'),
    lessonCents: z.number().int(),
    bookingFeeCents: z.number().int(),
    creditsAppliedCents: z.number().int(),
    totalCents: z.number().int(),
    cardCents: z.number().int(),
    paymentMethodId: z.string().nullable().describe('The saved card charged (not shown to the instructor)'),
    holdExpiresAt: z.string().nullable().describe('While pending: when the held time is freed unless the payment is valid'),
    authorizedAt: z.string().nullable(),
    cancelledAt: z.string().nullable(),
    createdAt: z.string(),
  })
  .meta({ id: 'Booking' });

// One booking read alone (BookingDetailSchema) is in booking-detail.ts: it adds the timeline, the allowed actions, the no-show report and the tip.

/**
 * The answer to booking (and to confirming after 3-D Secure): the booking, and while it waits for
 * the student's bank, what the browser needs to send them through it.
 */
export const BookingWithAuthenticationSchema = BookingSchema.extend({
  paymentAuthentication: PaymentAuthenticationSchema.nullable().describe(
    'Set while the booking is pending_payment because your bank asks you to confirm the payment (3-D Secure): send the browser to redirectUrl (with return_url), then POST /bookings/{id}/confirm',
  ),
}).meta({ id: 'BookingWithAuthentication' });

/** POST /bookings/{id}/payment-method: the saved card that pays a lesson whose card was refused. */
export const ChangeBookingCardBodySchema = z.object({
  paymentMethodId: z.string().min(1).max(255).describe('One of your saved cards (GET /me/payment-methods)'),
});

export const BookingParamsSchema = z.object({ id: id('a booking') });

export const MyBookingsQuerySchema = z.object({
  role: z.enum(['student', 'instructor']).default('student').describe('Your lessons as a student, or your students’ lessons as an instructor'),
  when: z.enum(['upcoming', 'past', 'cancelled']).default('upcoming').describe('upcoming: soonest first; past and cancelled (expired holds too): latest first'),
  ...paginationQuery,
});

export const AllowedActionsSchema = z
  .object(Object.fromEntries(LESSON_ACTIONS.map((action) => [action, z.boolean()])) as Record<LessonAction, z.ZodBoolean>)
  .describe(
    'What you may do with this lesson now, by the same rules the action routes apply: cancel (POST …/cancel), reschedule (the student, before the start, at most twice), reportNoShow and disputeNoShow (within 24 h of the end / the report), tip (the student, on a completed lesson, up to 30 days, once), refund and resolveNoShow (admins)',
  )
  .meta({ id: 'BookingAllowedActions' });

/** A booking in the reader's list: with what they may do with it now, as on its own page. */
export const BookingListItemSchema = BookingSchema.extend({ allowedActions: AllowedActionsSchema }).meta({ id: 'BookingListItem' });

export const BookingsPageSchema = pageSchema(BookingListItemSchema).meta({ id: 'BookingsPage' });

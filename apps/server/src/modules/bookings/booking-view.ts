import type { BookingWithNames } from './bookings.repository.ts';
import type { BookingStatus } from './booking-states.ts';

/** Who reads a booking: its student, its instructor, or an admin (bookings:read:any). */
export type BookingViewer = 'student' | 'instructor' | 'admin';

/** Statuses after which the student may know the studio's exact address (PRODUCT.md, issue 11 item 11). */
const STUDIO_VISIBLE: readonly BookingStatus[] = ['confirmed', 'completed', 'no_show_student', 'no_show_instructor'];

/**
 * A booking as one reader may see it: the student's address only to that student, their
 * instructor and admins; the exact studio address to the student only once the booking is
 * confirmed; the saved card's id only to the student and admins.
 */
export function bookingView(row: BookingWithNames, viewer: BookingViewer) {
  const studioShown = row.locationType === 'instructor_location' && (viewer !== 'student' || STUDIO_VISIBLE.includes(row.status));
  return {
    id: row.id,
    status: row.status,
    paymentState: row.paymentState,
    studentId: row.studentId,
    studentName: row.studentName,
    instructorId: row.instructorId,
    instructorName: row.instructorName,
    serviceId: row.serviceId,
    serviceName: row.serviceName,
    durationMinutes: row.durationMinutes,
    startsAt: row.startsAt.toISOString(),
    endsAt: row.endsAt.toISOString(),
    originalStartsAt: row.originalStartsAt.toISOString(),
    rescheduleCount: row.rescheduleCount,
    bufferMinutes: row.bufferMinutes,
    locationType: row.locationType,
    address: row.address,
    neighborhoodId: row.neighborhoodId,
    studioAddress: studioShown ? row.studioAddress : null,
    lessonCents: row.lessonCents,
    bookingFeeCents: row.bookingFeeCents,
    creditsAppliedCents: row.creditsCents,
    totalCents: row.totalCents,
    cardCents: row.totalCents - row.creditsCents,
    paymentMethodId: viewer === 'instructor' ? null : row.paymentMethodId,
    holdExpiresAt: row.status === 'pending_payment' && row.holdExpiresAt ? row.holdExpiresAt.toISOString() : null,
    authorizedAt: row.authorizedAt?.toISOString() ?? null,
    cancelledAt: row.cancelledAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
  };
}

export type BookingView = ReturnType<typeof bookingView>;

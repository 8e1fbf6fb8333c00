import { MARKETPLACE_TIME_ZONE } from '@instainstru/marketplace-time';
import type { Booking, BookingStatus, LessonType, PaymentState } from '../../api/bookings';

/** Where a lesson happens, in the words of the profile page. */
export const LESSON_TYPE_LABELS: Record<LessonType, string> = {
  student_location: 'At your place',
  instructor_location: 'At the studio',
  online: 'Online',
  neutral_location: 'At a public place',
};

export const STATUS_LABELS: Record<BookingStatus, string> = {
  pending_payment: 'Waiting for payment',
  confirmed: 'Confirmed',
  completed: 'Completed',
  cancelled_by_student: 'Cancelled by the student',
  cancelled_by_instructor: 'Cancelled by the instructor',
  no_show_student: 'Student did not come',
  no_show_instructor: 'Instructor did not come',
  expired: 'Not booked (payment not completed)',
};

/** Where the money stands, said to the person who pays (the student) or is paid (the instructor). */
export const PAYMENT_LABELS: Record<PaymentState, string> = {
  awaiting_method: 'Waiting for a valid card',
  scheduled: 'Card checked; it is authorized 24 hours before the lesson',
  authorized: 'Amount held on the card; charged after the lesson',
  authorization_failed: 'The card was refused; it is tried again before the lesson',
  captured: 'Charged',
  released: 'Nothing charged (the hold on the card was released)',
  partially_refunded: 'Charged, partly refunded',
  refunded: 'Refunded',
  not_required: 'Paid with credits: nothing charged to a card',
};

const dayTime = new Intl.DateTimeFormat('en-US', {
  timeZone: MARKETPLACE_TIME_ZONE,
  weekday: 'long',
  month: 'long',
  day: 'numeric',
  year: 'numeric',
  hour: 'numeric',
  minute: '2-digit',
});
const timeOnly = new Intl.DateTimeFormat('en-US', { timeZone: MARKETPLACE_TIME_ZONE, hour: 'numeric', minute: '2-digit' });
const dayHeading = new Intl.DateTimeFormat('en-US', { timeZone: MARKETPLACE_TIME_ZONE, weekday: 'long', month: 'long', day: 'numeric' });
const dayKeyFormat = new Intl.DateTimeFormat('en-CA', { timeZone: MARKETPLACE_TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit' });

/** "Wednesday, November 25, 2026 at 10:00 AM – 11:00 AM" (New York time, as everywhere on the site). */
export function lessonWhen(booking: Pick<Booking, 'startsAt' | 'endsAt'>): string {
  return `${dayTime.format(new Date(booking.startsAt))} – ${timeOnly.format(new Date(booking.endsAt))}`;
}

export const formatDayTime = (iso: string) => dayTime.format(new Date(iso));
export const formatTime = (iso: string) => timeOnly.format(new Date(iso));
export const formatDay = (iso: string) => dayHeading.format(new Date(iso));
/** The New York date of an instant (2026-11-25): slots are grouped by it. */
export const newYorkDate = (iso: string) => dayKeyFormat.format(new Date(iso));

/** The place as the viewer may see it: the student's address, the studio once confirmed, or the kind of place. */
export function lessonPlace(booking: Pick<Booking, 'locationType' | 'address' | 'studioAddress'>, viewer: 'student' | 'instructor'): string {
  if (booking.locationType === 'student_location') {
    const whose = viewer === 'student' ? 'At your place' : 'At the student’s place';
    return booking.address ? `${whose}: ${booking.address}` : whose;
  }
  if (booking.locationType === 'instructor_location') return booking.studioAddress ? `At the studio: ${booking.studioAddress}` : 'At the studio (address shown once confirmed)';
  if (booking.locationType === 'neutral_location') return 'At a public place';
  return LESSON_TYPE_LABELS[booking.locationType];
}

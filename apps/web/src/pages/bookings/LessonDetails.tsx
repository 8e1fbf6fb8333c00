import { Link } from 'react-router';
import type { Booking } from '../../api/bookings';
import { formatDayTime, lessonPlace, lessonWhen, PAYMENT_LABELS } from './lessonText';
import { PriceBreakdown } from './PriceBreakdown';
import { StatusBadge } from './StatusBadge';

/**
 * One lesson as the API gives it to this viewer: when, where, with whom, its status, the price
 * lines and where the payment stands. The actions and the payment timeline are beside it
 * (LessonActions, PaymentTimelineSection).
 */
export function LessonDetails({ booking, viewer }: { booking: Booking; viewer: 'student' | 'instructor' }) {
  const sectionClass = 'rounded-2xl border border-slate-200 bg-white p-6 shadow-sm';
  const row = 'grid gap-1 py-2 sm:grid-cols-3';
  return (
    <div className="space-y-6">
      <section aria-labelledby="lesson-facts" className={sectionClass}>
        <h2 id="lesson-facts" className="text-xl font-semibold tracking-tight text-slate-900">
          The lesson
        </h2>
        <dl className="mt-3 divide-y divide-slate-100 text-slate-800">
          <div className={row}>
            <dt className="font-semibold text-slate-700">When</dt>
            <dd className="sm:col-span-2">
              <time dateTime={booking.startsAt}>{lessonWhen(booking)}</time> (New York time), {booking.durationMinutes} minutes
            </dd>
          </div>
          <div className={row}>
            <dt className="font-semibold text-slate-700">Where</dt>
            <dd className="sm:col-span-2">{lessonPlace(booking, viewer)}</dd>
          </div>
          <div className={row}>
            <dt className="font-semibold text-slate-700">{viewer === 'student' ? 'Instructor' : 'Student'}</dt>
            <dd className="sm:col-span-2">
              {viewer === 'student' ? (
                <Link to={`/instructors/${booking.instructorId}`} className="font-semibold text-indigo-700 hover:underline">
                  {booking.instructorName}
                </Link>
              ) : (
                booking.studentName
              )}
            </dd>
          </div>
          <div className={row}>
            <dt className="font-semibold text-slate-700">Status</dt>
            <dd className="sm:col-span-2">
              <StatusBadge status={booking.status} />
              {/* Set only while the time is held (the API's rule). */}
              {booking.holdExpiresAt && (
                <span className="ml-2 text-sm text-slate-600">The time is held until {formatDayTime(booking.holdExpiresAt)}.</span>
              )}
              {booking.cancelledAt && <span className="ml-2 text-sm text-slate-600">on {formatDayTime(booking.cancelledAt)}</span>}
            </dd>
          </div>
          {booking.rescheduleCount > 0 && (
            <div className={row}>
              <dt className="font-semibold text-slate-700">First booked for</dt>
              <dd className="sm:col-span-2">
                {formatDayTime(booking.originalStartsAt)} (moved {booking.rescheduleCount} {booking.rescheduleCount === 1 ? 'time' : 'times'})
              </dd>
            </div>
          )}
        </dl>
      </section>

      <section aria-labelledby="lesson-payment" className={sectionClass}>
        <h2 id="lesson-payment" className="text-xl font-semibold tracking-tight text-slate-900">
          Price and payment
        </h2>
        <div className="mt-3">
          <PriceBreakdown price={booking} label="Price of this lesson" />
        </div>
        <p className="mt-3 text-sm text-slate-700">
          <span className="font-semibold">Payment: </span>
          {PAYMENT_LABELS[booking.paymentState]}
          {booking.authorizedAt && ` (since ${formatDayTime(booking.authorizedAt)})`}.
        </p>
        <p className="mt-1 text-sm text-slate-600">Booked on {formatDayTime(booking.createdAt)}.</p>
      </section>
    </div>
  );
}


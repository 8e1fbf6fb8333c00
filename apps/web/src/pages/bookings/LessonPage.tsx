import { useQuery } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import { bookingQuery } from '../../api/bookings';
import { ApiProblem } from '../../api/problem';
import { RequireAuth } from '../../auth/RequireAuth';
import { Breadcrumbs } from '../../components/Breadcrumbs';
import { ErrorState } from '../../components/ErrorState';
import { LoadingState } from '../../components/LoadingState';
import { NotFoundPage } from '../not-found/NotFoundPage';
import { SuccessMessage } from '../account/SuccessMessage';
import { CalendarLink } from './CalendarLink';
import { CancellationSection } from './CancellationSection';
import { LessonActions } from './LessonActions';
import { LessonDetails } from './LessonDetails';
import { NoShowActions } from './NoShowActions';
import { TipSection } from './TipSection';
import { PayLessonSection } from './PayLessonSection';
import { PaymentTimelineSection } from './PaymentTimelineSection';

/** `/lessons/:id`: one lesson for its student or its instructor. */
export function LessonPage() {
  return (
    <RequireAuth>
      <title>Lesson · InstaInstru</title>
      <Lesson confirmation={false} />
    </RequireAuth>
  );
}

/** `/lessons/:id/booked`: where booking ends, the lesson with "You're booked". */
export function BookingConfirmedPage() {
  return (
    <RequireAuth>
      <title>Lesson booked · InstaInstru</title>
      <Lesson confirmation />
    </RequireAuth>
  );
}

function Lesson({ confirmation }: { confirmation: boolean }) {
  const { id = '' } = useParams();
  const booking = useQuery(bookingQuery(id));
  // `?pay=1`: the payment_failed email's link, to pay the lesson with another card.
  const [params] = useSearchParams();
  const cameToPay = params.get('pay') === '1';
  const noticeRef = useRef<HTMLParagraphElement>(null);
  useEffect(() => {
    if (confirmation && booking.isSuccess) noticeRef.current?.focus();
  }, [confirmation, booking.isSuccess]);

  if (booking.isPending) return <LoadingState label="Loading the lesson…" cards={2} />;
  if (booking.isError && booking.error instanceof ApiProblem && [400, 404].includes(booking.error.status)) {
    return <NotFoundPage title="Lesson not found" message="There is no lesson of yours at this address." />;
  }
  if (booking.isError) return <ErrorState error={booking.error} onRetry={() => void booking.refetch()} />;
  const b = booking.data;
  // How the API reads this booking for us (an admin reads it as the instructor's side would, names shown).
  const viewer = b.viewer === 'student' ? 'student' : 'instructor';
  const title = viewer === 'student' ? `${b.serviceName} with ${b.instructorName}` : `${b.serviceName} with ${b.studentName}`;

  return (
    <div className="mx-auto max-w-3xl space-y-6 py-8">
      <div className="space-y-2">
        <Breadcrumbs items={[{ label: 'My lessons', to: viewer === 'instructor' ? '/lessons?as=instructor' : '/lessons' }, { label: title }]} />
        <h1 className="text-3xl font-bold tracking-tight text-slate-900">{confirmation ? 'Your lesson is booked' : title}</h1>
      </div>
      {confirmation && (
        <SuccessMessage ref={noticeRef}>
          {b.status === 'confirmed'
            ? `${b.serviceName} with ${b.instructorName} is confirmed. It is in My lessons.`
            : `${b.serviceName} with ${b.instructorName} is held while the payment is checked.`}
        </SuccessMessage>
      )}
      {cameToPay && viewer === 'student' && b.status === 'confirmed' && b.paymentState === 'authorized' && (
        <SuccessMessage>Your card was authorized: the lesson is paid for and stays booked.</SuccessMessage>
      )}
      {b.allowedActions.payWithAnotherCard && <PayLessonSection booking={b} />}
      <LessonDetails booking={b} viewer={viewer} />
      <PaymentTimelineSection booking={b} />
      {b.cancelledAt !== null && <CancellationSection bookingId={b.id} />}
      <LessonActions key={b.id} booking={b} />
      <NoShowActions key={`no-show-${b.id}`} booking={b} />
      <TipSection key={`tip-${b.id}`} booking={b} />
      <CalendarLink />
      <p className="flex flex-wrap gap-4">
        <Link to={viewer === 'instructor' ? '/lessons?as=instructor' : '/lessons'} className="font-semibold text-indigo-700 hover:underline">
          All my lessons
        </Link>
        {viewer === 'student' && (
          <Link to={`/instructors/${b.instructorId}/book?service=${b.serviceId}&duration=${b.durationMinutes}`} className="font-semibold text-indigo-700 hover:underline">
            Book another lesson with {b.instructorName}
          </Link>
        )}
      </p>
    </div>
  );
}

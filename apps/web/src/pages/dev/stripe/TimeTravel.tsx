import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useId } from 'react';
import { Link, useSearchParams } from 'react-router';
import { BOOKINGS_READ_PERMISSION, bookingQuery, bookingsKey, type BookingRole } from '../../../api/bookings';
import { api } from '../../../api/client';
import { unwrap } from '../../../api/request';
import { ApiProblem } from '../../../api/problem';
import { useCan, useSession } from '../../../auth/useSession';
import { FormAlert } from '../../../components/form/FormAlert';
import { inputClass, secondaryButtonClass } from '../../../components/form/styles';
import { formatDayTime, lessonWhen, PAYMENT_LABELS, STATUS_LABELS } from '../../bookings/lessonText';
import { travelTargets, travelTo, type TravelKey } from './timeTravel';

/**
 * Development's time machine for one lesson: each button sets the marketplace clock to a moment
 * of the lesson's payment life and runs what became due (POST /dev/clock, then /dev/jobs/run-due),
 * then shows what ran and where the lesson stands. The lesson is one of the signed-in user's
 * (`?lesson=` chooses it, so the lesson page's state can be reached by a link).
 */
export function TimeTravel() {
  const session = useSession();
  const allowed = useCan(BOOKINGS_READ_PERMISSION);
  const [params, setParams] = useSearchParams();
  const lessonId = params.get('lesson') ?? '';
  const selectId = useId();
  const roles = session.status === 'signedIn' ? session.user.roles : [];
  const role: BookingRole = roles.includes('student') || !roles.includes('instructor') ? 'student' : 'instructor';
  const upcoming = useQuery({ ...myBookingsQueryFirstPage(role, 'upcoming'), enabled: allowed });
  const past = useQuery({ ...myBookingsQueryFirstPage(role, 'past'), enabled: allowed });
  const lessons = [...(upcoming.data ?? []), ...(past.data ?? [])];

  return (
    <section aria-labelledby="time-travel" className="mt-6 rounded-2xl border border-slate-200 bg-white p-6 shadow-sm">
      <h2 id="time-travel" className="text-xl font-semibold tracking-tight text-slate-900">
        Time travel
      </h2>
      <p className="mt-1 max-w-3xl text-sm text-slate-600">
        Moves this server’s clock to a moment of a lesson and runs the schedules that became due (authorization, completion, charge…). Development only.
      </p>
      {!allowed ? (
        <p className="mt-3 text-sm text-slate-700">
          <Link to="/login?next=%2Fdev%2Fstripe" className="font-semibold text-indigo-700 hover:underline">
            Log in
          </Link>{' '}
          as a student or instructor to choose one of your lessons.
        </p>
      ) : (
        <div className="mt-3 space-y-4">
          <div>
            <label htmlFor={selectId} className="block text-sm font-semibold text-slate-800">
              Lesson
            </label>
            <select
              id={selectId}
              value={lessonId}
              onChange={(e) => setParams((prev) => {
                const next = new URLSearchParams(prev);
                if (e.target.value) next.set('lesson', e.target.value);
                else next.delete('lesson');
                return next;
              })}
              className={`mt-1 max-w-xl ${inputClass(false)}`}
            >
              <option value="">Choose a lesson</option>
              {lessonId && !lessons.some((l) => l.id === lessonId) && <option value={lessonId}>{lessonId}</option>}
              {lessons.map((l) => (
                <option key={l.id} value={l.id}>
                  {l.serviceName} with {role === 'student' ? l.instructorName : l.studentName}, {lessonWhen(l)}
                </option>
              ))}
            </select>
          </div>
          {lessonId && <LessonTravel key={lessonId} lessonId={lessonId} />}
        </div>
      )}
    </section>
  );
}

/** The first page of a list is enough to choose from. */
function myBookingsQueryFirstPage(role: BookingRole, when: 'upcoming' | 'past') {
  return queryOptions({
    queryKey: [...bookingsKey, 'dev-time-travel', role, when],
    queryFn: ({ signal }) => unwrap(api.GET('/api/v1/me/bookings', { params: { query: { role, when, limit: 50 } }, signal })).then((page) => page.items),
  });
}

function LessonTravel({ lessonId }: { lessonId: string }) {
  const queryClient = useQueryClient();
  const lesson = useQuery(bookingQuery(lessonId));
  const travel = useMutation({
    mutationFn: async ({ at }: { key: TravelKey; at: string }) => travelTo(at),
    // Everything read before was read at another time.
    onSuccess: () => queryClient.invalidateQueries(),
  });

  if (lesson.isPending) return <p role="status" className="text-sm text-slate-600">Loading the lesson…</p>;
  if (lesson.isError) {
    const gone = lesson.error instanceof ApiProblem && [400, 404].includes(lesson.error.status);
    return gone ? <p className="text-sm text-slate-700">No lesson of yours has this ID.</p> : <FormAlert error={lesson.error} />;
  }
  const b = lesson.data;
  const chosen = travel.variables?.key;
  return (
    <div className="space-y-4">
      <p className="text-sm text-slate-700">
        {lessonWhen(b)} (New York time) ·{' '}
        <Link to={`/lessons/${b.id}`} className="font-semibold text-indigo-700 hover:underline">
          Open the lesson
        </Link>
      </p>
      <div className="flex flex-wrap gap-3" role="group" aria-label="Travel to">
        {travelTargets(b).map((target) => (
          <button
            key={target.key}
            type="button"
            className={secondaryButtonClass}
            disabled={travel.isPending}
            title={formatDayTime(target.at)}
            onClick={() => travel.mutate({ key: target.key, at: target.at })}
          >
            {travel.isPending && chosen === target.key ? 'Travelling…' : `To ${target.label}`}
          </button>
        ))}
      </div>
      {travel.isError && <FormAlert error={travel.error} />}
      {travel.isSuccess && (
        <div role="status" aria-label="Time travel result" className="space-y-2 rounded-lg border border-slate-200 bg-slate-50 p-4 text-sm text-slate-800">
          <p>
            <span className="font-semibold">Clock now:</span> {formatDayTime(travel.data.clock.now)} (New York time).
          </p>
          <p>
            <span className="font-semibold">Ran:</span>{' '}
            {travel.data.run.ran.length === 0
              ? 'nothing was due.'
              : travel.data.run.ran.map((run) => `${run.key}${run.outcome === 'failed' ? ` (failed: ${run.error ?? 'no reason'})` : ''}`).join(', ')}
          </p>
          <p>
            <span className="font-semibold">The lesson now:</span> {STATUS_LABELS[b.status]}; payment: {PAYMENT_LABELS[b.paymentState]}.
          </p>
        </div>
      )}
    </div>
  );
}

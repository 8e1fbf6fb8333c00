import { useInfiniteQuery } from '@tanstack/react-query';
import { Link, useSearchParams } from 'react-router';
import { BOOKINGS_READ_PERMISSION, myBookingsQuery, type Booking, type BookingRole, type BookingsWhen } from '../../api/bookings';
import { RequireAuth } from '../../auth/RequireAuth';
import { useCan, useSession } from '../../auth/useSession';
import { ErrorState } from '../../components/ErrorState';
import { secondaryButtonClass } from '../../components/form/styles';
import { formatCents } from '../../lib/format';
import { CalendarLink } from './CalendarLink';
import { lessonPlace, lessonWhen } from './lessonText';
import { StatusBadge } from './StatusBadge';

const TABS: ReadonlyArray<{ when: BookingsWhen; label: string }> = [
  { when: 'upcoming', label: 'Upcoming' },
  { when: 'past', label: 'Past' },
  { when: 'cancelled', label: 'Cancelled' },
];

const EMPTY: Record<BookingsWhen, string> = {
  upcoming: 'No upcoming lessons.',
  past: 'No past lessons yet.',
  cancelled: 'No cancelled lessons.',
};

/** `/lessons`: my lessons, upcoming / past / cancelled, as a student or (switch) as an instructor. */
export function MyLessonsPage() {
  return (
    <RequireAuth>
      <title>My lessons · InstaInstru</title>
      <MyLessons />
    </RequireAuth>
  );
}

function MyLessons() {
  const session = useSession();
  const allowed = useCan(BOOKINGS_READ_PERMISSION);
  const [params] = useSearchParams();
  const roles = session.status === 'signedIn' ? session.user.roles : [];
  // Only the roles the account has: the API refuses the other one.
  const mine: BookingRole[] = (['student', 'instructor'] as const).filter((r) => roles.includes(r));
  const asked = params.get('as') as BookingRole | null;
  const role = asked && mine.includes(asked) ? asked : mine[0];
  const tabParam = params.get('tab');
  const when = TABS.find((t) => t.when === tabParam)?.when ?? 'upcoming';
  const link = (changes: { as?: BookingRole; tab?: BookingsWhen }) => {
    const next = new URLSearchParams();
    const nextRole = changes.as ?? role;
    const nextTab = changes.tab ?? when;
    if (nextRole && nextRole !== mine[0]) next.set('as', nextRole);
    if (nextTab !== 'upcoming') next.set('tab', nextTab);
    const query = next.toString();
    return `/lessons${query ? `?${query}` : ''}`;
  };

  return (
    <div className="mx-auto max-w-3xl space-y-6 py-8">
      <h1 className="text-3xl font-bold tracking-tight text-slate-900">My lessons</h1>
      {allowed && role && (
        <div className="flex flex-wrap items-start gap-x-6 gap-y-2">
          {mine.includes('student') && (
            <Link to="/account/credits" className="text-sm font-semibold text-indigo-700 hover:underline">
              Your credits
            </Link>
          )}
          <CalendarLink />
        </div>
      )}
      {!allowed || !role ? (
        <p className="text-slate-700">Your account has no lessons.</p>
      ) : (
        <>
          {mine.length > 1 && (
            <nav aria-label="Lessons as" className="inline-flex rounded-lg border border-slate-300 bg-white p-1">
              {mine.map((r) => (
                <Link
                  key={r}
                  to={link({ as: r })}
                  aria-current={r === role ? 'page' : undefined}
                  className={`rounded-md px-3 py-1.5 text-sm font-semibold ${r === role ? 'bg-indigo-600 text-white' : 'text-slate-700 hover:bg-slate-100'}`}
                >
                  {r === 'student' ? 'As a student' : 'As an instructor'}
                </Link>
              ))}
            </nav>
          )}
          <nav aria-label="Which lessons" className="border-b border-slate-200">
            <ul className="-mb-px flex gap-4">
              {TABS.map((t) => (
                <li key={t.when}>
                  <Link
                    to={link({ tab: t.when })}
                    aria-current={t.when === when ? 'page' : undefined}
                    className={`inline-block border-b-2 px-1 pb-2 font-semibold ${t.when === when ? 'border-indigo-600 text-indigo-700' : 'border-transparent text-slate-600 hover:text-slate-900'}`}
                  >
                    {t.label}
                  </Link>
                </li>
              ))}
            </ul>
          </nav>
          <LessonList role={role} when={when} />
        </>
      )}
    </div>
  );
}

function LessonList({ role, when }: { role: BookingRole; when: BookingsWhen }) {
  const lessons = useInfiniteQuery(myBookingsQuery(role, when));
  if (lessons.isPending) {
    return (
      <p role="status" className="text-slate-600">
        Loading your lessons…
      </p>
    );
  }
  if (lessons.isError) return <ErrorState error={lessons.error} onRetry={() => void lessons.refetch()} retrying={lessons.isFetching} />;
  const items = lessons.data.pages.flatMap((page) => page.items);
  if (items.length === 0) {
    return (
      <p className="text-slate-700">
        {EMPTY[when]}{' '}
        {role === 'student' && when === 'upcoming' && (
          <Link to="/search" className="font-semibold text-indigo-700 hover:underline">
            Find an instructor
          </Link>
        )}
      </p>
    );
  }
  const label = `${TABS.find((t) => t.when === when)!.label} lessons`;
  return (
    <div className="space-y-4">
      <ul aria-label={label} className="space-y-3">
        {items.map((b) => (
          <LessonRow key={b.id} booking={b} role={role} />
        ))}
      </ul>
      {lessons.hasNextPage && (
        <button type="button" className={secondaryButtonClass} disabled={lessons.isFetchingNextPage} onClick={() => void lessons.fetchNextPage()}>
          {lessons.isFetchingNextPage ? 'Loading…' : 'Show more lessons'}
        </button>
      )}
    </div>
  );
}

function LessonRow({ booking: b, role }: { booking: Booking; role: BookingRole }) {
  const other = role === 'student' ? b.instructorName : b.studentName;
  return (
    <li className="rounded-xl border border-slate-200 bg-white p-4 shadow-sm">
      <div className="flex flex-wrap items-start justify-between gap-2">
        <h2 className="text-lg font-semibold text-slate-900">
          <Link to={`/lessons/${b.id}`} className="hover:underline">
            {b.serviceName} with {other}
          </Link>
        </h2>
        <StatusBadge status={b.status} />
      </div>
      <p className="mt-1 text-slate-800">
        <time dateTime={b.startsAt}>{lessonWhen(b)}</time>
      </p>
      <p className="text-sm text-slate-600">
        {lessonPlace(b, role)} · {b.durationMinutes} min · {role === 'student' ? `${formatCents(b.totalCents)} in all` : `lesson ${formatCents(b.lessonCents)}`}
      </p>
    </li>
  );
}

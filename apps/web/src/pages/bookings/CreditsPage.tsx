import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { BOOKINGS_READ_PERMISSION } from '../../api/bookings';
import { creditsQuery, type CreditEntry } from '../../api/credits';
import { RequireAuth } from '../../auth/RequireAuth';
import { useCan } from '../../auth/useSession';
import { Breadcrumbs } from '../../components/Breadcrumbs';
import { ErrorState } from '../../components/ErrorState';
import { LoadingState } from '../../components/LoadingState';
import { formatCents } from '../../lib/format';
import { formatDayTime } from './lessonText';

const REASONS: Record<Extract<CreditEntry, { kind: 'issued' }>['reason'], string> = {
  late_cancellation: 'a lesson cancelled 12–24 hours before',
  referral: 'a referral',
  admin_adjustment: 'an adjustment by InstaInstru',
  refund: 'a refund',
};

/** `/account/credits`: the platform credit usable now and what came in and went out, as the API counts it. */
export function CreditsPage() {
  return (
    <RequireAuth>
      <title>Your credits · InstaInstru</title>
      <Credits />
    </RequireAuth>
  );
}

function Credits() {
  const allowed = useCan(BOOKINGS_READ_PERMISSION);
  const credits = useQuery({ ...creditsQuery(), enabled: allowed });
  const heading = (
    <div className="space-y-2">
      <Breadcrumbs items={[{ label: 'Account', to: '/account' }, { label: 'Credits' }]} />
      <h1 className="text-3xl font-bold tracking-tight text-slate-900">Your credits</h1>
    </div>
  );
  if (!allowed) {
    return (
      <div className="mx-auto max-w-3xl space-y-6 py-8">
        {heading}
        <p className="text-slate-700">Your account has no lessons, so no credits.</p>
      </div>
    );
  }
  if (credits.isPending) return <LoadingState label="Loading your credits…" cards={1} />;
  if (credits.isError) return <ErrorState error={credits.error} onRetry={() => void credits.refetch()} retrying={credits.isFetching} />;
  const { balanceCents, history } = credits.data;
  return (
    <div className="mx-auto max-w-3xl space-y-6 py-8">
      {heading}
      <section aria-labelledby="credits-balance" className="rounded-2xl border border-slate-200 bg-white p-6 shadow-sm">
        <h2 id="credits-balance" className="text-sm font-semibold text-slate-700">
          Balance
        </h2>
        <p className="mt-1 text-3xl font-bold text-slate-900">{formatCents(balanceCents)}</p>
        <p className="mt-2 text-sm text-slate-600">Used automatically on your next bookings, oldest credit first; each credit lasts a year.</p>
      </section>
      <section aria-labelledby="credits-history" className="rounded-2xl border border-slate-200 bg-white p-6 shadow-sm">
        <h2 id="credits-history" className="text-xl font-semibold tracking-tight text-slate-900">
          History
        </h2>
        {history.length === 0 ? (
          <p className="mt-2 text-slate-700">No credits yet.</p>
        ) : (
          <ul aria-label="Credit history" className="mt-3 divide-y divide-slate-100">
            {history.map((entry) => (
              <li key={`${entry.kind}-${entry.creditId}-${entry.at}`} className="flex flex-wrap items-baseline justify-between gap-2 py-2 text-slate-800">
                <span>
                  <EntryText entry={entry} />
                  <span className="block text-xs text-slate-600">{formatDayTime(entry.at)}</span>
                </span>
                <span className={entry.kind === 'issued' ? 'font-semibold text-emerald-800' : 'font-semibold text-slate-700'}>
                  {entry.kind === 'issued' ? '+' : '−'}
                  {formatCents(entry.cents)}
                </span>
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}

function EntryText({ entry }: { entry: CreditEntry }) {
  const lesson = (id: string | null) =>
    id ? (
      <>
        {' '}
        (
        <Link to={`/lessons/${id}`} className="text-indigo-700 hover:underline">
          the lesson
        </Link>
        )
      </>
    ) : null;
  if (entry.kind === 'issued') {
    return (
      <>
        Credit for {REASONS[entry.reason]}
        {lesson(entry.bookingId)}, usable until {formatDayTime(entry.expiresAt)}
      </>
    );
  }
  if (entry.kind === 'used') return <>Used for a booking{lesson(entry.bookingId)}</>;
  return <>Expired unused</>;
}

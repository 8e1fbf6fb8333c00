import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ApiProblem } from '../../api/problem';
import { RequireAuth } from '../../auth/RequireAuth';
import { useSession } from '../../auth/useSession';
import { ErrorState } from '../../components/ErrorState';
import { LoadingState } from '../../components/LoadingState';
import { FormAlert } from '../../components/form/FormAlert';
import { primaryButtonClass, secondaryButtonClass, linkClass } from '../../components/form/styles';
import { AreasStep } from './AreasStep';
import { AvailabilityStep } from './AvailabilityStep';
import { ProfileStep } from './ProfileStep';
import { ServicesStep } from './ServicesStep';
import { ownProfileQuery, publish, unpublish, type OwnProfile } from './api';

const ITEM_LABELS: Record<string, { label: string; href?: string }> = {
  profile_complete: { label: 'Profile', href: '#profile' },
  services: { label: 'Services & prices', href: '#services' },
  service_areas: { label: 'Where you teach', href: '#areas' },
  availability: { label: 'Availability', href: '#availability' },
  payouts: { label: 'Payouts' },
  identity: { label: 'Identity check' },
  background_check: { label: 'Background check' },
  approval: { label: 'Approval by InstaInstru' },
};

const STATUS_STYLE: Record<string, string> = {
  complete: 'bg-green-100 text-green-800',
  pending: 'bg-amber-100 text-amber-800',
  incomplete: 'bg-red-100 text-red-800',
  not_started: 'bg-slate-100 text-slate-700',
};

export function InstructorDashboardPage() {
  return (
    <RequireAuth>
      <InstructorGate />
    </RequireAuth>
  );
}

function InstructorGate() {
  const session = useSession();
  if (session.status !== 'signedIn') return null;
  if (!session.user.roles.includes('instructor')) {
    return (
      <div className="mx-auto max-w-xl py-12 text-center">
        <h1 className="text-2xl font-bold text-slate-900">Instructor dashboard</h1>
        <p className="mt-3 text-slate-700">
          This area is for instructors. Your account is set up for learning — to teach on InstaInstru, sign up with an
          instructor account.
        </p>
      </div>
    );
  }
  return <Dashboard />;
}

function Dashboard() {
  const profile = useQuery(ownProfileQuery);
  if (profile.isPending) return <LoadingState label="Loading your instructor profile…" />;
  if (profile.isError) return <ErrorState error={profile.error} onRetry={() => void profile.refetch()} />;
  const p = profile.data;
  return (
    <div className="mx-auto max-w-4xl space-y-8 py-8">
      <header>
        <h1 className="text-3xl font-bold tracking-tight text-slate-900">Instructor dashboard</h1>
        <p className="mt-2 text-slate-600">Complete each step, then publish your profile for review.</p>
      </header>
      <Checklist profile={p} />
      <ProfileStep profile={p} />
      <ServicesStep profile={p} />
      <AreasStep profile={p} />
      <AvailabilityStep />
    </div>
  );
}

function Checklist({ profile }: { profile: OwnProfile }) {
  const queryClient = useQueryClient();
  const onSuccess = (updated: OwnProfile) => queryClient.setQueryData(ownProfileQuery.queryKey, updated);
  const pub = useMutation({ mutationFn: publish, onSuccess });
  const unpub = useMutation({ mutationFn: unpublish, onSuccess });
  const published = profile.status === 'published';

  return (
    <section aria-labelledby="checklist-heading" className="rounded-2xl border border-slate-200 bg-white p-6 shadow-sm">
      <h2 id="checklist-heading" className="text-xl font-semibold text-slate-900">
        Onboarding checklist
      </h2>
      <p className="mt-1 text-sm text-slate-600">
        {profile.isPublic
          ? 'Your profile is public: students can find and book you.'
          : published
            ? 'Your profile is published and waiting for approval.'
            : 'Your profile is a draft.'}
        {profile.isPublic && (
          <>
            {' '}
            <a className={linkClass} href={`/instructors/${profile.userId}`}>
              View public profile
            </a>
          </>
        )}
      </p>
      <ul className="mt-4 divide-y divide-slate-100" aria-label="Checklist">
        {profile.checklist.map((c) => {
          const meta = ITEM_LABELS[c.item] ?? { label: c.item };
          return (
            <li key={c.item} className="flex flex-wrap items-center justify-between gap-2 py-2.5">
              <div>
                <p className="font-medium text-slate-900">
                  {meta.href && c.available ? (
                    <a href={meta.href} className={linkClass}>
                      {meta.label}
                    </a>
                  ) : (
                    meta.label
                  )}
                  {!c.required && <span className="ml-2 text-xs text-slate-500">(optional)</span>}
                  {!c.available && <span className="ml-2 text-xs text-slate-500">(coming soon)</span>}
                </p>
                {c.detail && <p className="text-sm text-slate-600">{c.detail}</p>}
              </div>
              <span className={`rounded-full px-2.5 py-0.5 text-xs font-semibold ${STATUS_STYLE[c.status] ?? ''}`}>
                {c.status.replace('_', ' ')}
              </span>
            </li>
          );
        })}
      </ul>
      <div className="mt-4 space-y-3">
        {pub.isError && <PublishError error={pub.error} />}
        {unpub.isError && <FormAlert error={unpub.error} />}
        {pub.isSuccess && (
          <p role="status" className="text-sm font-medium text-green-800">
            Published! We will review your profile shortly.
          </p>
        )}
        {published ? (
          <button type="button" className={secondaryButtonClass} disabled={unpub.isPending} onClick={() => unpub.mutate()}>
            Unpublish
          </button>
        ) : (
          <button
            type="button"
            className={`${primaryButtonClass} disabled:cursor-not-allowed`}
            disabled={!profile.canPublish || pub.isPending}
            onClick={() => pub.mutate()}
          >
            {pub.isPending ? 'Publishing…' : 'Publish profile'}
          </button>
        )}
        {!published && !profile.canPublish && (
          <p className="text-sm text-slate-600">Complete the required steps above to publish.</p>
        )}
      </div>
    </section>
  );
}

function PublishError({ error }: { error: unknown }) {
  const details =
    error instanceof ApiProblem && error.status === 409 ? error.errors.map((e) => `${e.field}: ${e.reason}`) : [];
  return (
    <FormAlert error={error} message={error instanceof ApiProblem ? error.detail : undefined}>
      {details.length > 0 && (
        <ul className="mt-1 list-disc pl-5">
          {details.map((d) => (
            <li key={d}>{d}</li>
          ))}
        </ul>
      )}
    </FormAlert>
  );
}

import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { ErrorState } from '../../components/ErrorState';
import { LoadingState } from '../../components/LoadingState';
import { linkClass, primaryButtonClass } from '../../components/form/styles';
import { AreasStep } from './AreasStep';
import { AvailabilityStep } from './AvailabilityStep';
import { Checklist } from './Checklist';
import { InstructorGate } from './InstructorGate';
import { ProfileStep } from './ProfileStep';
import { ServicesStep } from './ServicesStep';
import { UnsavedChangesGuard } from './UnsavedChanges';
import { ownProfileQuery, type OwnProfile } from './api';
import { IdentityStep } from './payouts/IdentityStep';
import { PayoutsStep } from './payouts/PayoutsStep';
import { firstUnfinishedStep, setupPath, stepForItem } from './setupSteps';

/** Everything an instructor edits, on one page: for changes after the first setup. */
export function InstructorDashboardPage() {
  return (
    <InstructorGate title="Instructor dashboard">
      <Dashboard />
    </InstructorGate>
  );
}

function Dashboard() {
  const profile = useQuery(ownProfileQuery);
  if (profile.isPending) return <LoadingState label="Loading your instructor profile…" />;
  if (profile.isError) return <ErrorState error={profile.error} onRetry={() => void profile.refetch()} />;
  const p = profile.data;
  return (
    <UnsavedChangesGuard>
      <div className="mx-auto max-w-4xl space-y-8 py-8">
        <header>
          <h1 className="text-3xl font-bold tracking-tight text-slate-900">Instructor dashboard</h1>
          <p className="mt-2 text-slate-600">
            {p.isPublic
              ? 'Everything about your teaching in one place: edit any part and save it.'
              : 'Complete each step, then publish your profile for review.'}{' '}
            <Link to="/instructor/payouts" className={linkClass}>
              Payouts
            </Link>
          </p>
        </header>
        {p.status === 'draft' && <ContinueSetup profile={p} />}
        <Checklist profile={p} linkFor={(item) => (stepForItem(item) ? `#${stepForItem(item)!.slug}` : undefined)} />
        <ProfileStep profile={p} />
        <ServicesStep profile={p} />
        <AreasStep profile={p} />
        <AvailabilityStep />
        <PayoutsStep />
        <IdentityStep />
      </div>
    </UnsavedChangesGuard>
  );
}

/** A draft profile: offer the guided setup, at the first step still to do. */
function ContinueSetup({ profile }: { profile: OwnProfile }) {
  const next = firstUnfinishedStep(profile.checklist);
  return (
    <div className="flex flex-wrap items-center justify-between gap-3 rounded-2xl border border-indigo-200 bg-indigo-50 px-5 py-4">
      <p className="text-slate-800">
        <span className="font-semibold">Prefer one step at a time?</span> The guided setup walks you through it.
      </p>
      <Link to={setupPath(next.slug)} className={primaryButtonClass}>
        Continue setup: {next.label}
      </Link>
    </div>
  );
}

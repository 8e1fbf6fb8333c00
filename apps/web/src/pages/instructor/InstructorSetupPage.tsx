import { useQuery } from '@tanstack/react-query';
import { Link, Navigate, useLocation, useParams } from 'react-router';
import { ErrorState } from '../../components/ErrorState';
import { LoadingState } from '../../components/LoadingState';
import { linkClass, primaryButtonClass, secondaryButtonClass } from '../../components/form/styles';
import { AreasStep } from './AreasStep';
import { AvailabilityStep } from './AvailabilityStep';
import { Checklist } from './Checklist';
import { InstructorGate } from './InstructorGate';
import { ProfileStep } from './ProfileStep';
import { ServicesStep } from './ServicesStep';
import { StepProgress } from './StepProgress';
import { UnsavedChangesGuard } from './UnsavedChanges';
import { ownProfileQuery, type OwnProfile } from './api';
import { IdentityStep } from './payouts/IdentityStep';
import { PayoutsStep } from './payouts/PayoutsStep';
import { firstUnfinishedStep, SETUP_STEPS, setupPath, stepBySlug, stepForItem, type SetupStep } from './setupSteps';

/**
 * The guided onboarding: one step per page (profile, areas, services, availability, payouts and
 * identity on Stripe's pages), then the
 * checklist and Publish. Steps can be taken in any order; each saves on its own.
 */
export function InstructorSetupPage() {
  return (
    <InstructorGate title="Set up your instructor profile">
      <Setup />
    </InstructorGate>
  );
}

function Setup() {
  const { step: slug } = useParams();
  const location = useLocation();
  const profile = useQuery(ownProfileQuery);
  if (profile.isPending) return <LoadingState label="Loading your instructor profile…" cards={2} />;
  if (profile.isError) return <ErrorState error={profile.error} onRetry={() => void profile.refetch()} />;
  const step = stepBySlug(slug);
  // /instructor/setup (or an unknown step) resumes where the instructor left off.
  if (!step) return <Navigate to={setupPath(firstUnfinishedStep(profile.data.checklist).slug)} replace state={location.state} />;
  const justSignedUp = (location.state as { justSignedUp?: boolean } | null)?.justSignedUp === true;

  return (
    <UnsavedChangesGuard>
      <div className="mx-auto max-w-4xl space-y-6 py-8">
        <header>
          <h1 className="text-3xl font-bold tracking-tight text-slate-900">Set up your instructor profile</h1>
          <p className="mt-2 text-slate-600">
            {justSignedUp
              ? 'Welcome to InstaInstru! We sent you an email to confirm your address. Meanwhile, let’s get your profile ready.'
              : 'Seven short steps; each one saves as you go. You can come back at any time.'}{' '}
            <Link to="/instructor" className={linkClass}>
              Go to the dashboard
            </Link>
          </p>
        </header>
        <StepProgress current={step} profile={profile.data} />
        <StepBody step={step} profile={profile.data} />
        <StepNavigation step={step} />
      </div>
    </UnsavedChangesGuard>
  );
}

function StepBody({ step, profile }: { step: SetupStep; profile: OwnProfile }) {
  switch (step.slug) {
    case 'profile':
      return <ProfileStep profile={profile} />;
    case 'services':
      return <ServicesStep profile={profile} />;
    case 'areas':
      return <AreasStep profile={profile} />;
    case 'availability':
      return <AvailabilityStep />;
    case 'payouts':
      return <PayoutsStep />;
    case 'identity':
      return <IdentityStep />;
    case 'publish':
      return <Checklist profile={profile} linkFor={(item) => (stepForItem(item) ? setupPath(stepForItem(item)!.slug) : undefined)} />;
  }
}

function StepNavigation({ step }: { step: SetupStep }) {
  const index = SETUP_STEPS.findIndex((s) => s.slug === step.slug);
  const previous = SETUP_STEPS[index - 1];
  const next = SETUP_STEPS[index + 1];
  return (
    <div className="flex flex-wrap items-center justify-between gap-3 border-t border-slate-200 pt-5">
      {previous ? (
        <Link to={setupPath(previous.slug)} className={secondaryButtonClass}>
          ← Back: {previous.label}
        </Link>
      ) : (
        <span />
      )}
      {next ? (
        <Link to={setupPath(next.slug)} className={primaryButtonClass}>
          Next: {next.label} →
        </Link>
      ) : (
        <Link to="/instructor" className={secondaryButtonClass}>
          Done — go to the dashboard
        </Link>
      )}
    </div>
  );
}

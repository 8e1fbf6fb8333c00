import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { Link, useSearchParams } from 'react-router';
import { ErrorState } from '../../../components/ErrorState';
import { LoadingState } from '../../../components/LoadingState';
import { linkClass } from '../../../components/form/styles';
import { ownProfileQuery } from '../api';
import { InstructorGate } from '../InstructorGate';
import { StepSection } from '../StepSection';
import { InstantPayoutForm } from './InstantPayoutForm';
import { OnboardingButton } from './OnboardingButton';
import { PayoutHistory } from './PayoutHistory';
import { PayoutStatusCard } from './PayoutStatusCard';
import { money, payoutsQuery } from './payoutsApi';

/** The instructor's payouts: account status, balances, instant payout and history. */
export function PayoutsPage() {
  return (
    <InstructorGate title="Payouts">
      <Payouts />
    </InstructorGate>
  );
}

function Payouts() {
  // Stripe sends the instructor back with ?onboarding=return (finished or left) or =refresh (the link expired).
  const [params] = useSearchParams();
  const back = params.get('onboarding');
  const overview = useQuery(payoutsQuery(back !== null));
  const queryClient = useQueryClient();
  const status = overview.data?.status;
  // The checklist counts the account too: read it again once the new status is known.
  useEffect(() => {
    if (status) void queryClient.invalidateQueries({ queryKey: ownProfileQuery.queryKey });
  }, [status, queryClient]);
  if (overview.isPending) return <LoadingState label="Loading your payouts…" cards={2} />;
  if (overview.isError) return <ErrorState error={overview.error} onRetry={() => void overview.refetch()} />;
  const o = overview.data;
  return (
    <div className="mx-auto max-w-4xl space-y-6 py-8">
      <header>
        <h1 className="text-3xl font-bold tracking-tight text-slate-900">Payouts</h1>
        <p className="mt-2 text-slate-600">
          Your earnings are paid to your bank by Stripe.{' '}
          <Link to="/instructor" className={linkClass}>
            Back to the dashboard
          </Link>
        </p>
      </header>
      {back === 'refresh' && o.status !== 'enabled' && (
        <p role="status" className="rounded-xl border border-amber-200 bg-amber-50 px-4 py-3 text-amber-900">
          The setup link expired. Continue where you left off:
        </p>
      )}
      <StepSection id="payout-account" title="Payout account">
        <div className="space-y-4">
          <PayoutStatusCard overview={o} />
          <OnboardingButton status={o.status} />
        </div>
      </StepSection>
      {o.status !== 'not_started' && (
        <StepSection id="balance" title="Balance">
          <dl className="grid gap-4 sm:grid-cols-3">
            <Figure label="Available" cents={o.balance.availableCents} testId="balance-available" />
            <Figure label="On its way in" cents={o.balance.pendingCents} testId="balance-pending" />
            <Figure label="Available for instant payout" cents={o.balance.instantAvailableCents} testId="balance-instant" />
          </dl>
          {o.status === 'enabled' && (
            <div className="mt-6 border-t border-slate-100 pt-5">
              <h3 className="mb-3 font-semibold text-slate-900">Instant payout</h3>
              <InstantPayoutForm overview={o} />
            </div>
          )}
        </StepSection>
      )}
      {o.status !== 'not_started' && (
        <StepSection id="history" title="Payout history">
          <PayoutHistory payouts={o.payouts} />
        </StepSection>
      )}
    </div>
  );
}

function Figure({ label, cents, testId }: { label: string; cents: number; testId: string }) {
  return (
    <div className="rounded-xl bg-slate-50 p-4">
      <dt className="text-sm text-slate-600">{label}</dt>
      <dd className="mt-1 text-2xl font-semibold text-slate-900" data-testid={testId}>
        {money(cents)}
      </dd>
    </div>
  );
}

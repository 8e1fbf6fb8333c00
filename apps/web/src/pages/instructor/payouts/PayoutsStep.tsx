import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { FormAlert } from '../../../components/form/FormAlert';
import { linkClass } from '../../../components/form/styles';
import { StepSection } from '../StepSection';
import { OnboardingButton } from './OnboardingButton';
import { PayoutStatusCard } from './PayoutStatusCard';
import { payoutsQuery } from './payoutsApi';

/** The setup step for payouts: where the account stands, and the way to Stripe's onboarding. */
export function PayoutsStep() {
  const overview = useQuery(payoutsQuery());
  return (
    <StepSection
      id="payouts"
      title="Payouts"
      description="Stripe pays your earnings to your bank. Setting up takes a few minutes on Stripe’s secure pages: your details, your bank account."
    >
      {overview.isPending ? (
        <p role="status">Loading your payout account…</p>
      ) : overview.isError ? (
        <FormAlert error={overview.error} />
      ) : (
        <div className="space-y-4">
          <PayoutStatusCard overview={overview.data} />
          <OnboardingButton status={overview.data.status} />
          {overview.data.status !== 'not_started' && (
            <Link to="/instructor/payouts" className={linkClass}>
              See balances and payouts
            </Link>
          )}
        </div>
      )}
    </StepSection>
  );
}

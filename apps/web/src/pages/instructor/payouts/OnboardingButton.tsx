import { useMutation } from '@tanstack/react-query';
import { FormAlert } from '../../../components/form/FormAlert';
import { primaryButtonClass } from '../../../components/form/styles';
import { goTo, startOnboarding, type PayoutsOverview } from './payoutsApi';

/** "Set up payouts" (or "Continue setup"): asks for a fresh onboarding link and opens Stripe's page. */
export function OnboardingButton({ status }: { status: PayoutsOverview['status'] }) {
  const start = useMutation({ mutationFn: startOnboarding, onSuccess: ({ url }) => goTo(url) });
  if (status === 'enabled') return null;
  return (
    <div className="space-y-3">
      <button type="button" className={primaryButtonClass} disabled={start.isPending || start.isSuccess} onClick={() => start.mutate()}>
        {start.isPending || start.isSuccess ? 'Opening Stripe…' : status === 'not_started' ? 'Set up payouts' : 'Continue setup'}
      </button>
      {start.isError && <FormAlert error={start.error} />}
    </div>
  );
}

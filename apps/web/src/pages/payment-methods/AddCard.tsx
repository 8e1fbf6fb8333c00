import { useMutation } from '@tanstack/react-query';
import { lazy, Suspense } from 'react';
import { startCardSetup } from '../../api/paymentMethods';
import { FormAlert } from '../../components/form/FormAlert';
import { primaryButtonClass } from '../../components/form/styles';
import { LocalCardForm } from './LocalCardForm';

// Stripe.js and its React bindings load only when the provider is Stripe itself.
const StripeCardForm = lazy(async () => ({ default: (await import('./StripeCardForm')).StripeCardForm }));

/**
 * "Add a card": a SetupIntent from our API, then the card form of the provider it names —
 * the local Stripe's form in development, Stripe's Card Element otherwise.
 */
export function AddCard({ returnUrl, onSaved }: { returnUrl: string; onSaved: () => void }) {
  const setup = useMutation({ mutationFn: startCardSetup });

  if (!setup.data) {
    return (
      <div className="space-y-3">
        <button type="button" className={primaryButtonClass} disabled={setup.isPending} onClick={() => setup.mutate()}>
          {setup.isPending ? 'Preparing…' : 'Add a card'}
        </button>
        {setup.isError && <FormAlert error={setup.error} />}
      </div>
    );
  }

  const done = () => {
    setup.reset();
    onSaved();
  };
  const { provider, publishableKey, clientSecret, setupIntentId } = setup.data;
  return provider === 'local' ? (
    <LocalCardForm
      publishableKey={publishableKey}
      setupIntentId={setupIntentId}
      clientSecret={clientSecret}
      returnUrl={returnUrl}
      onSaved={done}
      onCancel={() => setup.reset()}
    />
  ) : (
    <Suspense fallback={<p role="status">Loading the card form…</p>}>
      <StripeCardForm publishableKey={publishableKey} clientSecret={clientSecret} onSaved={done} onCancel={() => setup.reset()} />
    </Suspense>
  );
}

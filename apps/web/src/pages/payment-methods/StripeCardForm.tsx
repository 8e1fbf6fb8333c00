import { CardElement, Elements, useElements, useStripe } from '@stripe/react-stripe-js';
import type { Stripe } from '@stripe/stripe-js';
import { loadStripe } from '@stripe/stripe-js/pure';
import { useState, type FormEvent } from 'react';
import { SubmitButton } from '../../components/form/SubmitButton';
import { secondaryButtonClass } from '../../components/form/styles';

interface StripeCardFormProps {
  publishableKey: string;
  clientSecret: string;
  onSaved: () => void;
  onCancel: () => void;
}

// One Stripe.js per key for the page's life (loading it again would add another script).
const loaded = new Map<string, Promise<Stripe | null>>();
function stripeFor(publishableKey: string): Promise<Stripe | null> {
  let stripe = loaded.get(publishableKey);
  if (!stripe) {
    stripe = loadStripe(publishableKey);
    loaded.set(publishableKey, stripe);
  }
  return stripe;
}

/**
 * With Stripe itself: Stripe's Card Element, and confirmCardSetup (Stripe.js runs any 3-D
 * Secure challenge in its own frame). Loaded only when the provider is Stripe; the local card
 * form never pulls Stripe.js in.
 */
export function StripeCardForm(props: StripeCardFormProps) {
  return (
    <Elements stripe={stripeFor(props.publishableKey)}>
      <CardSetupForm {...props} />
    </Elements>
  );
}

function CardSetupForm({ clientSecret, onSaved, onCancel }: StripeCardFormProps) {
  const stripe = useStripe();
  const elements = useElements();
  const [pending, setPending] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    const card = elements?.getElement(CardElement);
    if (!stripe || !card) return;
    setPending(true);
    setFailure(null);
    const result = await stripe.confirmCardSetup(clientSecret, { payment_method: { card } });
    setPending(false);
    if (result.error) setFailure(result.error.message ?? 'Your card could not be saved.');
    else onSaved();
  }

  return (
    <form onSubmit={(event) => void onSubmit(event)} aria-label="Add a card" className="space-y-4">
      <div>
        <span className="text-sm font-semibold text-slate-800">Card information</span>
        <div className="mt-1.5 rounded-lg border border-slate-300 bg-white px-3 py-3 shadow-sm">
          <CardElement options={{ hidePostalCode: false, style: { base: { fontSize: '16px', color: '#0f172a' } } }} />
        </div>
      </div>
      {failure && (
        <div role="alert" className="rounded-lg border border-red-200 bg-red-50 px-4 py-3 text-sm text-red-900">
          <p className="font-semibold">Your card was not saved</p>
          <p className="mt-1">{failure}</p>
        </div>
      )}
      <div className="flex flex-wrap gap-3">
        <SubmitButton pending={pending || !stripe} pendingLabel={stripe ? 'Saving card…' : 'Loading…'}>
          Save card
        </SubmitButton>
        <button type="button" onClick={onCancel} className={secondaryButtonClass} disabled={pending}>
          Cancel
        </button>
      </div>
    </form>
  );
}

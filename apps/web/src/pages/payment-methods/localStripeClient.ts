import type { CardDetails } from './cardInput';

/**
 * What Stripe.js does for a card setup, against the local Stripe served in development at
 * /api/v1/dev/stripe/v1/…: create the PaymentMethod with the publishable key, then confirm the
 * SetupIntent with its client secret. The card number goes only there, never to our API.
 */
const LOCAL_STRIPE = '/api/v1/dev/stripe/v1';

/** A refusal in Stripe's words (a decline, an incomplete card), to show as Stripe.js would. */
export class StripeCardError extends Error {
  constructor(
    message: string,
    readonly code?: string,
    readonly declineCode?: string,
  ) {
    super(message);
    this.name = 'StripeCardError';
  }
}

export type SetupOutcome = { status: 'succeeded' } | { status: 'requires_action'; redirectUrl: string };

async function call(path: string, publishableKey: string, params: Record<string, string>): Promise<Record<string, any>> {
  let response: Response;
  try {
    response = await fetch(`${LOCAL_STRIPE}${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${publishableKey}`, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(params).toString(),
    });
  } catch {
    throw new StripeCardError('We could not reach the card service. Check your connection and try again.');
  }
  const body = (await response.json().catch(() => ({}))) as Record<string, any>;
  if (!response.ok) {
    const error = body.error ?? {};
    throw new StripeCardError(String(error.message ?? 'Your card could not be saved.'), error.code, error.decline_code);
  }
  return body;
}

/** Saves the card on the SetupIntent; a card that needs 3-D Secure answers where to send the browser. */
export async function confirmCardSetup(input: {
  publishableKey: string;
  setupIntentId: string;
  clientSecret: string;
  card: CardDetails;
  returnUrl: string;
}): Promise<SetupOutcome> {
  const paymentMethod = await call('/payment_methods', input.publishableKey, {
    type: 'card',
    'card[number]': input.card.number,
    'card[exp_month]': String(input.card.expMonth),
    'card[exp_year]': String(input.card.expYear),
    'card[cvc]': input.card.cvc,
    'billing_details[address][postal_code]': input.card.zip,
  });
  const setup = await call(`/setup_intents/${encodeURIComponent(input.setupIntentId)}/confirm`, input.publishableKey, {
    client_secret: input.clientSecret,
    payment_method: String(paymentMethod.id),
    return_url: input.returnUrl,
  });
  if (setup.status === 'succeeded') return { status: 'succeeded' };
  if (setup.status === 'requires_action' && setup.next_action?.redirect_to_url?.url) {
    return { status: 'requires_action', redirectUrl: String(setup.next_action.redirect_to_url.url) };
  }
  const failure = setup.last_setup_error;
  throw new StripeCardError(String(failure?.message ?? 'Your card could not be saved.'), failure?.code, failure?.decline_code);
}

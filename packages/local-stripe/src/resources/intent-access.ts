import type { RequestContext } from '../context.ts';
import { invalidParam, missingParam } from '../errors.ts';
import type { FormObject } from '../form.ts';
import type { StoredObject } from '../store.ts';

/**
 * With the publishable key (Stripe.js), an intent is reached only with its client secret, as
 * Stripe checks it; the secret key needs none.
 */
export function checkClientSecret(ctx: RequestContext, params: FormObject, intent: StoredObject): void {
  if (!ctx.publishable) return;
  const secret = params.client_secret;
  if (typeof secret !== 'string' || secret === '') throw missingParam('client_secret');
  if (secret !== intent.body.client_secret) {
    throw invalidParam(
      `The client_secret provided does not match any associated ${intent.kind === 'setup_intent' ? 'SetupIntent' : 'PaymentIntent'} on this account. Ensure the publishable key used belongs to the same account that created the ${intent.kind === 'setup_intent' ? 'SetupIntent' : 'PaymentIntent'}.`,
      'client_secret',
      'resource_missing',
    );
  }
}

/** Where the browser goes for the local 3-D Secure page, and where that page returns. */
export function redirectToUrl(ctx: RequestContext, intentId: string, returnUrl: string | null): Record<string, unknown> {
  return {
    type: 'redirect_to_url',
    redirect_to_url: { url: `${ctx.publicBaseUrl}/api/v1/dev/stripe/3ds/${intentId}`, return_url: returnUrl },
  };
}

import type { PaymentAuthentication } from '../../api/bookings';

/** What the booking page adds to its own address to find the booking when the bank sends the browser back. */
export const RETURN_BOOKING_PARAM = 'booking';
/** The query parameters the way back from the bank carries (Stripe's names), taken off the address once read. */
export const PAYMENT_RETURN_PARAMS = [RETURN_BOOKING_PARAM, 'payment_intent', 'payment_intent_client_secret', 'redirect_status'] as const;

/**
 * Sends the student through their bank's check of a payment (3-D Secure), as Stripe.js does:
 * to the bank's page the provider named, which comes back to `returnUrl` with `payment_intent`
 * and `redirect_status`; without one (Stripe itself answering `use_stripe_sdk`), Stripe.js runs
 * the check in its own frame and the browser then goes to `returnUrl` the same way. Either way
 * the page at `returnUrl` asks the API, which reads the payment at the provider: what the
 * browser says is never what confirms the booking.
 */
export async function authenticatePayment(authentication: PaymentAuthentication, returnUrl: string): Promise<void> {
  if (authentication.redirectUrl) {
    const bank = new URL(authentication.redirectUrl, window.location.origin);
    bank.searchParams.set('return_url', returnUrl);
    window.location.assign(bank.toString());
    return;
  }
  const { loadStripe } = await import('@stripe/stripe-js/pure');
  const stripe = await loadStripe(authentication.publishableKey);
  if (!stripe) throw new Error('Stripe.js could not be loaded.');
  const result = await stripe.handleNextAction({ clientSecret: authentication.clientSecret });
  const back = new URL(returnUrl);
  back.searchParams.set('payment_intent', authentication.paymentIntentId);
  back.searchParams.set('redirect_status', result.error ? 'failed' : 'succeeded');
  window.location.assign(back.toString());
}

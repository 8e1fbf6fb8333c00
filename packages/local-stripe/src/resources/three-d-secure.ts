import type { RequestContext } from '../context.ts';
import { resourceMissing, unexpectedState } from '../errors.ts';
import { confirmPayment, failPaymentAuthentication } from './payment-flow.ts';
import { confirmSetup, failSetupAuthentication } from './setup-intents.ts';

/**
 * What the local 3-D Secure page does when the person presses Complete or Fail: the intent
 * leaves `requires_action` as Stripe's would after the issuer's challenge.
 */
export async function completeThreeDSecure(ctx: RequestContext, intentId: string, outcome: 'succeed' | 'fail'): Promise<void> {
  const kind = intentId.startsWith('seti_') ? 'setup_intent' : 'payment_intent';
  const intent = await ctx.store.get(kind, intentId);
  if (!intent) throw resourceMissing(kind === 'setup_intent' ? 'setupintent' : 'payment_intent', intentId);
  // The challenge belongs to the intent's account, whoever opened the page.
  ctx.account = intent.account;
  if (intent.body.status !== 'requires_action') {
    throw unexpectedState(`${kind}_unexpected_state`, `This ${kind} is not awaiting 3-D Secure authentication (status ${intent.body.status}).`);
  }
  if (outcome === 'fail') {
    if (kind === 'setup_intent') await failSetupAuthentication(ctx, intent);
    else await failPaymentAuthentication(ctx, intent);
    return;
  }
  const paymentMethod = await ctx.store.get('payment_method', intent.body.payment_method);
  if (!paymentMethod) throw resourceMissing('PaymentMethod', String(intent.body.payment_method));
  const returnUrl = (intent.internal.returnUrl as string | null | undefined) ?? null;
  if (kind === 'setup_intent') await confirmSetup(ctx, intent, paymentMethod, returnUrl, true);
  else await confirmPayment(ctx, intent, paymentMethod, { offSession: false, authenticated: true, returnUrl });
}

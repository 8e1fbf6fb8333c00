import { emitEvent, ok, type Reply, type RequestContext } from '../context.ts';
import { invalidParam } from '../errors.ts';
import type { StoredObject } from '../store.ts';
import { CARD_AVAILABILITY_SECONDS, recordBalanceTransaction, stripeProcessingFee } from './balance.ts';
import { redirectToUrl } from './intent-access.ts';
import { createObject } from './objects.ts';
import { attachPaymentMethod, declineFor, type PaymentMethodInternal } from './payment-methods.ts';
import { createTransfer } from './transfers.ts';

/**
 * How long a card-not-present authorization lasts from confirmation: 7 days, except a Visa
 * merchant-initiated one (off session), which lapses after 4 days 18 hours (Stripe's "place a
 * hold" page: Visa MIT 5 days, exactly 4 days 18 h).
 */
export const AUTHORIZATION_VALIDITY_SECONDS = 7 * 24 * 60 * 60;
export const VISA_MERCHANT_INITIATED_VALIDITY_SECONDS = (4 * 24 + 18) * 60 * 60;

function authorizationValiditySeconds(brand: unknown, offSession: boolean): number {
  return brand === 'visa' && offSession ? VISA_MERCHANT_INITIATED_VALIDITY_SECONDS : AUTHORIZATION_VALIDITY_SECONDS;
}

interface Decline {
  code: string;
  decline_code: string;
  message: string;
}

const authenticationRequired: Decline = {
  code: 'authentication_required',
  decline_code: 'authentication_required',
  message: 'Your card was declined. This transaction requires authentication.',
};

/** What the card does when charged: decline, ask for 3-D Secure, or authorize. */
function outcomeFor(internal: PaymentMethodInternal, offSession: boolean, authenticated: boolean): 'authorize' | 'challenge' | Decline {
  const { behaviour } = internal;
  const needsChallenge =
    !authenticated &&
    (behaviour === 'authentication_always' ||
      behaviour === 'authenticates_then_insufficient_funds' ||
      (behaviour === 'authentication_unless_set_up' && !internal.setUpForOffSession));
  if (needsChallenge) return offSession ? authenticationRequired : 'challenge';
  const decline =
    declineFor(behaviour) ??
    (behaviour === 'attaches_charges_fail' ? declineFor('declined_generic') : undefined) ??
    (behaviour === 'authenticates_then_insufficient_funds' ? declineFor('declined_insufficient_funds') : undefined);
  return decline ?? 'authorize';
}

function cardDetails(paymentMethod: StoredObject, extra: Record<string, unknown>): Record<string, unknown> {
  const card = paymentMethod.body.card;
  return {
    card: {
      brand: card.brand,
      country: card.country,
      exp_month: card.exp_month,
      exp_year: card.exp_year,
      fingerprint: card.fingerprint,
      funding: card.funding,
      last4: card.last4,
      network: card.brand,
      ...extra,
    },
    type: 'card',
  };
}

async function createCharge(ctx: RequestContext, intent: StoredObject, paymentMethod: StoredObject, body: Record<string, unknown>) {
  const pi = intent.body;
  return createObject(ctx, {
    kind: 'charge',
    prefix: 'ch',
    parent: intent.id,
    body: {
      amount: pi.amount,
      amount_captured: 0,
      amount_refunded: 0,
      application_fee: null,
      application_fee_amount: null,
      balance_transaction: null,
      billing_details: paymentMethod.body.billing_details,
      captured: false,
      currency: pi.currency,
      customer: pi.customer,
      description: pi.description,
      disputed: false,
      failure_code: null,
      failure_message: null,
      metadata: pi.metadata,
      on_behalf_of: pi.on_behalf_of,
      paid: false,
      payment_intent: intent.id,
      payment_method: paymentMethod.id,
      refunded: false,
      status: 'pending',
      transfer: null,
      transfer_data: pi.transfer_data,
      transfer_group: pi.transfer_group,
      ...body,
    },
  });
}

/**
 * Confirms a PaymentIntent with a card: the §1.1 transitions out of any `requires_*` state.
 * A decline still changes state, so it is an answer (402), not a rolled-back error.
 */
export async function confirmPayment(
  ctx: RequestContext,
  intent: StoredObject,
  paymentMethod: StoredObject,
  options: { offSession: boolean; authenticated: boolean; returnUrl: string | null },
): Promise<Reply> {
  const owner = paymentMethod.body.customer as string | null;
  if (owner && owner !== intent.body.customer) {
    throw invalidParam(
      intent.body.customer
        ? `The provided PaymentMethod ${paymentMethod.id} does not belong to the Customer ${intent.body.customer}.`
        : `The provided PaymentMethod ${paymentMethod.id} is attached to a Customer: pass that customer with the PaymentIntent to use it.`,
      'payment_method',
    );
  }
  const internal = paymentMethod.internal as PaymentMethodInternal;
  const outcome = outcomeFor(internal, options.offSession, options.authenticated);
  intent.body.payment_method = paymentMethod.id;
  intent.body.last_payment_error = null;
  intent.body.next_action = null;
  intent.internal.offSession = options.offSession;
  if (outcome === 'challenge') {
    intent.internal.returnUrl = options.returnUrl;
    Object.assign(intent.body, { status: 'requires_action', next_action: redirectToUrl(ctx, intent.id, options.returnUrl) });
    await ctx.store.save(intent);
    await emitEvent(ctx, 'payment_intent.requires_action', intent.body);
    return ok(intent.body);
  }
  if (outcome !== 'authorize') return declinePayment(ctx, intent, paymentMethod, outcome);

  const manual = intent.body.capture_method === 'manual';
  const captureBefore = ctx.nowSeconds + authorizationValiditySeconds(paymentMethod.body.card?.brand, options.offSession);
  const charge = await createCharge(ctx, intent, paymentMethod, {
    outcome: { network_status: 'approved_by_network', reason: null, risk_level: 'normal', seller_message: 'Payment complete.', type: 'authorized' },
    paid: true,
    status: 'succeeded',
    payment_method_details: cardDetails(paymentMethod, {
      ...(manual ? { capture_before: captureBefore } : {}),
      three_d_secure: options.authenticated ? { authentication_flow: 'challenge', result: 'authenticated', version: '2.2.0' } : null,
    }),
  });
  intent.body.latest_charge = charge.id;
  if (intent.body.setup_future_usage && intent.body.customer) {
    await attachPaymentMethod(ctx, paymentMethod, intent.body.customer);
    if (options.authenticated || internal.behaviour !== 'authentication_unless_set_up') {
      paymentMethod.internal = { ...internal, setUpForOffSession: true };
      await ctx.store.save(paymentMethod);
    }
  }
  await emitEvent(ctx, 'charge.succeeded', charge.body);
  if (manual) {
    Object.assign(intent.body, { status: 'requires_capture', amount_capturable: intent.body.amount });
    intent.deadline = captureBefore;
    await ctx.store.save(intent);
    await emitEvent(ctx, 'payment_intent.amount_capturable_updated', intent.body);
    return ok(intent.body);
  }
  await captureFunds(ctx, intent, charge, intent.body.amount, intent.body.application_fee_amount);
  return ok(intent.body);
}

async function declinePayment(ctx: RequestContext, intent: StoredObject, paymentMethod: StoredObject, decline: Decline): Promise<Reply> {
  const charge = await createCharge(ctx, intent, paymentMethod, {
    failure_code: decline.code,
    failure_message: decline.message,
    outcome: { network_status: 'declined_by_network', reason: decline.decline_code, risk_level: 'normal', seller_message: 'The bank did not return any further details with this decline.', type: 'issuer_declined' },
    status: 'failed',
    payment_method_details: cardDetails(paymentMethod, {}),
  });
  const error = {
    type: 'card_error',
    charge: charge.id,
    code: decline.code,
    decline_code: decline.decline_code,
    doc_url: `https://stripe.com/docs/error-codes/${decline.code.replace(/_/g, '-')}`,
    message: decline.message,
    payment_method: paymentMethod.body,
  };
  Object.assign(intent.body, { status: 'requires_payment_method', payment_method: null, latest_charge: charge.id, last_payment_error: error });
  await ctx.store.save(intent);
  await emitEvent(ctx, 'charge.failed', charge.body);
  await emitEvent(ctx, 'payment_intent.payment_failed', intent.body);
  return { status: 402, body: { error: { ...error, payment_intent: intent.body } } };
}

/** The local 3-D Secure page failed the challenge: back to requires_payment_method. */
export async function failPaymentAuthentication(ctx: RequestContext, intent: StoredObject): Promise<void> {
  const paymentMethod = intent.body.payment_method ? await ctx.store.get('payment_method', intent.body.payment_method) : undefined;
  const error = {
    type: 'invalid_request_error',
    code: 'payment_intent_authentication_failure',
    doc_url: 'https://stripe.com/docs/error-codes/payment-intent-authentication-failure',
    message: 'The provided PaymentMethod has failed authentication. You can provide payment_method_data or a new PaymentMethod to attempt to fulfill this PaymentIntent again.',
    payment_method: paymentMethod?.body ?? null,
  };
  Object.assign(intent.body, { status: 'requires_payment_method', payment_method: null, next_action: null, last_payment_error: error });
  await ctx.store.save(intent);
  await emitEvent(ctx, 'payment_intent.payment_failed', intent.body);
}

/**
 * Captures `amount` of an authorized charge: the charge's balance transaction with Stripe's fee,
 * and for a destination charge the transfer of (captured − application fee) and the fee object.
 */
export async function captureFunds(
  ctx: RequestContext,
  intent: StoredObject,
  charge: StoredObject,
  amount: number,
  applicationFee: number | null,
): Promise<void> {
  const currency = intent.body.currency;
  const wasAuthorizedOnly = intent.body.status === 'requires_capture';
  Object.assign(charge.body, { captured: true, amount_captured: amount });
  charge.body.balance_transaction = await recordBalanceTransaction(ctx, {
    type: 'charge', amount, currency, source: charge.id, account: ctx.account,
    fee: stripeProcessingFee(amount), availableOn: ctx.nowSeconds + CARD_AVAILABILITY_SECONDS,
    description: intent.body.description,
  });
  // Saved now: the transfer below reads when the charge's funds become available.
  await ctx.store.save(charge);
  const destination = intent.body.transfer_data?.destination as string | undefined;
  if (destination) {
    // Stripe's destination charge: the whole captured amount (or transfer_data[amount]) goes to
    // the account, then the application fee, capped at the captured amount, comes back.
    const fee = Math.min(applicationFee ?? 0, amount);
    const transfer = await createTransfer(ctx, {
      amount: (intent.body.transfer_data.amount as number | undefined) ?? amount,
      currency,
      destination,
      sourceTransaction: charge.id,
      transferGroup: intent.body.transfer_group ?? `group_${intent.id}`,
      applicationFee: fee,
    });
    charge.body.transfer = transfer.id;
    if (fee > 0) await collectApplicationFee(ctx, charge, destination, fee);
  }
  await ctx.store.save(charge);
  Object.assign(intent.body, { status: 'succeeded', amount_received: amount, amount_capturable: 0, application_fee_amount: applicationFee });
  intent.deadline = null;
  await ctx.store.save(intent);
  if (wasAuthorizedOnly) await emitEvent(ctx, 'charge.captured', charge.body);
  await emitEvent(ctx, 'payment_intent.succeeded', intent.body);
}

/** The platform's application fee on a destination charge, taken back from the account's payment. */
async function collectApplicationFee(ctx: RequestContext, charge: StoredObject, destination: string, fee: number): Promise<void> {
  const currency = charge.body.currency as string;
  const applicationFee = await createObject(ctx, {
    kind: 'application_fee',
    prefix: 'fee',
    parent: charge.id,
    body: {
      account: destination,
      amount: fee,
      amount_refunded: 0,
      application: 'ca_local_platform',
      balance_transaction: null,
      charge: charge.id,
      currency,
      originating_transaction: null,
      refunded: false,
      refunds: { object: 'list', data: [], has_more: false, total_count: 0, url: '' },
    },
  });
  applicationFee.body.refunds.url = `/v1/application_fees/${applicationFee.id}/refunds`;
  const chargeTransaction = await ctx.store.get('balance_transaction', charge.body.balance_transaction);
  applicationFee.body.balance_transaction = await recordBalanceTransaction(ctx, {
    type: 'application_fee', amount: fee, currency, source: applicationFee.id, account: ctx.account,
    availableOn: chargeTransaction?.body.available_on,
  });
  await ctx.store.save(applicationFee);
  charge.body.application_fee = applicationFee.id;
  charge.body.application_fee_amount = fee;
  await emitEvent(ctx, 'application_fee.created', applicationFee.body);
}

/**
 * An authorization ends without capture (cancel, or the window passed): the hold is released,
 * which Stripe shows as the uncaptured charge fully refunded.
 */
export async function releaseAuthorization(ctx: RequestContext, intent: StoredObject, reason: string | null, chargeEvent: string): Promise<void> {
  const charge = intent.body.latest_charge ? await ctx.store.get('charge', intent.body.latest_charge) : undefined;
  const held = intent.body.status === 'requires_capture';
  Object.assign(intent.body, { status: 'canceled', cancellation_reason: reason, canceled_at: ctx.nowSeconds, amount_capturable: 0, next_action: null });
  intent.deadline = null;
  await ctx.store.save(intent);
  if (held && charge) {
    Object.assign(charge.body, { refunded: true, amount_refunded: charge.body.amount });
    await ctx.store.save(charge);
    await emitEvent(ctx, chargeEvent, charge.body);
  }
  await emitEvent(ctx, 'payment_intent.canceled', intent.body);
}

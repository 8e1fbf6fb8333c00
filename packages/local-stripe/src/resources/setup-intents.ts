import { emitEvent, ok, type Reply, type RequestContext, type Route } from '../context.ts';
import { invalidParam, missingParam, unexpectedState } from '../errors.ts';
import type { FormObject } from '../form.ts';
import { newClientSecret, newId } from '../ids.ts';
import { allowOnly, mergeMetadata, oneOf, optionalBoolean, optionalString, pageParams } from '../params.ts';
import type { StoredObject } from '../store.ts';
import { checkClientSecret, redirectToUrl } from './intent-access.ts';
import { createObject, listObjects, load } from './objects.ts';
import { attachPaymentMethod, declineFor, paymentMethodForConfirm, resolvePaymentMethod, type PaymentMethodInternal } from './payment-methods.ts';

const confirmable = ['requires_payment_method', 'requires_confirmation', 'requires_action'];
const cancelable = ['requires_payment_method', 'requires_confirmation', 'requires_action'];

async function create(ctx: RequestContext, params: FormObject) {
  allowOnly(params, [
    'customer', 'payment_method', 'usage', 'confirm', 'metadata', 'description', 'payment_method_types',
    'automatic_payment_methods', 'return_url', 'payment_method_options',
  ]);
  const customer = optionalString(params, 'customer');
  if (customer) await load(ctx, 'customer', customer, 'customer');
  const usage = oneOf(params, 'usage', ['off_session', 'on_session'] as const) ?? 'off_session';
  const paymentMethodId = optionalString(params, 'payment_method');
  const paymentMethod = paymentMethodId ? await resolvePaymentMethod(ctx, paymentMethodId) : undefined;
  const confirm = optionalBoolean(params, 'confirm') ?? false;
  const returnUrl = optionalString(params, 'return_url') ?? null;
  if (returnUrl && !confirm) throw invalidParam('You can only pass in return_url when confirm=true.', 'return_url');
  const id = newId('seti');
  const intent = await createObject(ctx, {
    id,
    kind: 'setup_intent',
    prefix: 'seti',
    body: {
      application: null,
      automatic_payment_methods: null,
      cancellation_reason: null,
      client_secret: newClientSecret(id),
      customer: customer ?? null,
      description: optionalString(params, 'description') ?? null,
      flow_directions: null,
      last_setup_error: null,
      latest_attempt: null,
      mandate: null,
      metadata: mergeMetadata({}, params.metadata),
      next_action: null,
      on_behalf_of: null,
      payment_method: paymentMethod?.id ?? null,
      payment_method_options: { card: { request_three_d_secure: 'automatic' } },
      payment_method_types: ['card'],
      single_use_mandate: null,
      status: paymentMethod ? 'requires_confirmation' : 'requires_payment_method',
      usage,
    },
    parent: customer ?? null,
  });
  await emitEvent(ctx, 'setup_intent.created', intent.body);
  if (!confirm) return ok(intent.body);
  if (!paymentMethod) throw missingParam('payment_method');
  return confirmSetup(ctx, intent, paymentMethod, returnUrl, false);
}

/** Runs the card's behaviour against a SetupIntent (Stripe's $0 check and 3-D Secure). */
export async function confirmSetup(
  ctx: RequestContext,
  intent: StoredObject,
  paymentMethod: StoredObject,
  returnUrl: string | null,
  authenticated: boolean,
): Promise<Reply> {
  const internal = paymentMethod.internal as PaymentMethodInternal;
  intent.body.payment_method = paymentMethod.id;
  intent.body.last_setup_error = null;
  intent.body.next_action = null;
  const decline = declineFor(internal.behaviour);
  if (decline) {
    const error = { type: 'card_error', ...decline, payment_method: paymentMethod.body, doc_url: 'https://stripe.com/docs/error-codes/card-declined' };
    Object.assign(intent.body, { status: 'requires_payment_method', payment_method: null, last_setup_error: error });
    await ctx.store.save(intent);
    await emitEvent(ctx, 'setup_intent.setup_failed', intent.body);
    return { status: 402, body: { error: { ...error, setup_intent: intent.body } } };
  }
  const challenge = ['authentication_always', 'authentication_unless_set_up', 'authenticates_then_insufficient_funds'];
  if (!authenticated && challenge.includes(internal.behaviour)) {
    intent.internal.returnUrl = returnUrl;
    Object.assign(intent.body, { status: 'requires_action', next_action: redirectToUrl(ctx, intent.id, returnUrl) });
    await ctx.store.save(intent);
    await emitEvent(ctx, 'setup_intent.requires_action', intent.body);
    return ok(intent.body);
  }
  if (intent.body.customer) await attachPaymentMethod(ctx, paymentMethod, intent.body.customer);
  if (intent.body.usage === 'off_session') {
    paymentMethod.internal = { ...internal, setUpForOffSession: true };
    await ctx.store.save(paymentMethod);
  }
  Object.assign(intent.body, { status: 'succeeded' });
  await ctx.store.save(intent);
  await emitEvent(ctx, 'setup_intent.succeeded', intent.body);
  return ok(intent.body);
}

/** The local 3-D Secure page failed the challenge. */
export async function failSetupAuthentication(ctx: RequestContext, intent: StoredObject): Promise<void> {
  const paymentMethod = intent.body.payment_method ? await ctx.store.get('payment_method', intent.body.payment_method) : undefined;
  const error = {
    type: 'invalid_request_error',
    code: 'setup_intent_authentication_failure',
    message: 'The latest attempt to set up the payment method has failed because authentication failed.',
    payment_method: paymentMethod?.body ?? null,
    doc_url: 'https://stripe.com/docs/error-codes/setup-intent-authentication-failure',
  };
  Object.assign(intent.body, { status: 'requires_payment_method', payment_method: null, next_action: null, last_setup_error: error });
  await ctx.store.save(intent);
  await emitEvent(ctx, 'setup_intent.setup_failed', intent.body);
}

async function confirm(ctx: RequestContext, params: FormObject, [id]: string[]) {
  allowOnly(params, ['payment_method', 'return_url', 'payment_method_data', 'use_stripe_sdk', 'mandate_data']);
  const intent = await load(ctx, 'setup_intent', id!);
  checkClientSecret(ctx, params, intent);
  if (!confirmable.includes(intent.body.status)) {
    throw unexpectedState(
      'setup_intent_unexpected_state',
      `You cannot confirm this SetupIntent because it has a status of ${intent.body.status}. Only a SetupIntent with one of the following statuses may be confirmed: ${confirmable.join(', ')}.`,
      { setup_intent: intent.body },
    );
  }
  const paymentMethod = await paymentMethodForConfirm(ctx, params, intent.body.payment_method);
  return confirmSetup(ctx, intent, paymentMethod, optionalString(params, 'return_url') ?? null, false);
}

async function cancel(ctx: RequestContext, params: FormObject, [id]: string[]) {
  allowOnly(params, ['cancellation_reason']);
  const reason = oneOf(params, 'cancellation_reason', ['abandoned', 'requested_by_customer', 'duplicate'] as const) ?? null;
  const intent = await load(ctx, 'setup_intent', id!);
  if (!cancelable.includes(intent.body.status)) {
    throw unexpectedState(
      'setup_intent_unexpected_state',
      `You cannot cancel this SetupIntent because it has a status of ${intent.body.status}. Only a SetupIntent with one of the following statuses may be canceled: ${cancelable.join(', ')}.`,
      { setup_intent: intent.body },
    );
  }
  Object.assign(intent.body, { status: 'canceled', cancellation_reason: reason, next_action: null });
  await ctx.store.save(intent);
  await emitEvent(ctx, 'setup_intent.canceled', intent.body);
  return ok(intent.body);
}

async function retrieve(ctx: RequestContext, params: FormObject, [id]: string[]) {
  const intent = await load(ctx, 'setup_intent', id!);
  checkClientSecret(ctx, params, intent);
  return ok(intent.body);
}

async function list(ctx: RequestContext, params: FormObject) {
  allowOnly(params, ['customer', 'payment_method', 'limit', 'starting_after', 'ending_before']);
  const customer = optionalString(params, 'customer');
  const paymentMethod = optionalString(params, 'payment_method');
  return ok(
    await listObjects(ctx, 'setup_intent', '/v1/setup_intents', pageParams(params), {
      ...(customer ? { parent: customer } : {}),
      ...(paymentMethod ? { fields: { payment_method: paymentMethod } } : {}),
    }),
  );
}

export const setupIntentRoutes: Route[] = [
  { method: 'POST', pattern: /^\/v1\/setup_intents$/, handle: create },
  { method: 'GET', pattern: /^\/v1\/setup_intents$/, handle: list },
  { method: 'GET', pattern: /^\/v1\/setup_intents\/([^/]+)$/, handle: retrieve, publishable: true },
  { method: 'POST', pattern: /^\/v1\/setup_intents\/([^/]+)\/confirm$/, handle: confirm, publishable: true },
  { method: 'POST', pattern: /^\/v1\/setup_intents\/([^/]+)\/cancel$/, handle: cancel },
];

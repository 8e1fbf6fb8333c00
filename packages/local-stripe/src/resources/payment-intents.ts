import { emitEvent, ok, type RequestContext, type Route } from '../context.ts';
import { invalidParam, missingParam, unexpectedState } from '../errors.ts';
import type { FormObject } from '../form.ts';
import { newClientSecret, newId } from '../ids.ts';
import {
  allowOnly, mergeMetadata, oneOf, optionalBoolean, optionalInteger, optionalObject, optionalString, pageParams, requiredInteger, requiredString,
} from '../params.ts';
import type { StoredObject } from '../store.ts';
import { requireTransferDestination } from './accounts.ts';
import { checkClientSecret } from './intent-access.ts';
import { createObject, listObjects, load } from './objects.ts';
import { captureFunds, confirmPayment, releaseAuthorization } from './payment-flow.ts';
import { paymentMethodForConfirm, resolvePaymentMethod } from './payment-methods.ts';

const confirmable = ['requires_payment_method', 'requires_confirmation', 'requires_action'];
const cancelable = ['requires_payment_method', 'requires_capture', 'requires_confirmation', 'requires_action', 'processing'];
const userCancellationReasons = ['duplicate', 'fraudulent', 'requested_by_customer', 'abandoned'] as const;

function illegalMove(intent: StoredObject, verb: string, allowed: readonly string[]) {
  return unexpectedState(
    'payment_intent_unexpected_state',
    `You cannot ${verb} this PaymentIntent because it has a status of ${intent.body.status}. Only a PaymentIntent with one of the following statuses may be ${verb === 'cancel' ? 'canceled' : `${verb}d`}: ${allowed.join(', ')}.`,
    { payment_intent: intent.body },
  );
}

async function readTransferData(ctx: RequestContext, params: FormObject): Promise<Record<string, unknown> | null> {
  const transferData = optionalObject(params, 'transfer_data');
  if (!transferData) return null;
  const destination = transferData.destination;
  if (typeof destination !== 'string' || destination === '') throw missingParam('transfer_data[destination]');
  await requireTransferDestination(ctx, destination, 'transfer_data[destination]');
  const amount = transferData.amount === undefined ? undefined : Number(transferData.amount);
  if (amount !== undefined && !Number.isInteger(amount)) throw invalidParam('Invalid integer', 'transfer_data[amount]', 'parameter_invalid_integer');
  return { destination, ...(amount !== undefined ? { amount } : {}) };
}

async function create(ctx: RequestContext, params: FormObject) {
  allowOnly(params, [
    'amount', 'currency', 'customer', 'payment_method', 'capture_method', 'confirm', 'off_session', 'transfer_data',
    'application_fee_amount', 'metadata', 'description', 'setup_future_usage', 'payment_method_types', 'return_url',
    'transfer_group', 'on_behalf_of', 'automatic_payment_methods', 'statement_descriptor_suffix', 'receipt_email',
    'confirmation_method', 'payment_method_options', 'error_on_requires_action',
  ]);
  const amount = requiredInteger(params, 'amount');
  const currency = requiredString(params, 'currency').toLowerCase();
  if (!/^[a-z]{3}$/.test(currency)) throw invalidParam(`Invalid currency: ${currency}.`, 'currency');
  if (amount < 50) throw invalidParam(`Amount must be at least $0.50 ${currency}`, 'amount', 'amount_too_small');
  const customer = optionalString(params, 'customer');
  if (customer) await load(ctx, 'customer', customer, 'customer');
  const captureMethod = oneOf(params, 'capture_method', ['automatic', 'automatic_async', 'manual'] as const) ?? 'automatic_async';
  const confirm = optionalBoolean(params, 'confirm') ?? false;
  const offSession = optionalBoolean(params, 'off_session') ?? false;
  if (offSession && !confirm) throw invalidParam('off_session can only be passed when confirm=true.', 'off_session');
  const transferData = await readTransferData(ctx, params);
  const applicationFee = optionalInteger(params, 'application_fee_amount') ?? null;
  if (applicationFee !== null && applicationFee > amount) {
    throw invalidParam('The application fee amount cannot be greater than the payment amount.', 'application_fee_amount');
  }
  const returnUrl = optionalString(params, 'return_url') ?? null;
  if (returnUrl && !confirm) throw invalidParam('You can only pass in return_url when confirm=true.', 'return_url');
  const paymentMethodId = optionalString(params, 'payment_method');
  const paymentMethod = paymentMethodId ? await resolvePaymentMethod(ctx, paymentMethodId) : undefined;
  if (confirm && !paymentMethod) throw missingParam('payment_method');
  const id = newId('pi');
  const intent = await createObject(ctx, {
    id,
    kind: 'payment_intent',
    prefix: 'pi',
    parent: customer ?? null,
    body: {
      amount,
      amount_capturable: 0,
      amount_details: { tip: {} },
      amount_received: 0,
      application: null,
      application_fee_amount: applicationFee,
      automatic_payment_methods: null,
      canceled_at: null,
      cancellation_reason: null,
      capture_method: captureMethod,
      client_secret: newClientSecret(id),
      confirmation_method: 'automatic',
      currency,
      customer: customer ?? null,
      description: optionalString(params, 'description') ?? null,
      last_payment_error: null,
      latest_charge: null,
      metadata: mergeMetadata({}, params.metadata),
      next_action: null,
      on_behalf_of: optionalString(params, 'on_behalf_of') ?? null,
      payment_method: paymentMethod?.id ?? null,
      payment_method_types: ['card'],
      receipt_email: optionalString(params, 'receipt_email') ?? null,
      setup_future_usage: oneOf(params, 'setup_future_usage', ['off_session', 'on_session'] as const) ?? null,
      status: paymentMethod ? 'requires_confirmation' : 'requires_payment_method',
      transfer_data: transferData,
      transfer_group: optionalString(params, 'transfer_group') ?? null,
    },
  });
  await emitEvent(ctx, 'payment_intent.created', intent.body);
  if (!confirm || !paymentMethod) return ok(intent.body);
  return confirmPayment(ctx, intent, paymentMethod, { offSession, authenticated: false, returnUrl });
}

async function confirm(ctx: RequestContext, params: FormObject, [id]: string[]) {
  allowOnly(params, ['payment_method', 'off_session', 'return_url', 'setup_future_usage', 'payment_method_data', 'use_stripe_sdk', 'error_on_requires_action', 'mandate_data', 'receipt_email']);
  const intent = await load(ctx, 'payment_intent', id!);
  checkClientSecret(ctx, params, intent);
  if (!confirmable.includes(intent.body.status)) throw illegalMove(intent, 'confirm', confirmable);
  const setupFutureUsage = oneOf(params, 'setup_future_usage', ['off_session', 'on_session'] as const);
  if (setupFutureUsage) intent.body.setup_future_usage = setupFutureUsage;
  const paymentMethod = await paymentMethodForConfirm(ctx, params, intent.body.payment_method);
  return confirmPayment(ctx, intent, paymentMethod, {
    offSession: optionalBoolean(params, 'off_session') ?? false,
    authenticated: false,
    returnUrl: optionalString(params, 'return_url') ?? null,
  });
}

async function capture(ctx: RequestContext, params: FormObject, [id]: string[]) {
  allowOnly(params, ['amount_to_capture', 'application_fee_amount', 'metadata', 'final_capture', 'statement_descriptor_suffix', 'transfer_data']);
  const intent = await load(ctx, 'payment_intent', id!);
  if (intent.body.status !== 'requires_capture') {
    throw unexpectedState(
      'payment_intent_unexpected_state',
      `This PaymentIntent could not be captured because it has a status of ${intent.body.status}. Only a PaymentIntent with one of the following statuses may be captured: requires_capture.`,
      { payment_intent: intent.body },
    );
  }
  const capturable = intent.body.amount_capturable as number;
  const amount = optionalInteger(params, 'amount_to_capture') ?? capturable;
  if (amount < 1) throw invalidParam('This value must be greater than or equal to 1.', 'amount_to_capture');
  if (amount > capturable) {
    throw invalidParam(`The amount_to_capture (${amount}) must be less than or equal to the PaymentIntent's amount_capturable (${capturable}).`, 'amount_to_capture', 'amount_too_large');
  }
  const requestedFee = optionalInteger(params, 'application_fee_amount') ?? intent.body.application_fee_amount;
  // "The amount of the application fee collected will be capped at the total amount captured."
  const applicationFee = requestedFee === null ? null : Math.min(requestedFee, amount);
  const transferData = optionalObject(params, 'transfer_data');
  if (transferData?.amount !== undefined) {
    intent.body.transfer_data = { ...intent.body.transfer_data, amount: Number(transferData.amount) };
  }
  intent.body.metadata = mergeMetadata(intent.body.metadata, params.metadata);
  const charge = await load(ctx, 'charge', intent.body.latest_charge);
  await captureFunds(ctx, intent, charge, amount, applicationFee);
  return ok(intent.body);
}

async function cancel(ctx: RequestContext, params: FormObject, [id]: string[]) {
  allowOnly(params, ['cancellation_reason']);
  const reason = optionalString(params, 'cancellation_reason');
  if (reason !== undefined && !(userCancellationReasons as readonly string[]).includes(reason)) {
    throw invalidParam(
      `Invalid cancellation_reason: must be one of ${userCancellationReasons.slice(0, -1).join(', ')}, or ${userCancellationReasons.at(-1)}`,
      'cancellation_reason',
    );
  }
  const intent = await load(ctx, 'payment_intent', id!);
  if (!cancelable.includes(intent.body.status)) throw illegalMove(intent, 'cancel', cancelable);
  await releaseAuthorization(ctx, intent, reason ?? null, 'charge.refunded');
  return ok(intent.body);
}

async function retrieve(ctx: RequestContext, params: FormObject, [id]: string[]) {
  const intent = await load(ctx, 'payment_intent', id!);
  checkClientSecret(ctx, params, intent);
  return ok(intent.body);
}

async function update(ctx: RequestContext, params: FormObject, [id]: string[]) {
  allowOnly(params, ['metadata', 'description', 'amount', 'application_fee_amount', 'payment_method', 'receipt_email']);
  const intent = await load(ctx, 'payment_intent', id!);
  const terminal = ['succeeded', 'canceled', 'requires_capture', 'processing'].includes(intent.body.status);
  const changesMoney = params.amount !== undefined || params.payment_method !== undefined || params.application_fee_amount !== undefined;
  if (terminal && changesMoney) {
    throw unexpectedState('payment_intent_unexpected_state', `This PaymentIntent's amount could not be updated because it has a status of ${intent.body.status}.`, { payment_intent: intent.body });
  }
  intent.body.metadata = mergeMetadata(intent.body.metadata, params.metadata);
  if (params.description !== undefined) intent.body.description = optionalString(params, 'description') ?? null;
  const amount = optionalInteger(params, 'amount');
  if (amount !== undefined) intent.body.amount = amount;
  const fee = optionalInteger(params, 'application_fee_amount');
  if (fee !== undefined) intent.body.application_fee_amount = fee;
  const paymentMethodId = optionalString(params, 'payment_method');
  if (paymentMethodId) {
    intent.body.payment_method = (await resolvePaymentMethod(ctx, paymentMethodId)).id;
    intent.body.status = 'requires_confirmation';
  }
  // Stripe has no payment_intent.updated event: an update is seen by retrieving the intent.
  await ctx.store.save(intent);
  return ok(intent.body);
}

async function list(ctx: RequestContext, params: FormObject) {
  allowOnly(params, ['customer', 'limit', 'starting_after', 'ending_before']);
  const customer = optionalString(params, 'customer');
  return ok(await listObjects(ctx, 'payment_intent', '/v1/payment_intents', pageParams(params), customer ? { parent: customer } : {}));
}

export const paymentIntentRoutes: Route[] = [
  { method: 'POST', pattern: /^\/v1\/payment_intents$/, handle: create },
  { method: 'GET', pattern: /^\/v1\/payment_intents$/, handle: list },
  { method: 'GET', pattern: /^\/v1\/payment_intents\/([^/]+)$/, handle: retrieve, publishable: true },
  { method: 'POST', pattern: /^\/v1\/payment_intents\/([^/]+)$/, handle: update },
  { method: 'POST', pattern: /^\/v1\/payment_intents\/([^/]+)\/confirm$/, handle: confirm, publishable: true },
  { method: 'POST', pattern: /^\/v1\/payment_intents\/([^/]+)\/capture$/, handle: capture },
  { method: 'POST', pattern: /^\/v1\/payment_intents\/([^/]+)\/cancel$/, handle: cancel },
];

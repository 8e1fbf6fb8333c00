import { cardFacts, testCardForShortcut, luhnValid, type CardBehaviour } from '../cards.ts';
import { emitEvent, ok, previousAttributes, type RequestContext, type Route } from '../context.ts';
import { StripeApiError, cardError, invalidParam, missingParam, resourceMissing, unexpectedState } from '../errors.ts';
import type { FormObject } from '../form.ts';
import { allowOnly, mergeMetadata, optionalObject, optionalString, pageParams, requiredString } from '../params.ts';
import type { StoredObject } from '../store.ts';
import { createObject, listObjects, load } from './objects.ts';

export interface PaymentMethodInternal {
  behaviour: CardBehaviour;
  /** 3155: authenticated once for off-session use, later charges need no challenge. */
  setUpForOffSession?: boolean;
}

/** A card error found before anything is created: nothing is saved under the idempotency key. */
function cardValidation(code: string, message: string, param: string): StripeApiError {
  return new StripeApiError(402, { type: 'card_error', code, message, param }, true);
}

function nowYearMonth(ctx: RequestContext): { year: number; month: number } {
  const date = new Date(ctx.nowSeconds * 1000);
  return { year: date.getUTCFullYear(), month: date.getUTCMonth() + 1 };
}

interface CardInput {
  number: string;
  expMonth: number;
  expYear: number;
}

function readCard(ctx: RequestContext, card: FormObject): CardInput {
  const rawNumber = card.number;
  if (typeof rawNumber !== 'string' || rawNumber === '') throw missingParam('card[number]');
  const number = rawNumber.replace(/[\s-]/g, '');
  if (!/^\d{12,19}$/.test(number) || !luhnValid(number)) {
    throw cardValidation('incorrect_number', 'Your card number is incorrect.', 'card[number]');
  }
  const expMonth = Number(card.exp_month);
  if (!Number.isInteger(expMonth) || expMonth < 1 || expMonth > 12) {
    throw cardValidation('invalid_expiry_month', "Your card's expiration month is invalid.", 'card[exp_month]');
  }
  let expYear = Number(card.exp_year);
  if (!Number.isInteger(expYear)) throw cardValidation('invalid_expiry_year', "Your card's expiration year is invalid.", 'card[exp_year]');
  if (expYear < 100) expYear += 2000;
  const now = nowYearMonth(ctx);
  if (expYear < now.year || (expYear === now.year && expMonth < now.month) || expYear > now.year + 50) {
    throw cardValidation('invalid_expiry_year', "Your card's expiration year is invalid.", 'card[exp_year]');
  }
  const cvc = card.cvc;
  if (cvc !== undefined && (typeof cvc !== 'string' || !/^\d{3,4}$/.test(cvc))) {
    throw cardValidation('invalid_cvc', "Your card's security code is invalid.", 'card[cvc]');
  }
  return { number, expMonth, expYear };
}

function billingDetails(input: FormObject | undefined): Record<string, unknown> {
  const address = (input?.address && typeof input.address === 'object' ? input.address : {}) as Record<string, unknown>;
  const text = (value: unknown) => (typeof value === 'string' && value !== '' ? value : null);
  return {
    address: {
      city: text(address.city),
      country: text(address.country),
      line1: text(address.line1),
      line2: text(address.line2),
      postal_code: text(address.postal_code),
      state: text(address.state),
    },
    email: text(input?.email),
    name: text(input?.name),
    phone: text(input?.phone),
  };
}

async function insertCard(
  ctx: RequestContext,
  card: CardInput,
  extra: { billing?: FormObject; metadata?: Record<string, string> } = {},
): Promise<StoredObject> {
  const facts = cardFacts(card.number);
  const internal: PaymentMethodInternal = { behaviour: facts.behaviour };
  const paymentMethod = await createObject(ctx, {
    kind: 'payment_method',
    prefix: 'pm',
    body: {
      allow_redisplay: 'unspecified',
      billing_details: billingDetails(extra.billing),
      card: {
        brand: facts.brand,
        checks: { address_line1_check: null, address_postal_code_check: null, cvc_check: 'pass' },
        country: facts.country,
        display_brand: facts.brand,
        exp_month: card.expMonth,
        exp_year: card.expYear,
        fingerprint: facts.fingerprint,
        funding: facts.funding,
        generated_from: null,
        last4: facts.last4,
        networks: { available: [facts.brand], preferred: null },
        three_d_secure_usage: { supported: true },
        wallet: null,
      },
      customer: null,
      metadata: extra.metadata ?? {},
      type: 'card',
    },
    internal: internal as unknown as Record<string, unknown>,
  });
  return paymentMethod;
}

/**
 * A PaymentMethod id where Stripe accepts one: a stored `pm_…`, or a `pm_card_…` test shortcut,
 * which makes a fresh PaymentMethod each time, as Stripe does.
 */
export async function resolvePaymentMethod(ctx: RequestContext, id: string, param = 'payment_method'): Promise<StoredObject> {
  if (id.startsWith('pm_card_')) {
    const test = testCardForShortcut(id);
    if (!test) throw resourceMissing('PaymentMethod', id, param);
    const { year } = nowYearMonth(ctx);
    return insertCard(ctx, { number: test.number, expMonth: 12, expYear: year + 3 });
  }
  const found = await ctx.store.get('payment_method', id);
  if (!found || found.account !== ctx.account) throw resourceMissing('PaymentMethod', id, param);
  return found;
}

/**
 * `payment_method_data[type]=card&payment_method_data[card][number]=…`, a card sent inline with a
 * confirmation as Stripe.js may do: it becomes a PaymentMethod first.
 */
export async function paymentMethodFromData(ctx: RequestContext, data: FormObject): Promise<StoredObject> {
  if (data.type !== 'card') throw invalidParam('Only card payment methods are supported here.', 'payment_method_data[type]');
  const card = data.card;
  if (!card || typeof card !== 'object' || Array.isArray(card)) throw missingParam('payment_method_data[card]');
  const billing = data.billing_details;
  return insertCard(ctx, readCard(ctx, card), billing && typeof billing === 'object' && !Array.isArray(billing) ? { billing } : {});
}

/** The card a confirmation uses: inline `payment_method_data`, else `payment_method`, else the intent's own. */
export async function paymentMethodForConfirm(ctx: RequestContext, params: FormObject, current: string | null): Promise<StoredObject> {
  const data = params.payment_method_data;
  if (data && typeof data === 'object' && !Array.isArray(data)) return paymentMethodFromData(ctx, data);
  const id = typeof params.payment_method === 'string' && params.payment_method !== '' ? params.payment_method : current;
  if (!id) throw missingParam('payment_method');
  return resolvePaymentMethod(ctx, id);
}

export function declineFor(behaviour: CardBehaviour): { code: string; decline_code: string; message: string } | undefined {
  if (behaviour === 'declined_generic') return { code: 'card_declined', decline_code: 'generic_decline', message: 'Your card was declined.' };
  if (behaviour === 'declined_insufficient_funds') {
    return { code: 'card_declined', decline_code: 'insufficient_funds', message: 'Your card has insufficient funds.' };
  }
  return undefined;
}

/** Attaches to a customer; the card check Stripe runs declines the cards that always decline. */
export async function attachPaymentMethod(ctx: RequestContext, paymentMethod: StoredObject, customerId: string): Promise<void> {
  if (paymentMethod.body.customer === customerId) return;
  if (paymentMethod.body.customer) {
    throw unexpectedState('payment_method_unexpected_state', 'The payment method you provided has already been attached to a customer.');
  }
  const decline = declineFor((paymentMethod.internal as PaymentMethodInternal).behaviour);
  if (decline) throw cardError(decline.code, decline.message, { decline_code: decline.decline_code });
  paymentMethod.body.customer = customerId;
  paymentMethod.parent = customerId;
  await ctx.store.save(paymentMethod);
  await emitEvent(ctx, 'payment_method.attached', paymentMethod.body);
}

async function create(ctx: RequestContext, params: FormObject) {
  allowOnly(params, ['type', 'card', 'billing_details', 'metadata', 'allow_redisplay']);
  const type = requiredString(params, 'type');
  if (type !== 'card') throw invalidParam(`Invalid type: only card is supported here`, 'type');
  const card = optionalObject(params, 'card');
  if (!card) throw missingParam('card');
  const input = readCard(ctx, card);
  const billing = optionalObject(params, 'billing_details');
  const paymentMethod = await insertCard(ctx, input, {
    ...(billing ? { billing } : {}),
    metadata: mergeMetadata({}, params.metadata),
  });
  return ok(paymentMethod.body);
}

async function retrieve(ctx: RequestContext, _params: FormObject, [id]: string[]) {
  return ok((await resolveExisting(ctx, id!)).body);
}

async function resolveExisting(ctx: RequestContext, id: string) {
  return load(ctx, 'payment_method', id);
}

async function update(ctx: RequestContext, params: FormObject, [id]: string[]) {
  allowOnly(params, ['metadata', 'billing_details', 'allow_redisplay']);
  const paymentMethod = await resolveExisting(ctx, id!);
  const before = structuredClone(paymentMethod.body);
  paymentMethod.body.metadata = mergeMetadata(paymentMethod.body.metadata, params.metadata);
  const billing = optionalObject(params, 'billing_details');
  if (billing) paymentMethod.body.billing_details = billingDetails(billing);
  await ctx.store.save(paymentMethod);
  await emitEvent(ctx, 'payment_method.updated', paymentMethod.body, { previousAttributes: previousAttributes(before, paymentMethod.body) });
  return ok(paymentMethod.body);
}

async function attach(ctx: RequestContext, params: FormObject, [id]: string[]) {
  allowOnly(params, ['customer']);
  const customerId = requiredString(params, 'customer');
  await load(ctx, 'customer', customerId, 'customer');
  const paymentMethod = await resolvePaymentMethod(ctx, id!, 'payment_method');
  await attachPaymentMethod(ctx, paymentMethod, customerId);
  return ok(paymentMethod.body);
}

async function detach(ctx: RequestContext, params: FormObject, [id]: string[]) {
  allowOnly(params, []);
  const paymentMethod = await resolveExisting(ctx, id!);
  const customerId = paymentMethod.body.customer as string | null;
  if (!customerId) {
    throw unexpectedState('payment_method_unexpected_state', 'The payment method you provided is not attached to a customer so detachment is impossible.');
  }
  paymentMethod.body.customer = null;
  paymentMethod.parent = null;
  await ctx.store.save(paymentMethod);
  await emitEvent(ctx, 'payment_method.detached', paymentMethod.body, { previousAttributes: { customer: customerId } });
  // Stripe forgets a detached card as the customer's default.
  const customer = await ctx.store.get('customer', customerId);
  if (customer && customer.body.invoice_settings?.default_payment_method === paymentMethod.id) {
    const before = structuredClone(customer.body);
    customer.body.invoice_settings = { ...customer.body.invoice_settings, default_payment_method: null };
    await ctx.store.save(customer);
    await emitEvent(ctx, 'customer.updated', customer.body, { previousAttributes: previousAttributes(before, customer.body) });
  }
  return ok(paymentMethod.body);
}

async function list(ctx: RequestContext, params: FormObject) {
  allowOnly(params, ['customer', 'type', 'limit', 'starting_after', 'ending_before']);
  const customer = optionalString(params, 'customer');
  const type = optionalString(params, 'type');
  return ok(
    await listObjects(ctx, 'payment_method', '/v1/payment_methods', pageParams(params), {
      ...(customer ? { parent: customer } : {}),
      ...(type ? { fields: { type } } : {}),
    }),
  );
}

async function listForCustomer(ctx: RequestContext, params: FormObject, [customerId]: string[]) {
  allowOnly(params, ['type', 'limit', 'starting_after', 'ending_before']);
  await load(ctx, 'customer', customerId!, 'customer');
  const type = optionalString(params, 'type');
  return ok(
    await listObjects(ctx, 'payment_method', `/v1/customers/${customerId}/payment_methods`, pageParams(params), {
      parent: customerId!,
      ...(type ? { fields: { type } } : {}),
    }),
  );
}

export const paymentMethodRoutes: Route[] = [
  { method: 'POST', pattern: /^\/v1\/payment_methods$/, handle: create, publishable: true },
  { method: 'GET', pattern: /^\/v1\/payment_methods$/, handle: list },
  { method: 'GET', pattern: /^\/v1\/payment_methods\/([^/]+)$/, handle: retrieve },
  { method: 'POST', pattern: /^\/v1\/payment_methods\/([^/]+)$/, handle: update },
  { method: 'POST', pattern: /^\/v1\/payment_methods\/([^/]+)\/attach$/, handle: attach },
  { method: 'POST', pattern: /^\/v1\/payment_methods\/([^/]+)\/detach$/, handle: detach },
  { method: 'GET', pattern: /^\/v1\/customers\/([^/]+)\/payment_methods$/, handle: listForCustomer },
];

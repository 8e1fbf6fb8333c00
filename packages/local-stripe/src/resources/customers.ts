import { emitEvent, ok, previousAttributes, type RequestContext, type Route } from '../context.ts';
import { invalidParam } from '../errors.ts';
import type { FormObject } from '../form.ts';
import { allowOnly, mergeMetadata, optionalObject, optionalString, pageParams } from '../params.ts';
import type { StoredObject } from '../store.ts';
import { createObject, listObjects, load } from './objects.ts';
import { attachPaymentMethod, resolvePaymentMethod } from './payment-methods.ts';

const fields = ['email', 'name', 'phone', 'description', 'metadata', 'payment_method', 'invoice_settings'];

function text(params: FormObject, name: string, current: unknown): unknown {
  if (params[name] === undefined) return current;
  return optionalString(params, name) ?? null;
}

/** `invoice_settings[default_payment_method]` must name a card attached to this customer. */
async function applyInvoiceSettings(ctx: RequestContext, customer: StoredObject, params: FormObject): Promise<void> {
  const settings = optionalObject(params, 'invoice_settings');
  if (!settings || settings.default_payment_method === undefined) return;
  const value = settings.default_payment_method;
  if (typeof value !== 'string') throw invalidParam('Invalid string', 'invoice_settings[default_payment_method]');
  if (value === '') {
    customer.body.invoice_settings = { ...customer.body.invoice_settings, default_payment_method: null };
    return;
  }
  const paymentMethod = await ctx.store.get('payment_method', value);
  if (!paymentMethod || paymentMethod.account !== ctx.account || paymentMethod.body.customer !== customer.id) {
    throw invalidParam(
      `The customer does not have a payment method with the ID ${value}. The payment method must be attached to the customer.`,
      'invoice_settings[default_payment_method]',
      'resource_missing',
    );
  }
  customer.body.invoice_settings = { ...customer.body.invoice_settings, default_payment_method: value };
}

async function create(ctx: RequestContext, params: FormObject) {
  allowOnly(params, fields);
  const customer = await createObject(ctx, {
    kind: 'customer',
    prefix: 'cus',
    body: {
      address: null,
      balance: 0,
      currency: null,
      default_source: null,
      delinquent: false,
      description: text(params, 'description', null),
      email: text(params, 'email', null),
      invoice_prefix: null,
      invoice_settings: { custom_fields: null, default_payment_method: null, footer: null, rendering_options: null },
      metadata: mergeMetadata({}, params.metadata),
      name: text(params, 'name', null),
      phone: text(params, 'phone', null),
      preferred_locales: [],
      shipping: null,
      tax_exempt: 'none',
      test_clock: null,
    },
  });
  const paymentMethodId = optionalString(params, 'payment_method');
  if (paymentMethodId) {
    const paymentMethod = await resolvePaymentMethod(ctx, paymentMethodId);
    await attachPaymentMethod(ctx, paymentMethod, customer.id);
  }
  await applyInvoiceSettings(ctx, customer, params);
  await ctx.store.save(customer);
  await emitEvent(ctx, 'customer.created', customer.body);
  return ok(customer.body);
}

async function retrieve(ctx: RequestContext, _params: FormObject, [id]: string[]) {
  const customer = await ctx.store.get('customer', id!);
  if (customer?.body.deleted) return ok(customer.body);
  return ok((await load(ctx, 'customer', id!)).body);
}

async function update(ctx: RequestContext, params: FormObject, [id]: string[]) {
  allowOnly(params, fields.filter((field) => field !== 'payment_method'));
  const customer = await load(ctx, 'customer', id!);
  const before = structuredClone(customer.body);
  for (const name of ['email', 'name', 'phone', 'description']) customer.body[name] = text(params, name, customer.body[name]);
  customer.body.metadata = mergeMetadata(customer.body.metadata, params.metadata);
  await applyInvoiceSettings(ctx, customer, params);
  await ctx.store.save(customer);
  const changed = previousAttributes(before, customer.body);
  if (Object.keys(changed).length > 0) await emitEvent(ctx, 'customer.updated', customer.body, { previousAttributes: changed });
  return ok(customer.body);
}

async function remove(ctx: RequestContext, params: FormObject, [id]: string[]) {
  allowOnly(params, []);
  const customer = await load(ctx, 'customer', id!);
  await emitEvent(ctx, 'customer.deleted', customer.body);
  customer.body = { id: customer.id, object: 'customer', deleted: true };
  await ctx.store.save(customer);
  return ok(customer.body);
}

async function list(ctx: RequestContext, params: FormObject) {
  allowOnly(params, ['email', 'limit', 'starting_after', 'ending_before']);
  const email = optionalString(params, 'email');
  return ok(await listObjects(ctx, 'customer', '/v1/customers', pageParams(params), { excludeDeleted: true, ...(email ? { fields: { email } } : {}) }));
}

export const customerRoutes: Route[] = [
  { method: 'POST', pattern: /^\/v1\/customers$/, handle: create },
  { method: 'GET', pattern: /^\/v1\/customers$/, handle: list },
  { method: 'GET', pattern: /^\/v1\/customers\/([^/]+)$/, handle: retrieve },
  { method: 'POST', pattern: /^\/v1\/customers\/([^/]+)$/, handle: update },
  { method: 'DELETE', pattern: /^\/v1\/customers\/([^/]+)$/, handle: remove },
];

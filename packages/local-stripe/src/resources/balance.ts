import { ok, type RequestContext, type Route } from '../context.ts';
import type { FormObject } from '../form.ts';
import { allowOnly, createdRange, listBody, optionalString, pageParams } from '../params.ts';
import { createObject, load } from './objects.ts';

const DAY = 24 * 60 * 60;

/** Card funds become available two days after the charge (Stripe's US test-mode schedule). */
export const CARD_AVAILABILITY_SECONDS = 2 * DAY;

/** Stripe's US card pricing, 2.9% + 30¢, rounded half up to the cent (integer arithmetic, no floats). */
export function stripeProcessingFee(amount: number): number {
  return Math.floor((amount * 29 + 500) / 1000) + 30;
}

export type BalanceTransactionType =
  | 'charge'
  | 'refund'
  | 'transfer'
  | 'payment'
  | 'transfer_refund'
  | 'payment_refund'
  | 'payout'
  | 'payout_failure'
  | 'payout_cancel'
  | 'application_fee'
  | 'application_fee_refund';

const reportingCategory: Record<BalanceTransactionType, string> = {
  charge: 'charge',
  refund: 'refund',
  transfer: 'transfer',
  payment: 'charge',
  transfer_refund: 'transfer_reversal',
  payment_refund: 'refund',
  payout: 'payout',
  payout_failure: 'payout_reversal',
  payout_cancel: 'payout_reversal',
  application_fee: 'platform_earning',
  application_fee_refund: 'platform_earning_refund',
};

export interface NewBalanceTransaction {
  type: BalanceTransactionType;
  amount: number;
  currency: string;
  source: string;
  account: string;
  fee?: number;
  availableOn?: number;
  description?: string | null;
  /** Whose fee `fee` is: Stripe's processing fee, or the platform's application fee (on a connected account's payment). */
  feeType?: 'stripe_fee' | 'application_fee';
}

function feeDetail(spec: NewBalanceTransaction, fee: number): Record<string, unknown> {
  if (spec.feeType === 'application_fee') {
    return { amount: fee, application: 'ca_local_platform', currency: spec.currency, description: 'Application fee', type: 'application_fee' };
  }
  return { amount: fee, application: null, currency: spec.currency, description: 'Stripe processing fees', type: 'stripe_fee' };
}

/** Records money moving in one account's balance; returns the txn_ id. */
export async function recordBalanceTransaction(ctx: RequestContext, spec: NewBalanceTransaction): Promise<string> {
  const fee = spec.fee ?? 0;
  const availableOn = spec.availableOn ?? ctx.nowSeconds;
  const created = await createObject(ctx, {
    kind: 'balance_transaction',
    prefix: 'txn',
    account: spec.account,
    parent: spec.source,
    body: {
      amount: spec.amount,
      available_on: availableOn,
      currency: spec.currency,
      description: spec.description ?? null,
      exchange_rate: null,
      fee,
      fee_details: fee > 0 ? [feeDetail(spec, fee)] : [],
      net: spec.amount - fee,
      reporting_category: reportingCategory[spec.type],
      source: spec.source,
      status: availableOn <= ctx.nowSeconds ? 'available' : 'pending',
      type: spec.type,
    },
  });
  return created.id;
}

/** The stored status was true when written; the clock decides it when read. */
function withCurrentStatus(ctx: RequestContext, body: Record<string, any>): Record<string, any> {
  return { ...body, status: body.available_on <= ctx.nowSeconds ? 'available' : 'pending' };
}

async function balance(ctx: RequestContext, params: FormObject) {
  allowOnly(params, []);
  const transactions = await ctx.store.all('balance_transaction', ctx.account);
  const available = new Map<string, number>();
  const pending = new Map<string, number>();
  for (const { body } of transactions) {
    const bucket = body.available_on <= ctx.nowSeconds ? available : pending;
    bucket.set(body.currency, (bucket.get(body.currency) ?? 0) + body.net);
  }
  const currencies = new Set([...available.keys(), ...pending.keys()]);
  if (currencies.size === 0) currencies.add('usd');
  const entries = (bucket: Map<string, number>) =>
    [...currencies].map((currency) => ({ amount: bucket.get(currency) ?? 0, currency, source_types: { card: bucket.get(currency) ?? 0 } }));
  // A connected account with a bank that takes instant payouts may pay out its whole available balance at once.
  const instant = ctx.account ? { instant_available: entries(available) } : {};
  return ok({ object: 'balance', available: entries(available), ...instant, livemode: false, pending: entries(pending) });
}

async function list(ctx: RequestContext, params: FormObject) {
  allowOnly(params, ['type', 'source', 'currency', 'created', 'limit', 'starting_after', 'ending_before']);
  const created = createdRange(params);
  const type = optionalString(params, 'type');
  const source = optionalString(params, 'source');
  const currency = optionalString(params, 'currency');
  const page = await ctx.store.list('balance_transaction', {
    ...pageParams(params),
    account: ctx.account,
    ...(source ? { parent: source } : {}),
    ...(created ? { created } : {}),
    fields: { ...(type ? { type } : {}), ...(currency ? { currency } : {}) },
  });
  return ok(listBody('/v1/balance_transactions', page.data.map((object) => withCurrentStatus(ctx, object.body)), page.hasMore));
}

async function retrieve(ctx: RequestContext, _params: FormObject, [id]: string[]) {
  return ok(withCurrentStatus(ctx, (await load(ctx, 'balance_transaction', id!)).body));
}

export const balanceRoutes: Route[] = [
  { method: 'GET', pattern: /^\/v1\/balance$/, handle: balance },
  { method: 'GET', pattern: /^\/v1\/balance_transactions$/, handle: list },
  { method: 'GET', pattern: /^\/v1\/balance_transactions\/([^/]+)$/, handle: retrieve },
];

import { emitEvent, ok, previousAttributes, type RequestContext, type Route } from '../context.ts';
import { invalidParam, unexpectedState } from '../errors.ts';
import type { FormObject } from '../form.ts';
import { allowOnly, mergeMetadata, oneOf, optionalString, pageParams, requiredInteger, requiredString } from '../params.ts';
import type { StoredObject } from '../store.ts';
import { loadAccount } from './accounts.ts';
import { recordBalanceTransaction } from './balance.ts';
import { createObject, listObjects, load } from './objects.ts';

const MINUTE = 60;
const DAY = 24 * 60 * MINUTE;

/**
 * When a payout moves on, by the clock: instant payouts are in transit at once and land within
 * 30 minutes (integrations.md §1.5); standard ones leave the next hour and arrive in 2 days.
 */
const schedule = {
  instant: { inTransitAfter: 0, arrivesAfter: 30 * MINUTE },
  standard: { inTransitAfter: 60 * MINUTE, arrivesAfter: 2 * DAY },
} as const;

/** What the caller's account (Stripe-Account, or the platform) can spend now in `currency`. */
export async function availableBalance(ctx: RequestContext, currency: string): Promise<number> {
  const transactions = await ctx.store.all('balance_transaction', ctx.account);
  return transactions
    .filter(({ body }) => body.currency === currency && body.available_on <= ctx.nowSeconds)
    .reduce((sum, { body }) => sum + (body.net as number), 0);
}

async function create(ctx: RequestContext, params: FormObject) {
  allowOnly(params, ['amount', 'currency', 'method', 'destination', 'metadata', 'description', 'statement_descriptor', 'source_type']);
  if (!ctx.account) throw invalidParam('The local Stripe pays out connected accounts only: send the Stripe-Account header.', undefined);
  const account = await loadAccount(ctx, ctx.account);
  const amount = requiredInteger(params, 'amount');
  if (amount < 1) throw invalidParam('This value must be greater than or equal to 1.', 'amount');
  const currency = requiredString(params, 'currency').toLowerCase();
  const method = oneOf(params, 'method', ['standard', 'instant'] as const) ?? 'standard';
  const bank = (account.body.external_accounts.data as Record<string, any>[]).find(
    (external) => external.id === (optionalString(params, 'destination') ?? external.id),
  );
  if (!account.body.payouts_enabled || !bank) {
    throw unexpectedState('payouts_not_allowed', 'Payouts have been disabled on this account. Check the requirements to enable payouts.');
  }
  if (!(bank.available_payout_methods as string[]).includes(method)) {
    throw invalidParam(`This external account does not support ${method} payouts.`, 'method', 'invalid_payout_method');
  }
  const available = await availableBalance(ctx, currency);
  if (amount > available) {
    throw unexpectedState('balance_insufficient', 'You have insufficient funds in your Stripe account for this transfer. Your card balance is too low.');
  }
  const timing = schedule[method];
  const payout = await createObject(ctx, {
    kind: 'payout',
    prefix: 'po',
    deadline: ctx.nowSeconds + timing.inTransitAfter,
    body: {
      amount,
      arrival_date: ctx.nowSeconds + timing.arrivesAfter,
      automatic: false,
      balance_transaction: null,
      currency,
      description: optionalString(params, 'description') ?? null,
      destination: bank.id,
      failure_balance_transaction: null,
      failure_code: null,
      failure_message: null,
      metadata: mergeMetadata({}, params.metadata),
      method,
      reconciliation_status: 'not_applicable',
      source_type: 'card',
      statement_descriptor: null,
      status: 'pending',
      type: 'bank_account',
    },
  });
  payout.body.balance_transaction = await recordBalanceTransaction(ctx, {
    type: 'payout', amount: -amount, currency, source: payout.id, account: ctx.account,
  });
  await ctx.store.save(payout);
  await emitEvent(ctx, 'payout.created', payout.body);
  return ok(payout.body);
}

async function moveTo(ctx: RequestContext, payout: StoredObject, status: string, deadline: number | null, extra: Record<string, unknown> = {}) {
  const before = structuredClone(payout.body);
  Object.assign(payout.body, { status, ...extra });
  payout.deadline = deadline;
  await ctx.store.save(payout);
  await emitEvent(ctx, 'payout.updated', payout.body, { previousAttributes: previousAttributes(before, payout.body) });
  if (status === 'paid' || status === 'failed' || status === 'canceled') await emitEvent(ctx, `payout.${status}`, payout.body);
}

/** pending → in_transit → paid, each when the clock reaches its time. Returns how many moved. */
export async function advancePayouts(ctx: RequestContext): Promise<number> {
  let moved = 0;
  for (const payout of await ctx.store.due('payout', ctx.nowSeconds)) {
    ctx.account = payout.account;
    if (payout.body.status === 'pending') {
      await moveTo(ctx, payout, 'in_transit', payout.body.arrival_date);
      moved += 1;
    }
    if (payout.body.status === 'in_transit' && payout.body.arrival_date <= ctx.nowSeconds) {
      await moveTo(ctx, payout, 'paid', null);
      moved += 1;
    }
  }
  return moved;
}

/** The money comes back to the account's balance (a payout that failed or was canceled). */
async function returnFunds(ctx: RequestContext, payout: StoredObject, type: 'payout_failure' | 'payout_cancel'): Promise<string> {
  return recordBalanceTransaction(ctx, { type, amount: payout.body.amount, currency: payout.body.currency, source: payout.id, account: payout.account });
}

/**
 * The bank refused the payout (even one shown paid may fail later, as Stripe warns): the
 * amount returns to the account's available balance.
 */
export async function failPayout(ctx: RequestContext, payoutId: string, failureCode: string): Promise<void> {
  const payout = await ctx.store.get('payout', payoutId);
  if (!payout) throw invalidParam(`No such payout: '${payoutId}'`, 'id', 'resource_missing');
  ctx.account = payout.account;
  if (!['pending', 'in_transit', 'paid'].includes(payout.body.status)) {
    throw unexpectedState('payout_unexpected_state', `Payout ${payoutId} has status ${payout.body.status} and cannot fail.`);
  }
  const failure = await returnFunds(ctx, payout, 'payout_failure');
  await moveTo(ctx, payout, 'failed', null, {
    failure_balance_transaction: failure,
    failure_code: failureCode,
    failure_message: 'The bank account has been closed.',
  });
}

async function cancel(ctx: RequestContext, params: FormObject, [id]: string[]) {
  allowOnly(params, []);
  const payout = await load(ctx, 'payout', id!);
  if (payout.body.status !== 'pending' || payout.body.method !== 'standard') {
    throw unexpectedState('payout_unexpected_state', `Payouts can only be canceled while pending, and instant payouts never. This payout is ${payout.body.status}.`);
  }
  await returnFunds(ctx, payout, 'payout_cancel');
  await moveTo(ctx, payout, 'canceled', null);
  return ok(payout.body);
}

async function retrieve(ctx: RequestContext, _params: FormObject, [id]: string[]) {
  return ok((await load(ctx, 'payout', id!)).body);
}

async function list(ctx: RequestContext, params: FormObject) {
  allowOnly(params, ['status', 'destination', 'limit', 'starting_after', 'ending_before', 'arrival_date', 'created']);
  const status = optionalString(params, 'status');
  return ok(await listObjects(ctx, 'payout', '/v1/payouts', pageParams(params), status ? { fields: { status } } : {}));
}

export const payoutRoutes: Route[] = [
  { method: 'POST', pattern: /^\/v1\/payouts$/, handle: create },
  { method: 'GET', pattern: /^\/v1\/payouts$/, handle: list },
  { method: 'GET', pattern: /^\/v1\/payouts\/([^/]+)$/, handle: retrieve },
  { method: 'POST', pattern: /^\/v1\/payouts\/([^/]+)\/cancel$/, handle: cancel },
];

import { emitEvent, ok, previousAttributes, type RequestContext, type Route } from '../context.ts';
import { invalidParam, unexpectedState } from '../errors.ts';
import type { FormObject } from '../form.ts';
import { allowOnly, listBody, mergeMetadata, optionalBoolean, optionalInteger, optionalString, pageParams, requiredInteger, requiredString } from '../params.ts';
import type { StoredObject } from '../store.ts';
import { createAccountDebit } from './account-debits.ts';
import { requireTransferDestination } from './accounts.ts';
import { giveBackApplicationFee, proportion } from './application-fees.ts';
import { recordBalanceTransaction } from './balance.ts';
import { createObject, listObjects, load } from './objects.ts';

/**
 * Funds transferred from a charge (`source_transaction`, destination charges) reach the account
 * when the charge's funds become available; a plain transfer comes out of the platform's
 * available balance, so it is available at once.
 */
async function availabilityOf(ctx: RequestContext, sourceTransaction: string | null): Promise<number> {
  if (!sourceTransaction) return ctx.nowSeconds;
  const charge = await ctx.store.get('charge', sourceTransaction);
  const transaction = charge?.body.balance_transaction ? await ctx.store.get('balance_transaction', charge.body.balance_transaction) : undefined;
  return Math.max(ctx.nowSeconds, (transaction?.body.available_on as number | undefined) ?? ctx.nowSeconds);
}

export interface NewTransfer {
  amount: number;
  currency: string;
  destination: string;
  sourceTransaction?: string | null;
  transferGroup?: string | null;
  metadata?: Record<string, string>;
  description?: string | null;
  /** On a destination charge, the platform's fee, shown on the account's payment as deducted. */
  applicationFee?: number;
}

/**
 * A transfer from the platform to a connected account: the platform's balance goes down, and
 * the account receives a payment (`py_…`) of the same amount.
 */
export async function createTransfer(ctx: RequestContext, spec: NewTransfer): Promise<StoredObject> {
  const platform = '';
  const transfer = await createObject(ctx, {
    kind: 'transfer',
    prefix: 'tr',
    account: platform,
    parent: spec.sourceTransaction ?? null,
    body: {
      amount: spec.amount,
      amount_reversed: 0,
      balance_transaction: null,
      currency: spec.currency,
      description: spec.description ?? null,
      destination: spec.destination,
      destination_payment: null,
      metadata: spec.metadata ?? {},
      reversals: { object: 'list', data: [], has_more: false, total_count: 0, url: '' },
      reversed: false,
      source_transaction: spec.sourceTransaction ?? null,
      source_type: 'card',
      transfer_group: spec.transferGroup ?? null,
    },
  });
  transfer.body.reversals.url = `/v1/transfers/${transfer.id}/reversals`;
  transfer.body.balance_transaction = await recordBalanceTransaction(ctx, {
    type: 'transfer', amount: -spec.amount, currency: spec.currency, source: transfer.id, account: platform,
  });
  const payment = await createObject(ctx, {
    kind: 'charge',
    prefix: 'py',
    account: spec.destination,
    body: {
      amount: spec.amount,
      amount_captured: spec.amount,
      amount_refunded: 0,
      balance_transaction: null,
      captured: true,
      currency: spec.currency,
      metadata: {},
      paid: true,
      refunded: false,
      source_transfer: transfer.id,
      status: 'succeeded',
    },
  });
  payment.body.application_fee_amount = spec.applicationFee ?? null;
  payment.body.balance_transaction = await recordBalanceTransaction(ctx, {
    type: 'payment', amount: spec.amount, currency: spec.currency, source: payment.id, account: spec.destination,
    availableOn: await availabilityOf(ctx, spec.sourceTransaction ?? null),
    fee: spec.applicationFee ?? 0,
    feeType: 'application_fee',
  });
  await ctx.store.save(payment);
  transfer.body.destination_payment = payment.id;
  await ctx.store.save(transfer);
  await emitEvent(ctx, 'transfer.created', transfer.body, { account: '' });
  return transfer;
}

/** Takes back part of a transfer (up to what remains), recording the reversal on it. */
export async function reverseTransfer(
  ctx: RequestContext,
  transfer: StoredObject,
  amount: number,
  extra: { metadata?: Record<string, string>; sourceRefund?: string | null } = {},
): Promise<StoredObject> {
  const remaining = transfer.body.amount - transfer.body.amount_reversed;
  if (remaining <= 0) throw unexpectedState('transfer_already_reversed', `Transfer ${transfer.id} has already been fully reversed.`);
  if (amount > remaining) {
    throw invalidParam(`You have requested a reversal of ${amount} ${transfer.body.currency}, which exceeds the transfer's remaining ${remaining} ${transfer.body.currency}.`, 'amount');
  }
  const before = structuredClone(transfer.body);
  const reversal = await createObject(ctx, {
    kind: 'transfer_reversal',
    prefix: 'trr',
    account: '',
    parent: transfer.id,
    body: {
      amount,
      balance_transaction: null,
      currency: transfer.body.currency,
      destination_payment_refund: null,
      metadata: extra.metadata ?? {},
      source_refund: extra.sourceRefund ?? null,
      transfer: transfer.id,
    },
  });
  reversal.body.balance_transaction = await recordBalanceTransaction(ctx, {
    type: 'transfer_refund', amount, currency: transfer.body.currency, source: reversal.id, account: '',
  });
  const paymentRefund = `pyr_${reversal.id.slice(4)}`;
  await recordBalanceTransaction(ctx, {
    type: 'payment_refund', amount: -amount, currency: transfer.body.currency, source: paymentRefund, account: transfer.body.destination,
  });
  reversal.body.destination_payment_refund = paymentRefund;
  await ctx.store.save(reversal);
  transfer.body.amount_reversed += amount;
  transfer.body.reversed = transfer.body.amount_reversed === transfer.body.amount;
  transfer.body.reversals = {
    ...transfer.body.reversals,
    data: [reversal.body, ...transfer.body.reversals.data],
    total_count: transfer.body.reversals.total_count + 1,
  };
  await ctx.store.save(transfer);
  await emitEvent(ctx, 'transfer.reversed', transfer.body, { account: '' });
  await emitEvent(ctx, 'transfer.updated', transfer.body, { account: '', previousAttributes: previousAttributes(before, transfer.body) });
  return reversal;
}

/**
 * `refund_application_fee` on a reversal of a destination charge's transfer gives back the
 * application fee in proportion to the share of the transfer reversed.
 */
async function refundFeeOfTransfer(ctx: RequestContext, transfer: StoredObject, reversed: number): Promise<void> {
  const charge = transfer.body.source_transaction ? await ctx.store.get('charge', transfer.body.source_transaction) : undefined;
  const fee = charge?.body.application_fee ? await ctx.store.get('application_fee', charge.body.application_fee) : undefined;
  if (!fee) return;
  await giveBackApplicationFee(ctx, fee, proportion(reversed, fee.body.amount, transfer.body.amount));
}

async function create(ctx: RequestContext, params: FormObject) {
  allowOnly(params, ['amount', 'currency', 'destination', 'transfer_group', 'source_transaction', 'metadata', 'description']);
  const amount = requiredInteger(params, 'amount');
  if (amount < 1) throw invalidParam('This value must be greater than or equal to 1.', 'amount');
  const currency = requiredString(params, 'currency').toLowerCase();
  const destination = requiredString(params, 'destination');
  if (ctx.account) {
    // Made with Stripe-Account: an account debit, from the connected account to the platform.
    if (params.source_transaction !== undefined) throw invalidParam('source_transaction cannot be used when debiting a connected account.', 'source_transaction');
    const debit = await createAccountDebit(ctx, {
      amount,
      currency,
      destination,
      transferGroup: optionalString(params, 'transfer_group') ?? null,
      metadata: mergeMetadata({}, params.metadata),
      description: optionalString(params, 'description') ?? null,
    });
    return ok(debit.body);
  }
  await requireTransferDestination(ctx, destination, 'destination');
  const sourceTransaction = optionalString(params, 'source_transaction');
  if (sourceTransaction) await load(ctx, 'charge', sourceTransaction, 'source_transaction');
  const transfer = await createTransfer(ctx, {
    amount,
    currency,
    destination,
    sourceTransaction: sourceTransaction ?? null,
    transferGroup: optionalString(params, 'transfer_group') ?? null,
    metadata: mergeMetadata({}, params.metadata),
    description: optionalString(params, 'description') ?? null,
  });
  return ok(transfer.body);
}

async function retrieve(ctx: RequestContext, _params: FormObject, [id]: string[]) {
  return ok((await load(ctx, 'transfer', id!)).body);
}

async function list(ctx: RequestContext, params: FormObject) {
  allowOnly(params, ['destination', 'transfer_group', 'limit', 'starting_after', 'ending_before']);
  const destination = optionalString(params, 'destination');
  const group = optionalString(params, 'transfer_group');
  return ok(
    await listObjects(ctx, 'transfer', '/v1/transfers', pageParams(params), {
      fields: { ...(destination ? { destination } : {}), ...(group ? { transfer_group: group } : {}) },
    }),
  );
}

async function createReversal(ctx: RequestContext, params: FormObject, [id]: string[]) {
  allowOnly(params, ['amount', 'refund_application_fee', 'metadata', 'description']);
  const transfer = await load(ctx, 'transfer', id!);
  // Reversing an account debit (a connected account's transfer to the platform) is not simulated.
  if (ctx.account) throw invalidParam('Reversals of account debits are not supported by the local Stripe.', 'id');
  const refundFee = optionalBoolean(params, 'refund_application_fee') ?? false;
  const amount = optionalInteger(params, 'amount') ?? transfer.body.amount - transfer.body.amount_reversed;
  if (amount < 1 && transfer.body.amount > transfer.body.amount_reversed) {
    throw invalidParam('This value must be greater than or equal to 1.', 'amount');
  }
  const reversal = await reverseTransfer(ctx, transfer, amount, { metadata: mergeMetadata({}, params.metadata) });
  if (refundFee) await refundFeeOfTransfer(ctx, transfer, amount);
  return ok(reversal.body);
}

async function listReversals(ctx: RequestContext, params: FormObject, [id]: string[]) {
  allowOnly(params, ['limit', 'starting_after', 'ending_before']);
  await load(ctx, 'transfer', id!);
  const page = await ctx.store.list('transfer_reversal', { ...pageParams(params), parent: id! });
  return ok(listBody(`/v1/transfers/${id}/reversals`, page.data.map((object) => object.body), page.hasMore));
}

export const transferRoutes: Route[] = [
  { method: 'POST', pattern: /^\/v1\/transfers$/, handle: create },
  { method: 'GET', pattern: /^\/v1\/transfers$/, handle: list },
  { method: 'GET', pattern: /^\/v1\/transfers\/([^/]+)$/, handle: retrieve },
  { method: 'POST', pattern: /^\/v1\/transfers\/([^/]+)\/reversals$/, handle: createReversal },
  { method: 'GET', pattern: /^\/v1\/transfers\/([^/]+)\/reversals$/, handle: listReversals },
];

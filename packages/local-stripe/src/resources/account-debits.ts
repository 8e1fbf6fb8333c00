import { emitEvent, type RequestContext } from '../context.ts';
import { invalidParam, unexpectedState } from '../errors.ts';
import type { StoredObject } from '../store.ts';
import { PLATFORM_ACCOUNT_ID } from './accounts.ts';
import { recordBalanceTransaction } from './balance.ts';
import { createObject } from './objects.ts';
import { availableBalance } from './payouts.ts';

export interface NewAccountDebit {
  amount: number;
  currency: string;
  destination: string;
  transferGroup?: string | null;
  metadata?: Record<string, string>;
  description?: string | null;
}

/**
 * An account debit (Stripe Connect, "Debit connected accounts"): `POST /v1/transfers` made with
 * `Stripe-Account: acct_…` and `destination` = the platform's account id moves money from the
 * connected account's available balance to the platform. As Stripe records it: the transfer
 * (`tr_…`) belongs to the connected account, whose balance shows a `transfer` of −amount; the
 * platform receives a payment (`py_…`, `source_transfer` = the transfer) with a `payment`
 * balance transaction of +amount, available at once (it comes out of available funds). Only the
 * platform may be the destination, and never more than the account has available
 * (`balance_insufficient`, as Stripe answers).
 */
export async function createAccountDebit(ctx: RequestContext, spec: NewAccountDebit): Promise<StoredObject> {
  const connected = ctx.account;
  if (spec.destination !== PLATFORM_ACCOUNT_ID) {
    throw invalidParam(`A connected account can only transfer funds to its platform (${PLATFORM_ACCOUNT_ID}), not to '${spec.destination}'.`, 'destination');
  }
  const available = await availableBalance(ctx, spec.currency);
  if (spec.amount > available) {
    throw unexpectedState('balance_insufficient', 'You have insufficient available funds in your Stripe account. Try adding funds directly to your available balance by creating Charges using the 4000000000000077 test card.');
  }
  const transfer = await createObject(ctx, {
    kind: 'transfer',
    prefix: 'tr',
    account: connected,
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
      source_transaction: null,
      source_type: 'card',
      transfer_group: spec.transferGroup ?? null,
    },
  });
  transfer.body.reversals.url = `/v1/transfers/${transfer.id}/reversals`;
  transfer.body.balance_transaction = await recordBalanceTransaction(ctx, {
    type: 'transfer', amount: -spec.amount, currency: spec.currency, source: transfer.id, account: connected,
  });
  const payment = await createObject(ctx, {
    kind: 'charge',
    prefix: 'py',
    account: '',
    body: {
      amount: spec.amount,
      amount_captured: spec.amount,
      amount_refunded: 0,
      application_fee_amount: null,
      balance_transaction: null,
      captured: true,
      currency: spec.currency,
      description: spec.description ?? null,
      metadata: {},
      paid: true,
      refunded: false,
      source_transfer: transfer.id,
      status: 'succeeded',
    },
  });
  payment.body.balance_transaction = await recordBalanceTransaction(ctx, {
    type: 'payment', amount: spec.amount, currency: spec.currency, source: payment.id, account: '',
  });
  await ctx.store.save(payment);
  transfer.body.destination_payment = payment.id;
  await ctx.store.save(transfer);
  await emitEvent(ctx, 'transfer.created', transfer.body, { account: connected });
  return transfer;
}

import { emitEvent, type RequestContext } from '../context.ts';
import type { StoredObject } from '../store.ts';
import { recordBalanceTransaction } from './balance.ts';
import { createObject } from './objects.ts';

/** `total × part / whole`, rounded half up, in integers. */
export function proportion(total: number, part: number, whole: number): number {
  return Math.floor((2 * total * part + whole) / (2 * whole));
}

/**
 * Refunds part of an application fee (a `fr_…` on the fee): the platform gives it back to the
 * account that paid it. Never more than what is left of the fee.
 */
export async function giveBackApplicationFee(ctx: RequestContext, fee: StoredObject, requested: number): Promise<void> {
  const share = Math.min(requested, fee.body.amount - fee.body.amount_refunded);
  if (share <= 0) return;
  const feeRefund = await createObject(ctx, {
    kind: 'fee_refund',
    prefix: 'fr',
    account: fee.account,
    parent: fee.id,
    body: { amount: share, balance_transaction: null, currency: fee.body.currency, fee: fee.id, metadata: {} },
  });
  feeRefund.body.balance_transaction = await recordBalanceTransaction(ctx, {
    type: 'application_fee_refund', amount: -share, currency: fee.body.currency, source: feeRefund.id, account: fee.account,
  });
  await recordBalanceTransaction(ctx, {
    type: 'application_fee_refund', amount: share, currency: fee.body.currency, source: feeRefund.id, account: fee.body.account,
  });
  await ctx.store.save(feeRefund);
  fee.body.amount_refunded += share;
  fee.body.refunded = fee.body.amount_refunded === fee.body.amount;
  fee.body.refunds = { ...fee.body.refunds, data: [feeRefund.body, ...fee.body.refunds.data], total_count: fee.body.refunds.total_count + 1 };
  await ctx.store.save(fee);
  await emitEvent(ctx, 'application_fee.refunded', fee.body, { account: fee.account });
}

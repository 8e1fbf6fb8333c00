import { emitEvent, ok, type RequestContext, type Route } from '../context.ts';
import { invalidParam, missingParam, unexpectedState } from '../errors.ts';
import type { FormObject } from '../form.ts';
import { allowOnly, mergeMetadata, oneOf, optionalBoolean, optionalInteger, optionalString, pageParams } from '../params.ts';
import type { StoredObject } from '../store.ts';
import { giveBackApplicationFee, proportion } from './application-fees.ts';
import { recordBalanceTransaction } from './balance.ts';
import { createObject, listObjects, load } from './objects.ts';
import { reverseTransfer } from './transfers.ts';


async function chargeToRefund(ctx: RequestContext, params: FormObject): Promise<StoredObject> {
  const chargeId = optionalString(params, 'charge');
  const intentId = optionalString(params, 'payment_intent');
  if (!chargeId && !intentId) throw missingParam('charge');
  if (chargeId) return load(ctx, 'charge', chargeId, 'charge');
  const intent = await load(ctx, 'payment_intent', intentId!, 'payment_intent');
  if (intent.body.status !== 'succeeded' || !intent.body.latest_charge) {
    throw unexpectedState(
      'charge_not_refundable',
      `This PaymentIntent (${intent.id}) does not have a successful charge to refund.`,
    );
  }
  return load(ctx, 'charge', intent.body.latest_charge, 'payment_intent');
}

/**
 * A refund of captured money, never more than captured minus already refunded. With
 * `reverse_transfer` / `refund_application_fee` the destination transfer and the application fee
 * are given back in proportion to the refunded share; totals are computed cumulatively so that
 * refunding everything reverses everything, whatever the rounding of each piece.
 */
async function create(ctx: RequestContext, params: FormObject) {
  allowOnly(params, ['payment_intent', 'charge', 'amount', 'reason', 'refund_application_fee', 'reverse_transfer', 'metadata', 'instructions_email']);
  const charge = await chargeToRefund(ctx, params);
  const reason = oneOf(params, 'reason', ['duplicate', 'fraudulent', 'requested_by_customer'] as const) ?? null;
  const reverse = optionalBoolean(params, 'reverse_transfer') ?? false;
  const refundFee = optionalBoolean(params, 'refund_application_fee') ?? false;
  const captured = charge.body.amount_captured as number;
  const remaining = captured - (charge.body.amount_refunded as number);
  if (!charge.body.captured) {
    throw unexpectedState('charge_not_refundable', `Charge ${charge.id} has not been captured; cancel its PaymentIntent to release the authorization.`);
  }
  if (remaining <= 0) throw unexpectedState('charge_already_refunded', `Charge ${charge.id} has already been refunded.`);
  const amount = optionalInteger(params, 'amount') ?? remaining;
  if (amount < 1) throw invalidParam('This value must be greater than or equal to 1.', 'amount');
  if (amount > remaining) {
    throw invalidParam(`Refund amount (${amount}) is greater than unrefunded amount on charge (${remaining})`, 'amount', 'amount_too_large');
  }
  if (reverse && !charge.body.transfer) throw invalidParam('You cannot reverse the transfer of a charge that has no transfer.', 'reverse_transfer');
  if (refundFee && !charge.body.application_fee) {
    throw invalidParam('You cannot refund the application fee of a charge that has none.', 'refund_application_fee');
  }

  const refund = await createObject(ctx, {
    kind: 'refund',
    prefix: 're',
    parent: charge.id,
    body: {
      amount,
      balance_transaction: null,
      charge: charge.id,
      currency: charge.body.currency,
      destination_details: { card: { reference_status: 'pending', reference_type: 'acquirer_reference_number', type: 'refund' }, type: 'card' },
      metadata: mergeMetadata({}, params.metadata),
      payment_intent: charge.body.payment_intent ?? null,
      reason,
      receipt_number: null,
      source_transfer_reversal: null,
      status: 'succeeded',
      transfer_reversal: null,
    },
  });
  refund.body.balance_transaction = await recordBalanceTransaction(ctx, {
    type: 'refund', amount: -amount, currency: charge.body.currency, source: refund.id, account: ctx.account,
  });
  const refundedTotal = (charge.body.amount_refunded as number) + amount;
  Object.assign(charge.body, { amount_refunded: refundedTotal, refunded: refundedTotal === captured });

  if (reverse) {
    const transfer = (await ctx.store.get('transfer', charge.body.transfer))!;
    const already = (charge.internal.reversedByRefunds as number | undefined) ?? 0;
    const target = Math.min(proportion(refundedTotal, transfer.body.amount, captured), transfer.body.amount);
    const share = Math.min(target - already, transfer.body.amount - transfer.body.amount_reversed);
    if (share > 0) {
      const reversal = await reverseTransfer(ctx, transfer, share, { sourceRefund: refund.id });
      refund.body.transfer_reversal = reversal.id;
      charge.internal.reversedByRefunds = already + share;
    }
  }
  if (refundFee) await refundApplicationFee(ctx, charge, refundedTotal, captured);

  await ctx.store.save(refund);
  await ctx.store.save(charge);
  await emitEvent(ctx, 'refund.created', refund.body);
  await emitEvent(ctx, 'charge.refunded', charge.body);
  return ok(refund.body);
}

async function refundApplicationFee(ctx: RequestContext, charge: StoredObject, refundedTotal: number, captured: number): Promise<void> {
  const fee = (await ctx.store.get('application_fee', charge.body.application_fee))!;
  const target = Math.min(proportion(refundedTotal, fee.body.amount, captured), fee.body.amount);
  await giveBackApplicationFee(ctx, fee, target - fee.body.amount_refunded);
}

async function retrieve(ctx: RequestContext, _params: FormObject, [id]: string[]) {
  return ok((await load(ctx, 'refund', id!)).body);
}

async function list(ctx: RequestContext, params: FormObject) {
  allowOnly(params, ['charge', 'payment_intent', 'limit', 'starting_after', 'ending_before']);
  const charge = optionalString(params, 'charge');
  const intent = optionalString(params, 'payment_intent');
  return ok(
    await listObjects(ctx, 'refund', '/v1/refunds', pageParams(params), {
      ...(charge ? { parent: charge } : {}),
      ...(intent ? { fields: { payment_intent: intent } } : {}),
    }),
  );
}

export const refundRoutes: Route[] = [
  { method: 'POST', pattern: /^\/v1\/refunds$/, handle: create },
  { method: 'GET', pattern: /^\/v1\/refunds$/, handle: list },
  { method: 'GET', pattern: /^\/v1\/refunds\/([^/]+)$/, handle: retrieve },
];

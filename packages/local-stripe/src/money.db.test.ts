import Stripe from 'stripe';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { signStripePayload } from './signature.ts';
import { eventTypes, onboardedAccount, useHarness, type Harness } from './testing/harness.ts';

const holder = useHarness({ beforeAll, beforeEach, afterAll });
let h: Harness;
let teacher: string;
beforeEach(async () => {
  h = holder.current;
  teacher = await onboardedAccount(h);
  h.events.length = 0;
});

const DAY = 24 * 3600;

async function authorized(extra: Partial<Stripe.PaymentIntentCreateParams> = {}) {
  return h.stripe.paymentIntents.create({ amount: 10000, currency: 'usd', capture_method: 'manual', payment_method: 'pm_card_visa', confirm: true, ...extra });
}

async function capturedCharge(extra: Partial<Stripe.PaymentIntentCreateParams> = {}, capture: Stripe.PaymentIntentCaptureParams = {}) {
  const intent = await h.stripe.paymentIntents.capture((await authorized(extra)).id, capture);
  return h.stripe.charges.retrieve(intent.latest_charge as string);
}

function destination(fee: number): Partial<Stripe.PaymentIntentCreateParams> {
  return { transfer_data: { destination: teacher }, application_fee_amount: fee };
}

describe('balance transactions and balances', () => {
  it('a captured charge carries Stripe’s fee and becomes available two days later', async () => {
    const charge = await capturedCharge();
    const transaction = await h.stripe.balanceTransactions.retrieve(charge.balance_transaction as string);
    expect(transaction).toMatchObject({
      object: 'balance_transaction',
      type: 'charge',
      amount: 10000,
      fee: 320,
      net: 9680,
      source: charge.id,
      status: 'pending',
      available_on: h.clock.seconds + 2 * DAY,
      reporting_category: 'charge',
    });
    expect(transaction.id).toMatch(/^txn_/);
    expect(transaction.fee_details).toEqual([{ amount: 320, application: null, currency: 'usd', description: 'Stripe processing fees', type: 'stripe_fee' }]);
    expect(await h.stripe.balance.retrieve()).toMatchObject({ available: [{ amount: 0, currency: 'usd' }], pending: [{ amount: 9680, currency: 'usd' }] });
    h.clock.advanceSeconds(2 * DAY);
    expect((await h.stripe.balanceTransactions.retrieve(transaction.id)).status).toBe('available');
    expect(await h.stripe.balance.retrieve()).toMatchObject({ available: [{ amount: 9680 }], pending: [{ amount: 0 }] });
  });

  it('an uncaptured authorization moves no money', async () => {
    await authorized();
    expect((await h.stripe.balanceTransactions.list()).data).toEqual([]);
  });

  it('lists balance transactions by type and source', async () => {
    const charge = await capturedCharge();
    await h.stripe.refunds.create({ charge: charge.id, amount: 1000 });
    const refunds = await h.stripe.balanceTransactions.list({ type: 'refund' });
    expect(refunds.data.map((txn) => [txn.type, txn.amount, txn.fee])).toEqual([['refund', -1000, 0]]);
    expect((await h.stripe.balanceTransactions.list({ source: charge.id })).data).toHaveLength(1);
  });

  it('lists balance transactions created in a range (created[gte], [gt], [lt], [lte], or exactly)', async () => {
    const before = h.clock.seconds;
    await capturedCharge();
    h.clock.advanceSeconds(3600);
    const later = h.clock.seconds;
    await capturedCharge();
    const amounts = async (created: Stripe.RangeQueryParam | number) => (await h.stripe.balanceTransactions.list({ created })).data.map((txn) => txn.created);
    expect(await amounts({ gte: later })).toEqual([later]);
    expect(await amounts({ gt: before })).toEqual([later]);
    expect(await amounts({ lt: later })).toEqual([before]);
    expect(await amounts({ gte: before, lte: later })).toEqual([later, before]);
    expect(await amounts(before)).toEqual([before]);
    await expect(h.stripe.balanceTransactions.list({ created: { after: 1 } as Stripe.RangeQueryParam })).rejects.toMatchObject({ code: 'parameter_unknown' });
  });
});

describe('destination charges', () => {
  it('capture transfers the whole captured amount and takes the application fee back (Stripe’s flow of funds)', async () => {
    const intent = await authorized(destination(1500));
    expect((await h.stripe.transfers.list()).data).toEqual([]);
    const mark = h.events.length;
    const captured = await h.stripe.paymentIntents.capture(intent.id);
    const charge = await h.stripe.charges.retrieve(captured.latest_charge as string);
    const transfer = await h.stripe.transfers.retrieve(charge.transfer as string);
    expect(transfer).toMatchObject({ amount: 10000, destination: teacher, source_transaction: charge.id, amount_reversed: 0, reversed: false });
    const fee = await h.stripe.applicationFees.retrieve(charge.application_fee as string);
    expect(fee).toMatchObject({ amount: 1500, amount_refunded: 0, charge: charge.id, account: teacher });
    expect(charge.application_fee_amount).toBe(1500);
    expect(eventTypes(h).slice(mark)).toEqual(['transfer.created', 'application_fee.created', 'charge.captured', 'payment_intent.succeeded']);
    // The account's funds follow the charge's: pending for two days.
    expect(await h.stripe.balance.retrieve({}, { stripeAccount: teacher })).toMatchObject({ available: [{ amount: 0 }], pending: [{ amount: 8500 }] });
    h.clock.advanceSeconds(2 * DAY);
    expect(await h.stripe.balance.retrieve({}, { stripeAccount: teacher })).toMatchObject({ available: [{ amount: 8500 }], pending: [{ amount: 0 }] });
    const platform = await h.stripe.balanceTransactions.list();
    expect(platform.data.map((txn) => [txn.type, txn.amount, txn.fee]).sort()).toEqual([
      ['application_fee', 1500, 0],
      ['charge', 10000, 320],
      ['transfer', -10000, 0],
    ]);
    // The platform keeps its fee minus Stripe's.
    expect(await h.stripe.balance.retrieve()).toMatchObject({ available: [{ amount: 1500 - 320 }] });
    const connected = await h.stripe.balanceTransactions.list({}, { stripeAccount: teacher });
    expect(connected.data.map((txn) => [txn.type, txn.amount, txn.fee, txn.net])).toEqual([['payment', 10000, 1500, 8500]]);
    expect(connected.data[0]!.fee_details[0]).toMatchObject({ type: 'application_fee', amount: 1500 });
  });

  it('partial capture with the application fee set at capture; the fee is capped at the captured amount', async () => {
    const charge = await capturedCharge(destination(1500), { amount_to_capture: 6000, application_fee_amount: 900 });
    expect(charge.amount_captured).toBe(6000);
    expect((await h.stripe.transfers.retrieve(charge.transfer as string)).amount).toBe(6000);
    expect((await h.stripe.applicationFees.retrieve(charge.application_fee as string)).amount).toBe(900);
    const capped = await h.stripe.paymentIntents.capture((await authorized(destination(100))).id, { amount_to_capture: 50, application_fee_amount: 60 });
    expect(capped.application_fee_amount).toBe(50);
    await expect(authorized(destination(10001))).rejects.toMatchObject({ param: 'application_fee_amount' });
  });

  it('transfer_data[amount] sends that amount instead', async () => {
    const charge = await capturedCharge({ transfer_data: { destination: teacher, amount: 7000 } });
    expect((await h.stripe.transfers.retrieve(charge.transfer as string)).amount).toBe(7000);
    expect(charge.application_fee).toBeNull();
  });
});

describe('refunds', () => {
  it('full, partial and several, never above captured minus refunded', async () => {
    const charge = await capturedCharge();
    const first = await h.stripe.refunds.create({ payment_intent: charge.payment_intent as string, amount: 3000, reason: 'requested_by_customer' });
    expect(first).toMatchObject({ object: 'refund', amount: 3000, status: 'succeeded', charge: charge.id, reason: 'requested_by_customer' });
    expect(first.id).toMatch(/^re_/);
    await h.stripe.refunds.create({ charge: charge.id, amount: 2000 });
    expect(await h.stripe.charges.retrieve(charge.id)).toMatchObject({ amount_refunded: 5000, refunded: false });
    await expect(h.stripe.refunds.create({ charge: charge.id, amount: 5001 })).rejects.toMatchObject({ statusCode: 400, param: 'amount', code: 'amount_too_large' });
    const rest = await h.stripe.refunds.create({ charge: charge.id });
    expect(rest.amount).toBe(5000);
    expect(await h.stripe.charges.retrieve(charge.id)).toMatchObject({ amount_refunded: 10000, refunded: true });
    await expect(h.stripe.refunds.create({ charge: charge.id, amount: 1 })).rejects.toMatchObject({ code: 'charge_already_refunded' });
    expect((await h.stripe.refunds.list({ charge: charge.id })).data.map((refund) => refund.amount)).toEqual([5000, 2000, 3000]);
    expect(eventTypes(h).filter((type) => type === 'charge.refunded')).toHaveLength(3);
  });

  it('after a partial capture only the captured amount can be refunded; an authorization cannot', async () => {
    const charge = await capturedCharge({}, { amount_to_capture: 4000 });
    await expect(h.stripe.refunds.create({ charge: charge.id, amount: 4001 })).rejects.toMatchObject({ code: 'amount_too_large' });
    expect((await h.stripe.refunds.create({ charge: charge.id })).amount).toBe(4000);
    const held = await authorized();
    await expect(h.stripe.refunds.create({ payment_intent: held.id })).rejects.toMatchObject({ statusCode: 400 });
  });

  it('reverse_transfer and refund_application_fee act in proportion and add up exactly over several refunds', async () => {
    const charge = await capturedCharge(destination(1500));
    const first = await h.stripe.refunds.create({ charge: charge.id, amount: 3000, reverse_transfer: true, refund_application_fee: true });
    const reversal = first.transfer_reversal as string;
    expect(reversal).toMatch(/^trr_/);
    let transfer = await h.stripe.transfers.retrieve(charge.transfer as string);
    expect(transfer).toMatchObject({ amount_reversed: 3000, reversed: false });
    expect(transfer.reversals.data[0]).toMatchObject({ id: reversal, amount: 3000, source_refund: first.id });
    expect((await h.stripe.applicationFees.retrieve(charge.application_fee as string)).amount_refunded).toBe(450);
    // The account gave back 3000 and got 450 of the fee back; its payment is still pending.
    expect(await h.stripe.balance.retrieve({}, { stripeAccount: teacher })).toMatchObject({ available: [{ amount: -2550 }], pending: [{ amount: 8500 }] });

    await h.stripe.refunds.create({ charge: charge.id, reverse_transfer: true, refund_application_fee: true });
    transfer = await h.stripe.transfers.retrieve(charge.transfer as string);
    expect(transfer).toMatchObject({ amount_reversed: 10000, reversed: true });
    expect(await h.stripe.applicationFees.retrieve(charge.application_fee as string)).toMatchObject({ amount_refunded: 1500, refunded: true });
    expect(eventTypes(h)).toContain('transfer.reversed');
    expect(eventTypes(h)).toContain('application_fee.refunded');
    h.clock.advanceSeconds(2 * DAY);
    expect(await h.stripe.balance.retrieve({}, { stripeAccount: teacher })).toMatchObject({ available: [{ amount: 0 }], pending: [{ amount: 0 }] });
    // Everything given back: the platform is left with Stripe's processing fee to pay.
    expect(await h.stripe.balance.retrieve()).toMatchObject({ available: [{ amount: -320 }], pending: [{ amount: 0 }] });
  });

  it('without refund_application_fee the account bears the whole refund and the platform keeps its fee', async () => {
    const charge = await capturedCharge(destination(1500));
    await h.stripe.refunds.create({ charge: charge.id, reverse_transfer: true });
    h.clock.advanceSeconds(2 * DAY);
    expect(await h.stripe.balance.retrieve({}, { stripeAccount: teacher })).toMatchObject({ available: [{ amount: -1500 }] });
    expect(await h.stripe.balance.retrieve()).toMatchObject({ available: [{ amount: 1500 - 320 }] });
  });

  it('rounding never leaves a cent unreversed', async () => {
    const charge = await capturedCharge({ amount: 999, transfer_data: { destination: teacher, amount: 899 } });
    for (let i = 0; i < 3; i += 1) await h.stripe.refunds.create({ charge: charge.id, amount: 333, reverse_transfer: true });
    const transfer = await h.stripe.transfers.retrieve(charge.transfer as string);
    expect(transfer.reversals.data.map((entry) => entry.amount).reverse()).toEqual([300, 299, 300]);
    expect(transfer).toMatchObject({ amount: 899, amount_reversed: 899, reversed: true });
  });

  it('reverse_transfer needs a transfer on the charge', async () => {
    const charge = await capturedCharge();
    await expect(h.stripe.refunds.create({ charge: charge.id, reverse_transfer: true })).rejects.toMatchObject({ param: 'reverse_transfer' });
    expect((await h.stripe.charges.retrieve(charge.id)).amount_refunded).toBe(0);
  });
});

describe('transfers and reversals', () => {
  it('move money to a connected account and back, partially until fully reversed', async () => {
    const transfer = await h.stripe.transfers.create({ amount: 500, currency: 'usd', destination: teacher, transfer_group: 'booking:1', metadata: { step: 'tip' } });
    expect(transfer).toMatchObject({ object: 'transfer', amount: 500, destination: teacher, transfer_group: 'booking:1', metadata: { step: 'tip' } });
    expect(transfer.id).toMatch(/^tr_/);
    expect(transfer.destination_payment).toMatch(/^py_/);
    expect(await h.stripe.balance.retrieve({}, { stripeAccount: teacher })).toMatchObject({ available: [{ amount: 500 }] });
    await expect(h.stripe.transfers.createReversal(transfer.id, { amount: 501 })).rejects.toMatchObject({ statusCode: 400, param: 'amount' });
    const partial = await h.stripe.transfers.createReversal(transfer.id, { amount: 200 });
    expect(partial).toMatchObject({ object: 'transfer_reversal', amount: 200, transfer: transfer.id });
    expect(await h.stripe.transfers.retrieve(transfer.id)).toMatchObject({ amount_reversed: 200, reversed: false });
    await h.stripe.transfers.createReversal(transfer.id);
    expect(await h.stripe.transfers.retrieve(transfer.id)).toMatchObject({ amount_reversed: 500, reversed: true });
    await expect(h.stripe.transfers.createReversal(transfer.id, { amount: 1 })).rejects.toMatchObject({ statusCode: 400 });
    expect((await h.stripe.transfers.listReversals(transfer.id)).data.map((entry) => entry.amount)).toEqual([300, 200]);
    expect(await h.stripe.balance.retrieve({}, { stripeAccount: teacher })).toMatchObject({ available: [{ amount: 0 }] });
    const types = (await h.stripe.balanceTransactions.list()).data.map((txn) => [txn.type, txn.amount]);
    expect(types).toEqual([
      ['transfer_refund', 300],
      ['transfer_refund', 200],
      ['transfer', -500],
    ]);
    expect((await h.stripe.transfers.list({ destination: teacher })).data).toHaveLength(1);
  });

  it('a reversal with refund_application_fee gives back the fee in proportion', async () => {
    const charge = await capturedCharge(destination(1500));
    await h.stripe.transfers.createReversal(charge.transfer as string, { amount: 4000, refund_application_fee: true });
    expect((await h.stripe.applicationFees.retrieve(charge.application_fee as string)).amount_refunded).toBe(600);
    await h.stripe.transfers.createReversal(charge.transfer as string, { refund_application_fee: true });
    expect(await h.stripe.applicationFees.retrieve(charge.application_fee as string)).toMatchObject({ amount_refunded: 1500, refunded: true });
    expect(await h.stripe.transfers.retrieve(charge.transfer as string)).toMatchObject({ amount_reversed: 10000, reversed: true });
  });

  it('refuse a destination that is not an account, or one not yet onboarded', async () => {
    await expect(h.stripe.transfers.create({ amount: 500, currency: 'usd', destination: 'acct_1Nobody' })).rejects.toMatchObject({
      param: 'destination',
      code: 'resource_missing',
    });
    const fresh = await h.stripe.accounts.create({ type: 'express' });
    await expect(h.stripe.transfers.create({ amount: 500, currency: 'usd', destination: fresh.id })).rejects.toMatchObject({
      code: 'insufficient_capabilities_for_transfer',
    });
    await expect(authorized({ transfer_data: { destination: fresh.id } })).rejects.toMatchObject({ param: 'transfer_data[destination]' });
  });
});

describe('events', () => {
  it('have the v1 snapshot shape, are listed and retrieved, and the same JSON reaches onEvent', async () => {
    await h.stripe.paymentIntents.create(
      { amount: 10000, currency: 'usd', capture_method: 'manual', payment_method: 'pm_card_visa', confirm: true },
      { idempotencyKey: 'booking:1:authorize:1' },
    );
    const delivered = h.events.find((event) => event.type === 'payment_intent.amount_capturable_updated')!;
    const event = await h.stripe.events.retrieve(delivered.id);
    expect(JSON.parse(delivered.json)).toEqual(JSON.parse(JSON.stringify(event)));
    expect(event).toMatchObject({
      object: 'event',
      api_version: expect.any(String),
      created: h.clock.seconds,
      livemode: false,
      pending_webhooks: 1,
      request: { id: expect.stringMatching(/^req_/), idempotency_key: 'booking:1:authorize:1' },
      type: 'payment_intent.amount_capturable_updated',
    });
    expect((event.data.object as Stripe.PaymentIntent).status).toBe('requires_capture');
    expect(event).not.toHaveProperty('account');
    const listed = await h.stripe.events.list({ type: 'payment_intent.*' });
    expect(listed.data.map((entry) => entry.type)).toEqual(['payment_intent.amount_capturable_updated', 'payment_intent.created']);
    const page = await h.stripe.events.list({ limit: 2 });
    expect(page.has_more).toBe(true);
    const next = await h.stripe.events.list({ limit: 10, starting_after: page.data[1]!.id });
    expect(next.data.length + 2).toBe(h.events.length);
  });

  it('signed with signStripePayload, each event passes the SDK’s constructEvent', async () => {
    await capturedCharge();
    // constructEvent compares with the real time, so the signature carries it.
    // eslint-disable-next-line no-restricted-properties
    const now = Math.floor(Date.now() / 1000);
    for (const delivered of h.events) {
      const event = h.stripe.webhooks.constructEvent(delivered.json, signStripePayload('whsec_dev', delivered.json, now), 'whsec_dev');
      expect(event.id).toBe(delivered.id);
    }
  });
});

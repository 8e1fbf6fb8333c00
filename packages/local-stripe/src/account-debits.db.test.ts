import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { onboardedAccount, useHarness, type Harness } from './testing/harness.ts';

const holder = useHarness({ beforeAll, beforeEach, afterAll });
let h: Harness;
beforeEach(() => {
  h = holder.current;
});

async function fundedAccount(amount: number): Promise<string> {
  const id = await onboardedAccount(h);
  await h.stripe.transfers.create({ amount, currency: 'usd', destination: id });
  return id;
}

const availableOf = async (account?: string) =>
  (await h.stripe.balance.retrieve({}, account ? { stripeAccount: account } : {})).available[0]!.amount;

describe('account debits (transfers made with Stripe-Account to the platform)', () => {
  it('GET /v1/account without Stripe-Account answers the platform, the same id every time', async () => {
    const platform = await h.stripe.accounts.retrieveCurrent();
    expect(platform.id).toBe('acct_local_platform');
    expect((await h.stripe.accounts.retrieveCurrent()).id).toBe(platform.id);
  });

  it('move money from the connected account to the platform, recorded on both balances', async () => {
    const account = await fundedAccount(10_000);
    const platformId = (await h.stripe.accounts.retrieveCurrent()).id;
    const platformBefore = await availableOf();

    const debit = await h.stripe.transfers.create(
      { amount: 200, currency: 'usd', destination: platformId, description: 'Instant payout fee', metadata: { step: 'fee' } },
      { stripeAccount: account, idempotencyKey: 'payout:k1:fee' },
    );
    expect(debit).toMatchObject({ object: 'transfer', amount: 200, destination: platformId, description: 'Instant payout fee', metadata: { step: 'fee' } });
    expect(debit.id).toMatch(/^tr_/);
    expect(debit.destination_payment).toMatch(/^py_/);

    expect(await availableOf(account)).toBe(9_800);
    expect(await availableOf()).toBe(platformBefore + 200);

    const connectedSide = await h.stripe.balanceTransactions.list({ type: 'transfer' }, { stripeAccount: account });
    expect(connectedSide.data.map((txn) => [txn.amount, txn.source, txn.status])).toEqual([[-200, debit.id, 'available']]);
    const platformSide = await h.stripe.balanceTransactions.list({ type: 'payment' });
    expect(platformSide.data.map((txn) => [txn.amount, txn.fee, txn.source, txn.status])).toEqual([[200, 0, debit.destination_payment, 'available']]);

    // The transfer is the connected account's: visible with its Stripe-Account, not the platform's.
    expect((await h.stripe.transfers.retrieve(debit.id, {}, { stripeAccount: account })).amount).toBe(200);
    await expect(h.stripe.transfers.retrieve(debit.id)).rejects.toMatchObject({ statusCode: 404 });
    const event = [...h.events].reverse().find((delivered) => delivered.type === 'transfer.created')!;
    expect(JSON.parse(event.json)).toMatchObject({ account, data: { object: { id: debit.id } } });
  });

  it('replays the first answer for the same idempotency key, moving the money once', async () => {
    const account = await fundedAccount(1_000);
    const params = { amount: 300, currency: 'usd', destination: 'acct_local_platform' };
    const first = await h.stripe.transfers.create(params, { stripeAccount: account, idempotencyKey: 'same' });
    const again = await h.stripe.transfers.create(params, { stripeAccount: account, idempotencyKey: 'same' });
    expect(again.id).toBe(first.id);
    expect(await availableOf(account)).toBe(700);
  });

  it('refuses more than the available balance (balance_insufficient), and any destination but the platform', async () => {
    const account = await fundedAccount(1_000);
    await expect(h.stripe.transfers.create({ amount: 1_001, currency: 'usd', destination: 'acct_local_platform' }, { stripeAccount: account })).rejects.toMatchObject({
      statusCode: 400,
      type: 'StripeInvalidRequestError',
      code: 'balance_insufficient',
    });
    const other = await onboardedAccount(h, 'other@example.com');
    await expect(h.stripe.transfers.create({ amount: 100, currency: 'usd', destination: other }, { stripeAccount: account })).rejects.toMatchObject({
      statusCode: 400,
      param: 'destination',
    });
    expect(await availableOf(account)).toBe(1_000);
  });

  it('does not count pending funds as available', async () => {
    const account = await onboardedAccount(h);
    await expect(h.stripe.transfers.create({ amount: 1, currency: 'usd', destination: 'acct_local_platform' }, { stripeAccount: account })).rejects.toMatchObject({
      code: 'balance_insufficient',
    });
  });
});

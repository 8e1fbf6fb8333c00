import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DomainError } from '../../platform/errors.ts';
import { openInstantPayoutHarness, type InstantPayoutHarness } from './instant-payouts.testing.ts';

/**
 * The instant payout's fee (PRODUCT.md §6) on the real database and the local Stripe: it
 * reaches the platform's balance and the books, and a crash between the payout and the fee
 * collection is completed by the client's retry with the same Idempotency-Key — the fee is
 * neither lost nor taken twice. (The sweep completing it without a retry:
 * instant-payout-sweep.db.test.ts.)
 */
describe('instant payout fee', () => {
  let h: InstantPayoutHarness;

  beforeAll(async () => {
    h = await openInstantPayoutHarness({ at: '2026-11-23T15:00:00Z' });
  });
  afterAll(() => h?.database.close());

  it('pays out the amount less 2% and moves the fee to the platform and into the books', async () => {
    const [instructorBefore, platformBefore, revenueBefore] = [await h.instructorAvailable(), await h.platformAvailable(), await h.feeRevenue()];
    const view = await h.service.instantPayout(h.principal, { amountCents: 5_000, idempotencyKey: 'fee-1' });
    expect(view).toMatchObject({ amountCents: 4_900, feeCents: 100, method: 'instant' });
    expect(await h.instructorAvailable()).toBe(instructorBefore - 5_000);
    expect(await h.platformAvailable()).toBe(platformBefore + 100);
    expect(await h.feeRevenue()).toBe(revenueBefore + 100);
    const [recorded] = await h.feeTransactions(view.id);
    expect(recorded!.providerIds).toEqual([expect.stringMatching(/^tr_/), expect.stringMatching(/^py_/)]);
    expect(await h.trialDifference()).toBe(0);

    // The same request again: the first answer, nothing moved or booked twice.
    expect((await h.service.instantPayout(h.principal, { amountCents: 5_000, idempotencyKey: 'fee-1' })).id).toBe(view.id);
    expect(await h.instructorAvailable()).toBe(instructorBefore - 5_000);
    expect(await h.platformAvailable()).toBe(platformBefore + 100);
    expect(await h.feeTransactions(view.id)).toHaveLength(1);
  });

  it('completes a fee step a crash interrupted when the request is retried, while the balance still covers it', async () => {
    const [instructorBefore, platformBefore, revenueBefore] = [await h.instructorAvailable(), await h.platformAvailable(), await h.feeRevenue()];
    h.crashes.beforeFee = true;
    const crashed = await h.service.instantPayout(h.principal, { amountCents: 1_000, idempotencyKey: 'fee-2' }).catch((error: unknown) => error);
    expect(crashed).toBeInstanceOf(DomainError);
    expect((crashed as DomainError).code).toBe('service_unavailable');
    // The payout left, its fee not yet.
    expect(await h.instructorAvailable()).toBe(instructorBefore - 980);
    expect(await h.platformAvailable()).toBe(platformBefore);

    const retried = await h.service.instantPayout(h.principal, { amountCents: 1_000, idempotencyKey: 'fee-2' });
    expect(retried).toMatchObject({ amountCents: 980, feeCents: 20 });
    expect(await h.instructorAvailable()).toBe(instructorBefore - 1_000);
    expect(await h.platformAvailable()).toBe(platformBefore + 20);
    expect(await h.feeRevenue()).toBe(revenueBefore + 20);
    expect(await h.feeTransactions(retried.id)).toHaveLength(1);
    expect((await h.sdk.payouts.list({ limit: 100 }, { stripeAccount: h.accountId })).data.filter((payout) => payout.metadata?.requestKey === 'fee-2')).toHaveLength(1);
    expect(await h.trialDifference()).toBe(0);
  });

  it('without an Idempotency-Key, the next instant payout request completes the interrupted fee step', async () => {
    const [instructorBefore, platformBefore] = [await h.instructorAvailable(), await h.platformAvailable()];
    h.crashes.beforeFee = true;
    await expect(h.service.instantPayout(h.principal, { amountCents: 500 })).rejects.toBeInstanceOf(DomainError);
    expect(await h.platformAvailable()).toBe(platformBefore);
    const [interrupted] = (await h.sdk.payouts.list({ limit: 1 }, { stripeAccount: h.accountId })).data;

    const next = await h.service.instantPayout(h.principal, { amountCents: 1_000 });
    expect(next.feeCents).toBe(20);
    expect(await h.instructorAvailable()).toBe(instructorBefore - 500 - 1_000);
    expect(await h.platformAvailable()).toBe(platformBefore + 10 + 20);
    expect(await h.feeTransactions(interrupted!.id)).toHaveLength(1);
    expect(await h.feeTransactions(next.id)).toHaveLength(1);
    expect(await h.trialDifference()).toBe(0);
  });

  it('completes it too when the payout emptied the balance the retry asks for', async () => {
    const everything = await h.instructorAvailable();
    const platformBefore = await h.platformAvailable();
    const fee = Math.round(everything * 0.02);
    h.crashes.beforeFee = true;
    await expect(h.service.instantPayout(h.principal, { amountCents: everything, idempotencyKey: 'fee-3' })).rejects.toBeInstanceOf(DomainError);
    expect(await h.instructorAvailable()).toBe(fee);

    const retried = await h.service.instantPayout(h.principal, { amountCents: everything, idempotencyKey: 'fee-3' });
    expect(retried.feeCents).toBe(fee);
    expect(await h.instructorAvailable()).toBe(0);
    expect(await h.platformAvailable()).toBe(platformBefore + fee);
    // Once more: answered with the same payout, no fee taken again (there is nothing left to take).
    expect((await h.service.instantPayout(h.principal, { amountCents: everything, idempotencyKey: 'fee-3' })).id).toBe(retried.id);
    expect(await h.platformAvailable()).toBe(platformBefore + fee);
    expect(await h.feeTransactions(retried.id)).toHaveLength(1);
    expect(await h.trialDifference()).toBe(0);
  });
});

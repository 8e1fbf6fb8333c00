import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DomainError } from '../../platform/errors.ts';
import { instantPayoutFeeCents } from '../payments/fees.policy.ts';
import { instantPayoutLockKey, INSTANT_PAYOUT_LOCK } from './instant-payout-steps.ts';
import { completeInstantFeesJob } from './payouts.jobs.ts';
import { openInstantPayoutHarness, type InstantPayoutHarness } from './instant-payouts.testing.ts';

const TWO_MINUTES = 2 * 60_000;

/**
 * Instant payouts a crash interrupted and no retry came to finish (PRODUCT.md §6): the sweep
 * (payouts.complete_instant_fees, every 15 minutes) completes them from
 * instant_payout_requests — the fee collected once and posted once, the provider's state as
 * the proof — and one instructor's requests run one at a time. The tests share one
 * instructor ($100 to start) and run in order.
 */
describe('instant payout sweep', () => {
  let h: InstantPayoutHarness;

  beforeAll(async () => {
    h = await openInstantPayoutHarness({ at: '2026-11-23T15:00:00Z', lockWaitMs: 200 });
  });
  afterAll(() => h?.database.close());

  const stateOf = async (payoutId: string) => (await h.requestRows()).find((row) => row.payoutId === payoutId)?.state;
  const lastRow = async () => (await h.requestRows()).at(-1)!;

  it('collects and posts the fee of a payout the process died after, once, and a second run changes nothing', async () => {
    const [instructorBefore, platformBefore, revenueBefore] = [await h.instructorAvailable(), await h.platformAvailable(), await h.feeRevenue()];
    h.crashes.beforeFee = true;
    await expect(h.service.instantPayout(h.principal, { amountCents: 1_000 })).rejects.toMatchObject({ code: 'service_unavailable' });
    const [payout] = await h.payouts();
    expect(await stateOf(payout!.id)).toBe('paid_out');
    expect(await h.instructorAvailable()).toBe(instructorBefore - 980);

    // Under a minute old it may still be in flight: left alone, no provider call made.
    expect(await h.steps.sweep()).toEqual({ feesCollected: 0, refused: 0, left: 0 });
    expect(await h.platformAvailable()).toBe(platformBefore);

    h.clock.advance(TWO_MINUTES);
    expect(await h.steps.sweep()).toEqual({ feesCollected: 1, refused: 0, left: 0 });
    expect(await h.instructorAvailable()).toBe(instructorBefore - 1_000);
    expect(await h.platformAvailable()).toBe(platformBefore + 20);
    expect(await h.feeRevenue()).toBe(revenueBefore + 20);
    expect(await h.feeTransfers(payout!.id)).toHaveLength(1);
    expect(await h.feeTransactions(payout!.id)).toHaveLength(1);
    expect(await stateOf(payout!.id)).toBe('fee_collected');

    // Again, as the scheduled job.
    await completeInstantFeesJob(h.steps).handler({}, { jobId: 'sweep-2', retryCount: 0, signal: new AbortController().signal });
    expect(await h.platformAvailable()).toBe(platformBefore + 20);
    expect(await h.feeTransfers(payout!.id)).toHaveLength(1);
    expect(await h.feeTransactions(payout!.id)).toHaveLength(1);
    expect(await h.trialDifference()).toBe(0);
  });

  it('marks a request refused when the process died before the payout call, and never pays it out', async () => {
    const [instructorBefore, platformBefore, payoutsBefore] = [await h.instructorAvailable(), await h.platformAvailable(), (await h.payouts()).length];
    h.crashes.beforePayout = true;
    await expect(h.service.instantPayout(h.principal, { amountCents: 700 })).rejects.toMatchObject({ code: 'service_unavailable' });
    const row = await lastRow();
    expect(row).toMatchObject({ state: 'started', payoutId: null, requestedCents: 700, feeCents: 14 });

    h.clock.advance(TWO_MINUTES);
    expect(await h.steps.sweep()).toEqual({ feesCollected: 0, refused: 1, left: 0 });
    expect(await h.steps.sweep()).toEqual({ feesCollected: 0, refused: 0, left: 0 });
    expect((await h.requestRows()).find((candidate) => candidate.id === row.id)!.state).toBe('refused');
    expect(await h.payouts()).toHaveLength(payoutsBefore);
    expect(await h.instructorAvailable()).toBe(instructorBefore);
    expect(await h.platformAvailable()).toBe(platformBefore);
    expect(await h.trialDifference()).toBe(0);
  });

  it('finds a payout whose answer was lost (row still `started`) by its request id and collects its fee once', async () => {
    const [instructorBefore, platformBefore] = [await h.instructorAvailable(), await h.platformAvailable()];
    h.crashes.afterPayout = true;
    await expect(h.service.instantPayout(h.principal, { amountCents: 1_500 })).rejects.toMatchObject({ code: 'service_unavailable' });
    const row = await lastRow();
    expect(row).toMatchObject({ state: 'started', payoutId: null });
    const made = (await h.payouts()).filter((payout) => payout.metadata?.requestId === row.id);
    expect(made).toHaveLength(1);

    h.clock.advance(TWO_MINUTES);
    expect(await h.steps.sweep()).toEqual({ feesCollected: 1, refused: 0, left: 0 });
    expect(await h.steps.sweep()).toEqual({ feesCollected: 0, refused: 0, left: 0 });
    expect((await h.payouts()).filter((payout) => payout.metadata?.requestId === row.id)).toHaveLength(1);
    expect(await stateOf(made[0]!.id)).toBe('fee_collected');
    expect(await h.instructorAvailable()).toBe(instructorBefore - 1_500);
    expect(await h.platformAvailable()).toBe(platformBefore + 30);
    expect(await h.feeTransfers(made[0]!.id)).toHaveLength(1);
    expect(await h.feeTransactions(made[0]!.id)).toHaveLength(1);
    expect(await h.trialDifference()).toBe(0);
  });

  it('leaves an instructor whose instant payout is under way (lock held) for the next run', async () => {
    const platformBefore = await h.platformAvailable();
    h.crashes.beforeFee = true;
    await expect(h.service.instantPayout(h.principal, { amountCents: 500 })).rejects.toMatchObject({ code: 'service_unavailable' });
    h.clock.advance(TWO_MINUTES);
    const lease = (await h.locks.tryAcquire(instantPayoutLockKey(h.principal.userId), INSTANT_PAYOUT_LOCK.ttlMs))!;
    expect(await h.steps.sweep()).toEqual({ feesCollected: 0, refused: 0, left: 1 });
    expect(await h.platformAvailable()).toBe(platformBefore);
    // A request of the same instructor meanwhile waits its turn, then is told to try again.
    const busy = await h.service.instantPayout(h.principal, { amountCents: 100 }).catch((error: unknown) => error);
    expect(busy).toBeInstanceOf(DomainError);
    expect(busy).toMatchObject({ code: 'conflict', details: { reason: 'instant_payout_in_progress' } });
    await lease.release();

    expect(await h.steps.sweep()).toEqual({ feesCollected: 1, refused: 0, left: 0 });
    expect(await h.platformAvailable()).toBe(platformBefore + 10);
    expect(await h.trialDifference()).toBe(0);
  });

  it('runs two instant payouts of one instructor at once one after the other: each fee collected and posted once', async () => {
    const [instructorBefore, platformBefore, revenueBefore, payoutsBefore] = [await h.instructorAvailable(), await h.platformAvailable(), await h.feeRevenue(), (await h.payouts()).length];
    h.payoutCalls.most = 0;
    const [first, second] = await Promise.all([
      h.service.instantPayout(h.principal, { amountCents: 2_000 }),
      h.service.instantPayout(h.principal, { amountCents: 3_000 }),
    ]);
    expect(h.payoutCalls.most).toBe(1);
    expect([first.feeCents, second.feeCents]).toEqual([40, 60]);
    expect(await h.payouts()).toHaveLength(payoutsBefore + 2);
    expect(await h.instructorAvailable()).toBe(instructorBefore - 5_000);
    expect(await h.platformAvailable()).toBe(platformBefore + 100);
    expect(await h.feeRevenue()).toBe(revenueBefore + 100);
    for (const payout of [first, second]) {
      expect(await h.feeTransfers(payout.id)).toHaveLength(1);
      expect(await h.feeTransactions(payout.id)).toHaveLength(1);
      expect(await stateOf(payout.id)).toBe('fee_collected');
    }
    h.clock.advance(TWO_MINUTES);
    expect(await h.steps.sweep()).toEqual({ feesCollected: 0, refused: 0, left: 0 });
    expect(await h.trialDifference()).toBe(0);
  });

  it('lets the next request complete an interrupted one before reading the balance, so the sweep finds nothing left', async () => {
    const [instructorBefore, platformBefore] = [await h.instructorAvailable(), await h.platformAvailable()];
    h.crashes.beforeFee = true;
    await expect(h.service.instantPayout(h.principal, { amountCents: 400 })).rejects.toMatchObject({ code: 'service_unavailable' });
    // All that is left, less the interrupted payout's fee still on the balance: the next request may not take it.
    const rest = (await h.instructorAvailable()) - 8;
    await h.service.instantPayout(h.principal, { amountCents: rest });
    expect(await h.instructorAvailable()).toBe(0);
    expect(await h.platformAvailable()).toBe(platformBefore + 8 + instantPayoutFeeCents(rest));
    expect(instructorBefore - 400 - rest).toBe(0);
    h.clock.advance(TWO_MINUTES);
    expect(await h.steps.sweep()).toEqual({ feesCollected: 0, refused: 0, left: 0 });
    expect(await h.trialDifference()).toBe(0);
  });
});

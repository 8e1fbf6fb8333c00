import { createLocalStripe, type LocalStripe } from '@instainstru/local-stripe';
import { sql } from 'kysely';
import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../../../../../test/support/test-database.ts';
import { PaymentError } from '../../integrations/payments/payment-error.ts';
import type { PaymentsPort } from '../../integrations/payments/payments.port.ts';
import { StripePayments } from '../../integrations/payments/stripe-payments.adapter.ts';
import { ControllableClock } from '../../platform/clock.ts';
import type { Database } from '../../platform/db/database.ts';
import { DomainError } from '../../platform/errors.ts';
import { createIdGenerator } from '../../platform/ids.ts';
import { insertInstructorUser, userPrincipal } from '../instructors/instructors.testing.ts';
import { platformAccount } from '../ledger/chart-of-accounts.ts';
import { LedgerRepository } from '../ledger/ledger.repository.ts';
import { LedgerService } from '../ledger/ledger.service.ts';
import { PayoutsRepository } from './payouts.repository.ts';
import { PayoutsService } from './payouts.service.ts';

/**
 * The instant payout's fee (PRODUCT.md §6) on the real database and the local Stripe: it
 * reaches the platform's balance and the books, and a crash between the payout and the fee
 * collection is completed by the client's retry with the same Idempotency-Key — the fee is
 * neither lost nor taken twice.
 */
describe('instant payout fee', () => {
  let database: Database;
  let local: LocalStripe;
  let sdk: Stripe;
  let ledger: LedgerService;
  let service: PayoutsService;
  let principal: ReturnType<typeof userPrincipal>;
  let accountId: string;
  /** Set to make the next fee collection fail as if the process died before it answered. */
  let crashBeforeFee = false;
  const clock = new ControllableClock('2026-11-23T15:00:00Z');
  const ids = createIdGenerator(clock);

  beforeAll(async () => {
    database = await openTestDatabase();
    local = createLocalStripe({ db: database.db, clock });
    await local.ensureSchema();
    const keys = { secretKey: 'sk_test_fee', publishableKey: 'pk_test_fee' };
    const adapter = new StripePayments({ ...keys, fetch: local.fetch });
    const payments: PaymentsPort = Object.create(adapter);
    payments.collectFromAccount = async (input) => {
      if (crashBeforeFee) {
        crashBeforeFee = false;
        throw new PaymentError('unavailable', 'connection lost before the fee step');
      }
      return adapter.collectFromAccount(input);
    };
    sdk = new Stripe(keys.secretKey, { httpClient: Stripe.createFetchHttpClient(local.fetch), maxNetworkRetries: 0 });
    ledger = new LedgerService({ repository: new LedgerRepository(database.db), clock, ids });
    service = new PayoutsService({ db: database.db, payments, clock, ids, repository: new PayoutsRepository(), ledger, webAppUrl: 'http://localhost:3000' });

    principal = userPrincipal(await insertInstructorUser(database.db, ids));
    await service.startOnboarding(principal);
    accountId = (await database.db.selectFrom('payoutAccounts').select('accountId').where('userId', '=', principal.userId).executeTakeFirstOrThrow()).accountId;
    await local.finishOnboarding(accountId, 'complete');
    await service.overview(principal, { refresh: true });
    await sdk.transfers.create({ amount: 10_000, currency: 'usd', destination: accountId });
  });
  afterAll(() => database?.close());

  const instructorAvailable = async () => (await sdk.balance.retrieve({}, { stripeAccount: accountId })).available[0]!.amount;
  const platformAvailable = async () => (await sdk.balance.retrieve()).available[0]!.amount;
  const feeRevenue = () => ledger.balanceOf(database.db, platformAccount('revenue_instant_payout_fee'));
  const trialDifference = async () =>
    Number((await sql<{ total: string | null }>`select sum(amount_cents)::text as total from ledger_entries`.execute(database.db)).rows[0]!.total ?? 0);
  const feeTransactions = (payoutId: string) =>
    database.db.selectFrom('ledgerTransactions').select(['reference', 'providerIds']).where('reference', '=', `payout:${payoutId}:fee`).execute();

  it('pays out the amount less 2% and moves the fee to the platform and into the books', async () => {
    const [instructorBefore, platformBefore, revenueBefore] = [await instructorAvailable(), await platformAvailable(), await feeRevenue()];
    const view = await service.instantPayout(principal, { amountCents: 5_000, idempotencyKey: 'fee-1' });
    expect(view).toMatchObject({ amountCents: 4_900, feeCents: 100, method: 'instant' });
    expect(await instructorAvailable()).toBe(instructorBefore - 5_000);
    expect(await platformAvailable()).toBe(platformBefore + 100);
    expect(await feeRevenue()).toBe(revenueBefore + 100);
    const [recorded] = await feeTransactions(view.id);
    expect(recorded!.providerIds).toEqual([expect.stringMatching(/^tr_/), expect.stringMatching(/^py_/)]);
    expect(await trialDifference()).toBe(0);

    // The same request again: the first answer, nothing moved or booked twice.
    expect((await service.instantPayout(principal, { amountCents: 5_000, idempotencyKey: 'fee-1' })).id).toBe(view.id);
    expect(await instructorAvailable()).toBe(instructorBefore - 5_000);
    expect(await platformAvailable()).toBe(platformBefore + 100);
    expect(await feeTransactions(view.id)).toHaveLength(1);
  });

  it('completes a fee step a crash interrupted when the request is retried, while the balance still covers it', async () => {
    const [instructorBefore, platformBefore, revenueBefore] = [await instructorAvailable(), await platformAvailable(), await feeRevenue()];
    crashBeforeFee = true;
    const crashed = await service.instantPayout(principal, { amountCents: 1_000, idempotencyKey: 'fee-2' }).catch((error: unknown) => error);
    expect(crashed).toBeInstanceOf(DomainError);
    expect((crashed as DomainError).code).toBe('service_unavailable');
    // The payout left, its fee not yet.
    expect(await instructorAvailable()).toBe(instructorBefore - 980);
    expect(await platformAvailable()).toBe(platformBefore);

    const retried = await service.instantPayout(principal, { amountCents: 1_000, idempotencyKey: 'fee-2' });
    expect(retried).toMatchObject({ amountCents: 980, feeCents: 20 });
    expect(await instructorAvailable()).toBe(instructorBefore - 1_000);
    expect(await platformAvailable()).toBe(platformBefore + 20);
    expect(await feeRevenue()).toBe(revenueBefore + 20);
    expect(await feeTransactions(retried.id)).toHaveLength(1);
    expect((await sdk.payouts.list({ limit: 100 }, { stripeAccount: accountId })).data.filter((payout) => payout.metadata?.requestKey === 'fee-2')).toHaveLength(1);
    expect(await trialDifference()).toBe(0);
  });

  it('without an Idempotency-Key, the next instant payout request completes the interrupted fee step', async () => {
    const [instructorBefore, platformBefore] = [await instructorAvailable(), await platformAvailable()];
    crashBeforeFee = true;
    await expect(service.instantPayout(principal, { amountCents: 500 })).rejects.toBeInstanceOf(DomainError);
    expect(await platformAvailable()).toBe(platformBefore);
    const [interrupted] = (await sdk.payouts.list({ limit: 1 }, { stripeAccount: accountId })).data;

    const next = await service.instantPayout(principal, { amountCents: 1_000 });
    expect(next.feeCents).toBe(20);
    expect(await instructorAvailable()).toBe(instructorBefore - 500 - 1_000);
    expect(await platformAvailable()).toBe(platformBefore + 10 + 20);
    expect(await feeTransactions(interrupted!.id)).toHaveLength(1);
    expect(await feeTransactions(next.id)).toHaveLength(1);
    expect(await trialDifference()).toBe(0);
  });

  it('completes it too when the payout emptied the balance the retry asks for', async () => {
    const everything = await instructorAvailable();
    const platformBefore = await platformAvailable();
    const fee = Math.round(everything * 0.02);
    crashBeforeFee = true;
    await expect(service.instantPayout(principal, { amountCents: everything, idempotencyKey: 'fee-3' })).rejects.toBeInstanceOf(DomainError);
    expect(await instructorAvailable()).toBe(fee);

    const retried = await service.instantPayout(principal, { amountCents: everything, idempotencyKey: 'fee-3' });
    expect(retried.feeCents).toBe(fee);
    expect(await instructorAvailable()).toBe(0);
    expect(await platformAvailable()).toBe(platformBefore + fee);
    // Once more: answered with the same payout, no fee taken again (there is nothing left to take).
    expect((await service.instantPayout(principal, { amountCents: everything, idempotencyKey: 'fee-3' })).id).toBe(retried.id);
    expect(await platformAvailable()).toBe(platformBefore + fee);
    expect(await feeTransactions(retried.id)).toHaveLength(1);
    expect(await trialDifference()).toBe(0);
  });
});

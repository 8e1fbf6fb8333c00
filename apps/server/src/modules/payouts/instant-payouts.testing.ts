import { createLocalStripe, type LocalStripe } from '@instainstru/local-stripe';
import { sql } from 'kysely';
import Stripe from 'stripe';
import { openTestDatabase } from '../../../../../test/support/test-database.ts';
import { PaymentError } from '../../integrations/payments/payment-error.ts';
import type { PaymentsPort } from '../../integrations/payments/payments.port.ts';
import { StripePayments } from '../../integrations/payments/stripe-payments.adapter.ts';
import { ControllableClock } from '../../platform/clock.ts';
import type { Database } from '../../platform/db/database.ts';
import { createIdGenerator } from '../../platform/ids.ts';
import { MemoryLocks } from '../../platform/lock/lock.memory.ts';
import { insertInstructorUser, userPrincipal } from '../instructors/instructors.testing.ts';
import { platformAccount } from '../ledger/chart-of-accounts.ts';
import { LedgerRepository } from '../ledger/ledger.repository.ts';
import { LedgerService } from '../ledger/ledger.service.ts';
import { InstantPayoutRequestsRepository } from './instant-payout-requests.repository.ts';
import { InstantPayoutSteps } from './instant-payout-steps.ts';
import { PayoutsRepository } from './payouts.repository.ts';
import { PayoutsService } from './payouts.service.ts';

/** Where the next instant payout is made to fail, as if the process died there (each fires once). */
export interface Crashes {
  /** Before the payout call reaches the provider: no payout. */
  beforePayout: boolean;
  /** After the provider made the payout, before its answer arrived. */
  afterPayout: boolean;
  /** Before the fee collection reaches the provider. */
  beforeFee: boolean;
}

/**
 * The instant payout on a real database and the local Stripe, for the db tests: an enabled
 * instructor with $100 on their payout account, a port that crashes where told, and the
 * readings the tests compare (balances at the provider, the books).
 */
export async function openInstantPayoutHarness(options: { at: string; lockWaitMs?: number }) {
  const database: Database = await openTestDatabase();
  const clock = new ControllableClock(options.at);
  const ids = createIdGenerator(clock);
  const local: LocalStripe = createLocalStripe({ db: database.db, clock });
  await local.ensureSchema();
  const keys = { secretKey: 'sk_test_fee', publishableKey: 'pk_test_fee' };
  const adapter = new StripePayments({ ...keys, fetch: local.fetch });
  const crashes: Crashes = { beforePayout: false, afterPayout: false, beforeFee: false };
  /** Instant payout calls in flight at once, at most (the instructor's lock keeps it at 1). */
  const payoutCalls = { inFlight: 0, most: 0 };
  const payments: PaymentsPort = Object.create(adapter);
  payments.instantPayout = async (input) => {
    payoutCalls.most = Math.max(payoutCalls.most, ++payoutCalls.inFlight);
    try {
      if (crashes.beforePayout) {
        crashes.beforePayout = false;
        throw new PaymentError('unavailable', 'connection lost before the payout');
      }
      const payout = await adapter.instantPayout(input);
      if (crashes.afterPayout) {
        crashes.afterPayout = false;
        throw new PaymentError('unavailable', 'connection lost after the payout was made');
      }
      return payout;
    } finally {
      payoutCalls.inFlight -= 1;
    }
  };
  payments.collectFromAccount = async (input) => {
    if (crashes.beforeFee) {
      crashes.beforeFee = false;
      throw new PaymentError('unavailable', 'connection lost before the fee step');
    }
    return adapter.collectFromAccount(input);
  };
  const sdk = new Stripe(keys.secretKey, { httpClient: Stripe.createFetchHttpClient(local.fetch), maxNetworkRetries: 0 });
  const ledger = new LedgerService({ repository: new LedgerRepository(database.db), clock, ids });
  const locks = new MemoryLocks(clock);
  const requests = new InstantPayoutRequestsRepository();
  const steps = new InstantPayoutSteps({ db: database.db, payments, clock, locks, ledger, requests, ...(options.lockWaitMs === undefined ? {} : { lockWaitMs: options.lockWaitMs }) });
  const service = new PayoutsService({ db: database.db, payments, clock, ids, repository: new PayoutsRepository(), requests, steps, webAppUrl: 'http://localhost:3000' });

  const principal = userPrincipal(await insertInstructorUser(database.db, ids));
  await service.startOnboarding(principal);
  const { accountId } = await database.db.selectFrom('payoutAccounts').select('accountId').where('userId', '=', principal.userId).executeTakeFirstOrThrow();
  await local.finishOnboarding(accountId, 'complete');
  await service.overview(principal, { refresh: true });
  await sdk.transfers.create({ amount: 10_000, currency: 'usd', destination: accountId });

  return {
    database,
    clock,
    sdk,
    ledger,
    locks,
    steps,
    service,
    principal,
    accountId,
    crashes,
    payoutCalls,
    instructorAvailable: async () => (await sdk.balance.retrieve({}, { stripeAccount: accountId })).available[0]!.amount,
    platformAvailable: async () => (await sdk.balance.retrieve()).available[0]!.amount,
    feeRevenue: () => ledger.balanceOf(database.db, platformAccount('revenue_instant_payout_fee')),
    /** The sum of every ledger entry: 0 when the books balance. */
    trialDifference: async () => Number((await sql<{ total: string | null }>`select sum(amount_cents)::text as total from ledger_entries`.execute(database.db)).rows[0]!.total ?? 0),
    feeTransactions: (payoutId: string) =>
      database.db.selectFrom('ledgerTransactions').select(['reference', 'providerIds']).where('reference', '=', `payout:${payoutId}:fee`).execute(),
    /** The instructor's payouts at the provider, newest first. */
    payouts: async () => (await sdk.payouts.list({ limit: 100 }, { stripeAccount: accountId })).data,
    /** The fee transfers from the instructor's account to the platform, for one payout. */
    feeTransfers: async (payoutId: string) =>
      (await sdk.transfers.list({ limit: 100 }, { stripeAccount: accountId })).data.filter((transfer) => transfer.description === `Instant payout fee for ${payoutId}`),
    requestRows: () => database.db.selectFrom('instantPayoutRequests').selectAll().orderBy('createdAt').orderBy('id').execute(),
  };
}

export type InstantPayoutHarness = Awaited<ReturnType<typeof openInstantPayoutHarness>>;

import { createLocalStripe } from '@instainstru/local-stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../../../../../test/support/test-database.ts';
import { StripePayments } from '../../integrations/payments/stripe-payments.adapter.ts';
import { ControllableClock } from '../../platform/clock.ts';
import type { Database } from '../../platform/db/database.ts';
import { createIdGenerator } from '../../platform/ids.ts';
import { onboardDemoPayouts } from './demo-payouts.seed.ts';
import { seedDemoInstructors } from './demo-instructors.seed.ts';

describe('demo payouts and identity', () => {
  let database: Database;
  const clock = new ControllableClock('2026-11-23T15:00:00Z');
  beforeAll(async () => {
    database = await openTestDatabase();
  });
  afterAll(() => database.close());

  it('onboards every published demo instructor at the local Stripe and verifies their identity, once', async () => {
    await seedDemoInstructors({ db: database.db, ids: createIdGenerator(clock), clock }, { count: 12, weeks: 1 });
    const localStripe = createLocalStripe({ db: database.db, clock: { nowMs: () => clock.nowMs() } });
    await localStripe.ensureSchema();
    const payments = new StripePayments({ secretKey: 'sk_test_demo', publishableKey: 'pk_test_demo', fetch: localStripe.fetch });
    const deps = { db: database.db, clock, payments, localStripe };

    const published = (await database.db.selectFrom('instructorProfiles').select('userId').where('status', '=', 'published').execute()).length;
    expect(published).toBeGreaterThanOrEqual(12);
    expect(await onboardDemoPayouts(deps)).toEqual({ onboarded: published });
    expect(await onboardDemoPayouts(deps)).toEqual({ onboarded: 0 });

    const accounts = await database.db.selectFrom('payoutAccounts').selectAll().execute();
    expect(accounts).toHaveLength(published);
    for (const row of accounts) {
      expect(row).toMatchObject({ chargesEnabled: true, payoutsEnabled: true, detailsSubmitted: true });
      // What our row says is what the local Stripe has.
      expect(await payments.payoutAccount(row.accountId)).toMatchObject({ payoutsEnabled: true, chargesEnabled: true, currentlyDue: [] });
    }
    const sessions = await database.db.selectFrom('identityVerifications').selectAll().execute();
    expect(sessions.map((row) => row.status)).toEqual(Array(published).fill('verified'));
    for (const row of sessions.slice(0, 3)) expect((await payments.identityVerification(row.id)).state).toBe('verified');
  });

  it('does nothing with Stripe itself (no hosted page a program may finish)', async () => {
    const payments = new StripePayments({ secretKey: 'sk_test_unused', publishableKey: 'pk_test_unused', fetch: (async () => Promise.reject(new Error('no network'))) as typeof fetch });
    expect(await onboardDemoPayouts({ db: database.db, clock, payments, localStripe: null })).toEqual({ onboarded: 0 });
  });
});

import type { LocalStripe } from '@instainstru/local-stripe';
import type { PaymentsPort } from '../../integrations/payments/payments.port.ts';
import type { Clock } from '../../platform/clock.ts';
import type { Db } from '../../platform/db/database.ts';

/**
 * The demo's published instructors get what the checklist now requires of them (PRODUCT.md
 * §2): a payout account onboarded at the local Stripe (its hosted page finished with test data)
 * and an identity check verified there, so payments and payouts work for them in development
 * as for anyone who went through the pages. Through the payments port, with the same
 * idempotency keys the API uses, so a rerun after a crash creates nothing twice; our rows are
 * then written in one statement each, as the webhooks would have left them. Instructors who
 * already have a payout account are skipped, so it runs on every start at no cost.
 */
export async function onboardDemoPayouts(deps: { db: Db; clock: Clock; payments: PaymentsPort; localStripe: LocalStripe | null }): Promise<{ onboarded: number }> {
  const { db, clock, payments, localStripe } = deps;
  // Only the local Stripe has hosted pages a program may finish; Stripe itself needs a person.
  if (!localStripe) return { onboarded: 0 };
  const waiting = await db
    .selectFrom('instructorProfiles')
    .innerJoin('users', 'users.id', 'instructorProfiles.userId')
    .leftJoin('payoutAccounts', 'payoutAccounts.userId', 'instructorProfiles.userId')
    .select(['users.id', 'users.email'])
    .where('instructorProfiles.status', '=', 'published')
    .where('payoutAccounts.userId', 'is', null)
    .orderBy('users.id')
    .execute();
  if (waiting.length === 0) return { onboarded: 0 };

  const accounts: Array<{ userId: string; accountId: string }> = [];
  const sessions: Array<{ userId: string; sessionId: string }> = [];
  for (const { id: userId, email } of waiting) {
    const { accountId } = await payments.createPayoutAccount({ userId, email, idempotencyKey: `user:${userId}:payout-account` });
    await localStripe.finishOnboarding(accountId, 'complete');
    accounts.push({ userId, accountId });
    const session = await payments.startIdentityVerification({ userId, returnUrl: 'http://localhost/instructor/setup/identity', idempotencyKey: `user:${userId}:identity:demo` });
    if (session.state === 'requires_input') await localStripe.submitIdentityVerification(session.id, { verified: true });
    sessions.push({ userId, sessionId: session.id });
  }

  const now = clock.now();
  await db.transaction().execute(async (tx) => {
    await tx
      .insertInto('payoutAccounts')
      .values(accounts.map(({ userId, accountId }) => ({ userId, accountId, chargesEnabled: true, payoutsEnabled: true, detailsSubmitted: true, providerStateAt: now, createdAt: now, updatedAt: now })))
      .onConflict((conflict) => conflict.column('userId').doNothing())
      .execute();
    await tx
      .insertInto('identityVerifications')
      .values(sessions.map(({ userId, sessionId }) => ({ id: sessionId, userId, status: 'verified' as const, lastErrorCode: null, verifiedAt: now, providerStateAt: now, createdAt: now, updatedAt: now })))
      .onConflict((conflict) => conflict.column('id').doNothing())
      .execute();
  });
  return { onboarded: accounts.length };
}

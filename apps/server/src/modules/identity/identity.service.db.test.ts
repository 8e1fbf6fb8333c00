import { createLocalStripe, type LocalStripe } from '@instainstru/local-stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../../../../../test/support/test-database.ts';
import { StripePayments } from '../../integrations/payments/stripe-payments.adapter.ts';
import { ControllableClock } from '../../platform/clock.ts';
import type { Database } from '../../platform/db/database.ts';
import { createIdGenerator } from '../../platform/ids.ts';
import { insertInstructorUser, userPrincipal } from '../instructors/instructors.testing.ts';
import { IdentityRepository } from './identity.repository.ts';
import { IdentityService } from './identity.service.ts';

/**
 * Identity verification on the real database and the local Stripe, with no webhook worked: what
 * the person sees on coming back from the hosted page is what the service re-reads. The clock
 * never moves, as in the browser tests: every session is started at the same instant.
 */
describe('identity verification after a failed attempt, on a clock that does not move', () => {
  let database: Database;
  let local: LocalStripe;
  let service: IdentityService;
  const clock = new ControllableClock('2026-11-23T15:00:00Z');
  const ids = createIdGenerator(clock);
  const sessionOf = (url: string) => url.split('/').pop()!;

  beforeAll(async () => {
    database = await openTestDatabase();
    local = createLocalStripe({ db: database.db, clock });
    await local.ensureSchema();
    const payments = new StripePayments({ secretKey: 'sk_test_identity', publishableKey: 'pk_test_identity', fetch: local.fetch });
    service = new IdentityService({ db: database.db, payments, clock, ids, repository: new IdentityRepository(), webAppUrl: 'http://localhost:3000' });
  });
  afterAll(() => database?.close());

  it('treats the session started last as the newest, whatever its provider id, and reads its outcome on return', async () => {
    const principal = userPrincipal(await insertInstructorUser(database.db, ids));
    let failed = sessionOf((await service.startSession(principal)).url);
    await local.submitIdentityVerification(failed, { verified: false, errorCode: 'selfie_face_mismatch' });
    expect(await service.status(principal, { refresh: true })).toMatchObject({ status: 'requires_input', lastErrorCode: 'selfie_face_mismatch' });

    // "Try again" starts a new session. Provider ids are random: retry until the new one's id sorts
    // before the failed one's (an even chance each time), the order that used to hide it.
    let retry = sessionOf((await service.startSession(principal)).url);
    for (let attempt = 0; retry > failed && attempt < 40; attempt += 1) {
      await local.submitIdentityVerification(retry, { verified: false, errorCode: 'selfie_face_mismatch' });
      expect(await service.status(principal, { refresh: true })).toMatchObject({ status: 'requires_input', lastErrorCode: 'selfie_face_mismatch' });
      failed = retry;
      retry = sessionOf((await service.startSession(principal)).url);
    }
    expect(retry < failed).toBe(true);

    // The new session is the newest: not started yet, so no failure is shown for it.
    expect(await service.status(principal)).toMatchObject({ status: 'requires_input', lastErrorCode: null, lastError: null });
    await local.submitIdentityVerification(retry, { verified: true });
    expect(await service.status(principal, { refresh: true })).toEqual({ status: 'verified', lastErrorCode: null, lastError: null, verifiedAt: clock.now().toISOString() });
    const rows = await database.db.selectFrom('identityVerifications').select(['id', 'createdAt']).where('userId', '=', principal.userId).orderBy('createdAt', 'desc').execute();
    expect(rows[0]!.id).toBe(retry);
    // Strictly later each time, though the clock has not moved.
    for (let index = 1; index < rows.length; index += 1) expect(rows[index - 1]!.createdAt.getTime()).toBeGreaterThan(rows[index]!.createdAt.getTime());
  });
});

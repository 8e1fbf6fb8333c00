import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../../../../../test/support/test-database.ts';
import { listOutboxSms, OutboxSms } from '../../integrations/sms/outbox.ts';
import type { Principal } from '../../platform/auth/principal.ts';
import { ControllableClock } from '../../platform/clock.ts';
import type { Database } from '../../platform/db/database.ts';
import { DomainError } from '../../platform/errors.ts';
import { createIdGenerator } from '../../platform/ids.ts';
import { permissionsOf } from '../accounts/permissions.ts';
import { SmsRepository } from '../notifications/sms.repository.ts';
import { SmsService } from '../notifications/sms.service.ts';
import { insertUser, startSmsJobs, type SmsJobsHarness } from '../notifications/sms.testing.ts';
import { deriveCodeKey } from './phone.policy.ts';
import { PhoneRepository } from './phone.repository.ts';
import { PhoneService } from './phone.service.ts';

/** Phone verification on a real database: codes, attempts, expiry, replacement and limits. */
describe('PhoneService', () => {
  let database: Database;
  let harness: SmsJobsHarness;
  let sms: SmsService;
  let service: PhoneService;
  let nextCode = '123456';
  const clock = new ControllableClock('2026-01-15T15:00:00Z');
  const ids = createIdGenerator(clock);

  beforeAll(async () => {
    database = await openTestDatabase();
    harness = await startSmsJobs(database, { sms: new OutboxSms({ db: database.db, clock }), clock });
    sms = new SmsService({ repository: new SmsRepository(database.db), jobs: harness.jobs, clock, ids });
    service = new PhoneService({
      db: database.db,
      repository: new PhoneRepository(),
      sms,
      clock,
      ids,
      codeKey: deriveCodeKey(Buffer.alloc(32, 'test').toString('base64')),
      generateCode: () => nextCode,
    });
  });
  afterAll(async () => {
    await harness.stop();
    await database.close();
  });
  beforeEach(() => {
    clock.set('2026-01-15T15:00:00Z');
    nextCode = '123456';
  });

  const userPrincipal = (userId: string): Extract<Principal, { kind: 'user' }> => ({
    kind: 'user',
    userId,
    sessionId: 'SESSION',
    roles: ['student'],
    permissions: permissionsOf(['student']),
  });
  const aUser = async () => userPrincipal(await insertUser(database.db, ids));
  const userRow = (userId: string) =>
    database.db.selectFrom('users').select(['phoneE164', 'phoneVerifiedAt']).where('id', '=', userId).executeTakeFirstOrThrow();
  const verifications = (userId: string) =>
    database.db.selectFrom('phoneVerifications').selectAll().where('userId', '=', userId).orderBy('createdAt').execute();
  const failure = async (promise: Promise<unknown>) => {
    const error = await promise.then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(DomainError);
    return error as DomainError;
  };

  it('sends a code to the normalized number and stores only its hash', async () => {
    const me = await aUser();
    const started = await service.requestCode(me, { phone: '(212) 555-0100' });
    expect(started).toEqual({ phone: '+12125550100', expiresAt: new Date('2026-01-15T15:10:00Z') });

    const [verification] = await verifications(me.userId);
    expect(verification).toMatchObject({
      phoneE164: '+12125550100',
      attempts: 0,
      verifiedAt: null,
      expiresAt: started.expiresAt,
    });
    expect(verification!.codeHash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(verification)).not.toContain('123456');

    const messages = await new SmsRepository(database.db).listForUser(me.userId);
    expect(messages).toMatchObject([{ to: '+12125550100', purpose: 'verification', segments: 1, status: 'queued' }]);
    expect(messages[0]!.body).toContain('123456');
    // The user's phone is not changed until the code comes back.
    expect(await userRow(me.userId)).toEqual({ phoneE164: null, phoneVerifiedAt: null });
  });

  it('verifies with the right code and makes the number the user’s phone', async () => {
    const me = await aUser();
    await service.requestCode(me, { phone: '+1 212 555 0100' });
    clock.advance(3 * 60_000);
    const verified = await service.verify(me, { code: '123456' });
    expect(verified).toEqual({ phone: '+12125550100', verifiedAt: clock.now() });
    expect(await userRow(me.userId)).toEqual({ phoneE164: '+12125550100', phoneVerifiedAt: clock.now() });
    expect((await verifications(me.userId))[0]).toMatchObject({ verifiedAt: clock.now(), attempts: 0 });

    // Used up: nothing is pending any more.
    expect(await failure(service.verify(me, { code: '123456' }))).toMatchObject({ code: 'not_found' });
    // SMS notifications may now go to it.
    await expect(
      database.db
        .transaction()
        .execute((tx) => sms.queue(tx, { userId: me.userId, to: '+12125550100', body: 'Hi', purpose: 'notification' })),
    ).resolves.toMatchObject({ segments: 1 });
    // Asking to verify the same number again is pointless.
    clock.advance(60_000);
    expect(await failure(service.requestCode(me, { phone: '212-555-0100' }))).toMatchObject({ code: 'conflict' });
  });

  it('counts wrong codes (even though each request fails) and is dead after 5', async () => {
    const me = await aUser();
    await service.requestCode(me, { phone: '212-555-0100' });
    for (const remaining of [4, 3, 2, 1]) {
      const error = await failure(service.verify(me, { code: '000000' }));
      expect(error).toMatchObject({ code: 'bad_request', details: { remainingAttempts: remaining } });
      expect(error.message).toBe(`That code is not correct; ${remaining} attempt${remaining === 1 ? '' : 's'} left`);
      expect(error.details.errors).toEqual([{ field: 'body.code', reason: 'does not match the code we sent' }]);
    }
    const fifth = await failure(service.verify(me, { code: '000000' }));
    expect(fifth).toMatchObject({
      code: 'bad_request',
      message: 'That code is not correct and no attempts are left: request a new code',
      details: { remainingAttempts: 0 },
    });
    expect((await verifications(me.userId))[0]!.attempts).toBe(5);

    // Now even the right code is refused.
    const dead = await failure(service.verify(me, { code: '123456' }));
    expect(dead).toMatchObject({ code: 'gone', details: { reason: 'too_many_attempts' } });
    expect(await userRow(me.userId)).toEqual({ phoneE164: null, phoneVerifiedAt: null });

    // A new code starts over.
    clock.advance(60_000);
    nextCode = '654321';
    await service.requestCode(me, { phone: '212-555-0100' });
    await expect(service.verify(me, { code: '654321' })).resolves.toMatchObject({ phone: '+12125550100' });
  });

  it('expires the code 10 minutes after it was sent', async () => {
    const early = await aUser();
    await service.requestCode(early, { phone: '(718) 555-0101' });
    clock.advance(10 * 60_000 - 1);
    await expect(service.verify(early, { code: '123456' })).resolves.toMatchObject({ phone: '+17185550101' });

    const late = await aUser();
    clock.set('2026-01-15T15:00:00Z');
    await service.requestCode(late, { phone: '(718) 555-0102' });
    clock.advance(10 * 60_000);
    const expired = await failure(service.verify(late, { code: '123456' }));
    expect(expired).toMatchObject({
      code: 'gone',
      message: 'This code expired at 2026-01-15T15:10:00.000Z: request a new code',
      details: { reason: 'expired', expiredAt: '2026-01-15T15:10:00.000Z' },
    });
    // Expiry does not use up attempts.
    expect((await verifications(late.userId))[0]!.attempts).toBe(0);
  });

  it('replaces the pending code with a new request, at most once a minute', async () => {
    const me = await aUser();
    await service.requestCode(me, { phone: '(212) 555-0100' });
    clock.advance(30_000);
    const tooSoon = await failure(service.requestCode(me, { phone: '(646) 555-0100' }));
    expect(tooSoon).toMatchObject({ code: 'rate_limited', details: { retryAfterSeconds: 30 } });

    clock.advance(30_000);
    nextCode = '999888';
    await expect(service.requestCode(me, { phone: '(646) 555-0100' })).resolves.toMatchObject({ phone: '+16465550100' });
    const rows = await verifications(me.userId);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ phoneE164: '+16465550100' });

    const old = await failure(service.verify(me, { code: '123456' }));
    expect(old).toMatchObject({ code: 'bad_request', details: { remainingAttempts: 4 } });
    await expect(service.verify(me, { code: '999888' })).resolves.toMatchObject({ phone: '+16465550100' });
  });

  it('stops at the daily SMS cap and keeps the pending code when refused', async () => {
    const me = await aUser();
    for (let i = 0; i < 10; i += 1) {
      nextCode = String(100000 + i);
      await service.requestCode(me, { phone: '(212) 555-0100' });
      clock.advance(61_000);
    }
    nextCode = '777777';
    const capped = await failure(service.requestCode(me, { phone: '(212) 555-0100' }));
    expect(capped).toMatchObject({ code: 'rate_limited', details: { limit: 10, used: 10, requested: 1 } });
    expect(capped.message).toContain('Daily SMS limit reached');
    // The refused request rolled back whole: the last code sent still works.
    await expect(service.verify(me, { code: '100009' })).resolves.toMatchObject({ phone: '+12125550100' });
  });

  it('refuses invalid numbers with a field error', async () => {
    const me = await aUser();
    const error = await failure(service.requestCode(me, { phone: '555-0100' }));
    expect(error).toMatchObject({ code: 'validation_failed' });
    expect(error.details.errors).toEqual([{ field: 'body.phone', reason: expect.stringContaining('must have 10 digits') }]);
    expect(await verifications(me.userId)).toEqual([]);
  });

  it('needs a signed-in user allowed to manage their account', async () => {
    expect(await failure(service.requestCode(null, { phone: '(212) 555-0100' }))).toMatchObject({ code: 'unauthenticated' });
    expect(await failure(service.verify(undefined, { code: '123456' }))).toMatchObject({ code: 'unauthenticated' });
    const machine: Principal = { kind: 'machine', clientId: 'assistant', permissions: permissionsOf(['admin']) };
    expect(await failure(service.requestCode(machine, { phone: '(212) 555-0100' }))).toMatchObject({ code: 'forbidden' });
    const me = await aUser();
    const withoutPermission: Principal = { ...me, permissions: new Set() };
    expect(await failure(service.verify(withoutPermission, { code: '123456' }))).toMatchObject({ code: 'forbidden' });
  });

  it('works end to end with a random code read from the local outbox', async () => {
    const random = new PhoneService({
      db: database.db,
      repository: new PhoneRepository(),
      sms,
      clock,
      ids,
      codeKey: deriveCodeKey(Buffer.alloc(32, 'test').toString('base64')),
    });
    const me = await aUser();
    await random.requestCode(me, { phone: '(917) 555-0142' });
    await harness.drain();
    const [received] = await listOutboxSms(database.db, { to: '+19175550142', limit: 1 });
    const code = /\b(\d{6})\b/.exec(received!.body)![1]!;
    await expect(random.verify(me, { code })).resolves.toMatchObject({ phone: '+19175550142' });
    // Once sent, our own copy of the message no longer holds the code.
    const [stored] = await new SmsRepository(database.db).listForUser(me.userId);
    expect(stored).toMatchObject({ status: 'sent' });
    expect(stored!.body).not.toContain(code);
  });
});

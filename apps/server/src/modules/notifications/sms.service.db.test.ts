import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../../../../../test/support/test-database.ts';
import { listOutboxSms, OutboxSms } from '../../integrations/sms/outbox.ts';
import { SmsError, type SmsPort } from '../../integrations/sms/sms.port.ts';
import { ControllableClock } from '../../platform/clock.ts';
import type { Database } from '../../platform/db/database.ts';
import { DomainError } from '../../platform/errors.ts';
import { createIdGenerator } from '../../platform/ids.ts';
import { sendSmsJob } from './sms.jobs.ts';
import { SmsRepository } from './sms.repository.ts';
import { SmsService, type QueueSmsInput } from './sms.service.ts';
import { insertUser, startSmsJobs, type SmsJobsHarness } from './sms.testing.ts';

/**
 * The SMS channel on a real database: the daily segment cap in New York days, verified-phone
 * rule, transactional enqueue, and the sending job against the local outbox.
 */
describe('SmsService and the send_sms job', () => {
  let database: Database;
  let harness: SmsJobsHarness;
  let service: SmsService;
  let repository: SmsRepository;
  const clock = new ControllableClock('2026-01-15T15:00:00Z');
  const ids = createIdGenerator(clock);
  const phone = '+12125550100';

  beforeAll(async () => {
    database = await openTestDatabase();
    harness = await startSmsJobs(database, { sms: new OutboxSms({ db: database.db, clock }), clock });
    repository = new SmsRepository(database.db);
    service = new SmsService({ repository, jobs: harness.jobs, clock, ids });
  });
  afterAll(async () => {
    await harness.stop();
    await database.close();
  });
  beforeEach(() => clock.set('2026-01-15T15:00:00Z'));

  const verifiedUser = () => insertUser(database.db, ids, { phone, phoneVerifiedAt: clock.now() });
  const queue = (input: QueueSmsInput) => database.db.transaction().execute((tx) => service.queue(tx, input));
  const notify = (userId: string, body: string) => queue({ userId, to: phone, body, purpose: 'notification' });
  const oneSegment = 'Your lesson starts in 1 hour.';
  const twoSegments = 'a'.repeat(200);
  const rateLimited = async (promise: Promise<unknown>) => {
    const error = await promise.then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).code).toBe('rate_limited');
    return error as DomainError;
  };

  it('queues the message and its job in one transaction; the job delivers it', async () => {
    const userId = await verifiedUser();
    const queued = await notify(userId, oneSegment);
    expect(queued).toMatchObject({ segments: 1, encoding: 'GSM-7', remainingToday: 9 });
    expect(await repository.find(queued.id)).toMatchObject({
      status: 'queued',
      to: phone,
      purpose: 'notification',
      sentAt: null,
    });

    expect(await harness.drain()).toBe(1);
    const [outboxed] = await listOutboxSms(database.db, { to: phone, limit: 1 });
    expect(outboxed).toMatchObject({ to: phone, from: '+15005550006', body: oneSegment, segments: 1 });
    expect(outboxed!.id).toMatch(/^SM[0-9a-f]{32}$/);
    expect(await repository.find(queued.id)).toMatchObject({
      status: 'sent',
      providerMessageId: outboxed!.id,
      sentAt: clock.now(),
      lastError: null,
    });
  });

  it('allows exactly 10 segments a day: a 2-segment message at 9 is refused, a 1-segment one fits', async () => {
    const userId = await verifiedUser();
    for (let i = 0; i < 4; i += 1) await notify(userId, twoSegments); // 8
    await notify(userId, oneSegment); // 9
    const refused = await rateLimited(notify(userId, twoSegments));
    expect(refused.message).toBe(
      'Daily SMS limit reached: 9 of 10 segments already used today (New York time) and this message needs 2. The limit resets at midnight New York time.',
    );
    expect(refused.details).toMatchObject({
      limit: 10,
      used: 9,
      requested: 2,
      resetsAt: '2026-01-16T05:00:00.000Z',
      retryAfterSeconds: 14 * 3600,
    });

    expect((await notify(userId, oneSegment)).remainingToday).toBe(0); // 10
    await rateLimited(notify(userId, oneSegment));
    const rows = await repository.listForUser(userId);
    expect(rows.reduce((sum, row) => sum + row.segments, 0)).toBe(10);
  });

  it('counts verification codes and failed messages in the same budget', async () => {
    const userId = await verifiedUser();
    for (let i = 0; i < 5; i += 1) await queue({ userId, to: '+15005550009', body: 'Code 123456', purpose: 'verification' });
    await harness.drain(); // all five fail permanently (21614)
    for (let i = 0; i < 5; i += 1) await notify(userId, oneSegment);
    await rateLimited(queue({ userId, to: '+13105550199', body: 'Code 654321', purpose: 'verification' }));
  });

  it('resets at midnight in New York, not at midnight UTC', async () => {
    const userId = await verifiedUser();
    clock.set('2026-01-15T23:50:00Z'); // 18:50 in New York
    for (let i = 0; i < 5; i += 1) await notify(userId, twoSegments);
    clock.set('2026-01-16T00:10:00Z'); // a new day in UTC, still Jan 15 in New York
    await rateLimited(notify(userId, oneSegment));
    clock.set('2026-01-16T04:59:59Z'); // 23:59:59 in New York
    await rateLimited(notify(userId, oneSegment));
    clock.set('2026-01-16T05:00:00Z'); // midnight in New York (EST, UTC−5)
    expect((await notify(userId, oneSegment)).remainingToday).toBe(9);
  });

  it('follows daylight saving time: after spring-forward, New York midnight is 04:00 UTC', async () => {
    const userId = await verifiedUser();
    clock.set('2026-03-09T03:59:00Z'); // 23:59 EDT on Mar 8, the 23-hour day
    for (let i = 0; i < 5; i += 1) await notify(userId, twoSegments);
    await rateLimited(notify(userId, oneSegment));
    clock.set('2026-03-09T04:00:00Z'); // midnight EDT on Mar 9 (a fixed UTC−5 would still say Mar 8)
    expect((await notify(userId, oneSegment)).remainingToday).toBe(9);
  });

  it('lets only one of two concurrent sends take the last segment (races only on PostgreSQL; PGlite serializes)', async () => {
    const userId = await verifiedUser();
    for (let i = 0; i < 9; i += 1) await notify(userId, oneSegment);
    const results = await Promise.allSettled([notify(userId, oneSegment), notify(userId, oneSegment)]);
    expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
    const rejected = results.find((result) => result.status === 'rejected') as PromiseRejectedResult;
    expect(rejected.reason).toMatchObject({ code: 'rate_limited' });
    expect((await repository.listForUser(userId)).length).toBe(10);
  });

  it('refuses a notification to a phone that is not verified', async () => {
    const unverified = await insertUser(database.db, ids, { phone });
    const error = await notify(unverified, oneSegment).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'unprocessable', details: { reason: 'phone_not_verified' } });
    const noPhone = await insertUser(database.db, ids);
    await expect(notify(noPhone, oneSegment)).rejects.toMatchObject({ code: 'unprocessable' });
    // Verified, but a different number than the one asked for.
    const verified = await verifiedUser();
    await expect(
      queue({ userId: verified, to: '+13105550199', body: oneSegment, purpose: 'notification' }),
    ).rejects.toMatchObject({
      code: 'unprocessable',
    });
    expect(await repository.listForUser(unverified)).toEqual([]);
    // Verification codes are what makes a phone verified, so they may go to an unverified number.
    await expect(queue({ userId: unverified, to: phone, body: 'Code 123456', purpose: 'verification' })).resolves.toMatchObject({
      segments: 1,
    });
  });

  it('rejects malformed requests before touching the budget', async () => {
    const userId = await verifiedUser();
    await expect(queue({ userId, to: '2125550100', body: oneSegment, purpose: 'verification' })).rejects.toMatchObject({
      code: 'bad_request',
    });
    await expect(notify(userId, '')).rejects.toMatchObject({ code: 'bad_request' });
    await expect(notify(userId, 'a'.repeat(1601))).rejects.toMatchObject({ code: 'bad_request' });
    await expect(queue({ userId: ids(), to: phone, body: oneSegment, purpose: 'verification' })).rejects.toMatchObject({
      code: 'not_found',
    });
  });

  it('sends nothing when the transaction that queued the message rolls back', async () => {
    await harness.drain();
    const userId = await verifiedUser();
    await expect(
      database.db.transaction().execute(async (tx) => {
        await service.queue(tx, { userId, to: phone, body: 'You have been booked', purpose: 'notification' });
        throw new Error('the booking failed');
      }),
    ).rejects.toThrow('the booking failed');
    expect(await repository.listForUser(userId)).toEqual([]);
    expect(await harness.drain()).toBe(0);
    expect(await listOutboxSms(database.db, { to: phone, limit: 50 })).not.toContainEqual(
      expect.objectContaining({ body: 'You have been booked' }),
    );
  });

  it('is idempotent: running the job again, or after a crash between send and mark, sends once', async () => {
    const userId = await verifiedUser();
    const to = '+13475550123';
    await database.db.updateTable('users').set({ phoneE164: to }).where('id', '=', userId).execute();
    const { id } = await queue({ userId, to, body: 'Reminder: lesson at 5pm', purpose: 'notification' });
    const context = { jobId: 'manual', retryCount: 0, signal: new AbortController().signal };

    // A crash after the provider accepted it: the provider has it, our row is still queued.
    const outbox = new OutboxSms({ db: database.db, clock });
    const first = await outbox.send({ to, body: 'Reminder: lesson at 5pm', idempotencyKey: `sms:${id}` });
    await harness.definition.handler({ messageId: id }, context);
    await harness.definition.handler({ messageId: id }, context);
    expect(await harness.drain()).toBe(1); // the queued job itself: a no-op by now

    expect(await listOutboxSms(database.db, { to, limit: 10 })).toHaveLength(1);
    expect(await repository.find(id)).toMatchObject({ status: 'sent', providerMessageId: first.providerMessageId });
    // A message id that no longer exists (user deleted) is simply skipped.
    await expect(harness.definition.handler({ messageId: ids() }, context)).resolves.toBeUndefined();
  });

  it('marks a permanent provider error failed and keeps no code in a verification body', async () => {
    const userId = await verifiedUser();
    const { id } = await queue({ userId, to: '+15005550001', body: 'InstaInstru code: 482913', purpose: 'verification' });
    await harness.drain();
    expect(await repository.find(id)).toMatchObject({
      status: 'failed',
      lastError: "Twilio error 21211: The 'To' number +15005550001 is not a valid phone number.",
      body: 'InstaInstru code: ••••••',
      sentAt: null,
    });

    const { id: sent } = await queue({ userId, to: '+13105550123', body: 'InstaInstru code: 111222', purpose: 'verification' });
    await harness.drain();
    expect(await repository.find(sent)).toMatchObject({ status: 'sent', body: 'InstaInstru code: ••••••' });
    // The outbox (the "handset") did receive the code.
    expect((await listOutboxSms(database.db, { to: '+13105550123', limit: 1 }))[0]!.body).toBe('InstaInstru code: 111222');
  });

  it('rethrows retryable errors so pg-boss retries, and gives up on the last attempt', async () => {
    const userId = await verifiedUser();
    const { id } = await notify(userId, oneSegment);
    let calls = 0;
    const down: SmsPort = {
      mode: 'fake',
      send: async () => {
        calls += 1;
        throw new SmsError('Twilio HTTP 503: Service Unavailable', { kind: 'retryable' });
      },
    };
    const job = sendSmsJob({ repository, sms: down, clock });
    const attempt = (retryCount: number) =>
      job.handler({ messageId: id }, { jobId: 'j', retryCount, signal: new AbortController().signal });

    await expect(attempt(0)).rejects.toMatchObject({ kind: 'retryable' });
    expect(await repository.find(id)).toMatchObject({ status: 'queued', lastError: 'Twilio HTTP 503: Service Unavailable' });
    await expect(attempt(job.retryLimit!)).resolves.toBeUndefined();
    expect(await repository.find(id)).toMatchObject({ status: 'failed', lastError: 'Twilio HTTP 503: Service Unavailable' });
    expect(calls).toBe(2);
  });
});

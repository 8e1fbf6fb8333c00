import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../../../../../test/support/test-database.ts';
import { EmailDeliveryError, type EmailPort, type OutgoingEmail } from '../../integrations/email/email.port.ts';
import { OutboxEmailAdapter } from '../../integrations/email/outbox.ts';
import { ControllableClock } from '../../platform/clock.ts';
import type { Database } from '../../platform/db/database.ts';
import { createIdGenerator } from '../../platform/ids.ts';
import type { JobContext } from '../../platform/jobs/job-types.ts';
import { Jobs } from '../../platform/jobs/jobs.ts';
import { sendEmailJob } from './email.jobs.ts';
import { EmailRepository } from './email.repository.ts';
import { EmailService } from './email.service.ts';

const FROM = 'InstaInstru <hello@instainstru.local>';
const PUBLIC_URL = 'http://localhost:3000';

/**
 * The email channel on the real database: queueing is part of the caller's transaction, and
 * the send job delivers each message exactly once however often it runs.
 */
describe('email channel', () => {
  let database: Database;
  let jobs: Jobs;
  let repository: EmailRepository;
  let service: EmailService;
  let outbox: OutboxEmailAdapter;
  const clock = new ControllableClock('2026-11-23T15:00:00Z');
  const ids = createIdGenerator(clock);
  const context = (retryCount = 0): JobContext => ({ jobId: 'test', retryCount, signal: new AbortController().signal });

  const jobFor = (email: EmailPort) => sendEmailJob({ repository, email, clock, from: FROM });
  const messageRow = (id: string) => database.db.selectFrom('emailMessages').selectAll().where('id', '=', id).executeTakeFirst();
  const outboxFor = (to: string) => outbox.list({ to, limit: 50 });
  const queuedJobsFor = async (messageId: string) =>
    (
      await sql<{ n: number }>`select count(*)::int as n from pgboss.job where name = 'notifications.send_email' and data->>'messageId' = ${messageId}`.execute(
        database.db,
      )
    ).rows[0]!.n;

  const queueVerification = (to: string) =>
    database.db.transaction().execute((tx) => service.queue(tx, { to, template: 'verify_email', data: { name: 'Ana', token: `token-for-${to}` } }));

  /** An email port that fails as told, then delegates to the outbox. */
  const scripted = (...failures: Array<Error>) => {
    const calls: OutgoingEmail[] = [];
    const port: EmailPort = {
      mode: 'fake',
      async send(message) {
        calls.push(message);
        const failure = failures.shift();
        if (failure) throw failure;
        return outbox.send(message);
      },
    };
    return { port, calls };
  };

  beforeAll(async () => {
    database = await openTestDatabase();
    repository = new EmailRepository(database.db);
    outbox = new OutboxEmailAdapter({ db: database.db, clock, ids });
    jobs = Jobs.create(database, { work: false });
    await jobs.register(jobFor(outbox));
    await jobs.start();
    service = new EmailService(repository, { jobs, ids, clock, publicUrl: PUBLIC_URL });
  });
  afterAll(async () => {
    await jobs.stop(1_000);
    await database.close();
  });

  it('queues nothing when the caller’s transaction rolls back: no message, no job', async () => {
    let messageId = '';
    await expect(
      database.db.transaction().execute(async (tx) => {
        ({ messageId } = await service.queue(tx, { to: 'rollback@example.com', template: 'welcome', data: { name: 'Ana', token: 't' } }));
        throw new Error('sign-up failed after queueing its email');
      }),
    ).rejects.toThrow('sign-up failed');
    expect(messageId).not.toBe('');
    expect(await messageRow(messageId)).toBeUndefined();
    expect(await queuedJobsFor(messageId)).toBe(0);
  });

  it('stores the rendered message and its send job when the transaction commits', async () => {
    const { messageId } = await queueVerification('commit@example.com');
    const row = await messageRow(messageId);
    expect(row).toMatchObject({
      toAddress: 'commit@example.com',
      template: 'verify_email',
      subject: 'Verify your email address',
      status: 'queued',
      attempts: 0,
      userId: null,
      providerMessageId: null,
      sentAt: null,
      createdAt: clock.now(),
    });
    expect(row!.html).toContain(`href="${PUBLIC_URL}/verify-email?token=token-for-commit%40example.com"`);
    expect(row!.text).toContain(`${PUBLIC_URL}/verify-email?token=token-for-commit%40example.com`);
    expect(await queuedJobsFor(messageId)).toBe(1);
  });

  it('delivers a message exactly once into the outbox, even when the job runs twice', async () => {
    const { messageId } = await queueVerification('twice@example.com');
    clock.advance(5_000);
    const job = jobFor(outbox);
    await job.handler({ messageId }, context());
    await job.handler({ messageId }, context());

    const delivered = await outboxFor('twice@example.com');
    expect(delivered).toHaveLength(1);
    expect(delivered[0]).toMatchObject({
      from: FROM,
      subject: 'Verify your email address',
      tags: { template: 'verify_email', category: 'account', message_id: messageId },
    });
    expect(await messageRow(messageId)).toMatchObject({
      status: 'sent',
      attempts: 1,
      providerMessageId: delivered[0]!.id,
      sentAt: clock.now(),
      lastError: null,
    });
  });

  it('sends once even when a run crashed after the provider accepted the message', async () => {
    const { messageId } = await queueVerification('crash@example.com');
    // The first run delivers, then dies before it can mark the row sent.
    const crashing: EmailPort = {
      mode: 'fake',
      async send(message) {
        await outbox.send(message);
        throw new Error('worker lost its connection');
      },
    };
    await expect(jobFor(crashing).handler({ messageId }, context(0))).rejects.toThrow('worker lost its connection');
    expect(await messageRow(messageId)).toMatchObject({ status: 'queued', attempts: 1, lastError: 'worker lost its connection' });

    // The retry presents the same idempotency key and gets the same delivery back.
    await jobFor(outbox).handler({ messageId }, context(1));
    const delivered = await outboxFor('crash@example.com');
    expect(delivered).toHaveLength(1);
    expect(await messageRow(messageId)).toMatchObject({ status: 'sent', attempts: 2, providerMessageId: delivered[0]!.id });
  });

  it('rethrows a retryable error so the job is retried, keeping the message queued', async () => {
    const { messageId } = await queueVerification('retry@example.com');
    const { port, calls } = scripted(new EmailDeliveryError('rate limited', true, 'rate_limit_exceeded'));
    const job = jobFor(port);
    await expect(job.handler({ messageId }, context(0))).rejects.toThrow('rate limited');
    expect(await messageRow(messageId)).toMatchObject({ status: 'queued', attempts: 1, lastError: 'rate limited' });

    await job.handler({ messageId }, context(1));
    expect(await messageRow(messageId)).toMatchObject({ status: 'sent', attempts: 2, lastError: null });
    expect(calls.map((c) => c.idempotencyKey)).toEqual([`email:${messageId}`, `email:${messageId}`]);
    expect(await outboxFor('retry@example.com')).toHaveLength(1);
  });

  it('fails the message without a retry on a permanent error, and never sends it afterwards', async () => {
    const { messageId } = await queueVerification('permanent@example.com');
    const { port, calls } = scripted(new EmailDeliveryError('invalid from address', false, 'invalid_from_address'));
    const job = jobFor(port);
    await expect(job.handler({ messageId }, context(0))).resolves.toBeUndefined();
    expect(await messageRow(messageId)).toMatchObject({ status: 'failed', attempts: 1, lastError: 'invalid from address', sentAt: null });

    await job.handler({ messageId }, context(1));
    expect(calls).toHaveLength(1);
    expect(await outboxFor('permanent@example.com')).toEqual([]);
  });

  it('fails the message when the last retry fails too', async () => {
    const { messageId } = await queueVerification('exhausted@example.com');
    const job = jobFor(scripted(new EmailDeliveryError('provider down', true, 'internal_server_error')).port);
    const lastRetry = job.retryLimit!;
    await expect(job.handler({ messageId }, context(lastRetry))).rejects.toThrow('provider down');
    expect(await messageRow(messageId)).toMatchObject({ status: 'failed', lastError: 'provider down' });
  });

  it('is delivered by a running worker', async () => {
    const worker = Jobs.create(database, { work: true, pollingIntervalSeconds: 0.5 });
    await worker.register(jobFor(outbox));
    await worker.start();
    try {
      const { messageId } = await queueVerification('worker@example.com');
      await expect.poll(async () => (await messageRow(messageId))?.status, { timeout: 20_000, interval: 200 }).toBe('sent');
      expect(await outboxFor('worker@example.com')).toHaveLength(1);
    } finally {
      await worker.stop(1_000);
    }
  });

  it('refuses an address the database would never deliver to', async () => {
    await expect(queueVerification('not-an-address')).rejects.toThrow();
  });
});

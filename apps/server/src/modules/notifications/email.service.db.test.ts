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
import type { EmailTemplateData } from './email-templates/email-templates.ts';
import { renderEmail, type RenderedEmail } from './email-templates/render-email.ts';
import { sendEmailJob } from './email.jobs.ts';
import { EmailRepository } from './email.repository.ts';
import { EmailService, type AnyQueueEmailInput } from './email.service.ts';

const FROM = 'InstaInstru <hello@instainstru.local>';
const PUBLIC_URL = 'http://localhost:3000';

/**
 * The email channel on the real database: queueing is part of the caller's transaction and
 * stores the template's data unrendered; the send job renders it, keeps the rendering on the
 * row, and delivers each message exactly once however often it runs.
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

  const jobFor = (email: EmailPort) => sendEmailJob({ repository, email, clock, from: FROM, publicUrl: PUBLIC_URL });
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
    service = new EmailService(repository, { jobs, ids, clock });
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

  it('stores the template and its data, unrendered, and its send job when the transaction commits', async () => {
    const { messageId } = await queueVerification('commit@example.com');
    const row = await messageRow(messageId);
    expect(row).toMatchObject({
      toAddress: 'commit@example.com',
      template: 'verify_email',
      data: { name: 'Ana', token: 'token-for-commit@example.com' },
      subject: null,
      html: null,
      text: null,
      status: 'queued',
      attempts: 0,
      userId: null,
      providerMessageId: null,
      sentAt: null,
      createdAt: clock.now(),
    });
    expect(await queuedJobsFor(messageId)).toBe(1);
  });

  it('the send job renders the message, keeps what it sent on the row, and delivers it', async () => {
    const { messageId } = await queueVerification('render@example.com');
    await jobFor(outbox).handler({ messageId }, context());
    const row = await messageRow(messageId);
    expect(row).toMatchObject({ status: 'sent', attempts: 1, subject: 'Verify your email address' });
    expect(row!.html).toContain(`href="${PUBLIC_URL}/verify-email?token=token-for-render%40example.com"`);
    expect(row!.text).toContain(`${PUBLIC_URL}/verify-email?token=token-for-render%40example.com`);
    const [delivered] = await outboxFor('render@example.com');
    expect(delivered).toMatchObject({ subject: row!.subject, html: row!.html, text: row!.text });
  });

  it('sends what the row holds when another run of the job stored its rendering first', async () => {
    const { messageId } = await queueVerification('race@example.com');
    const first = { subject: 'As the first run rendered it', html: '<p>first</p>', text: 'first' };
    // This run renders too, but another one stores its rendering just before it does.
    const racing = Object.assign(Object.create(repository) as EmailRepository, {
      storeRendered: async (id: string, rendered: RenderedEmail) => {
        await repository.storeRendered(id, first);
        return repository.storeRendered(id, rendered);
      },
    });
    await sendEmailJob({ repository: racing, email: outbox, clock, from: FROM, publicUrl: PUBLIC_URL }).handler({ messageId }, context());
    expect(await messageRow(messageId)).toMatchObject({ status: 'sent', ...first });
    expect(await outboxFor('race@example.com')).toMatchObject([first]);
  });

  it('stores a Date as its ISO string and renders it as the Date it was', async () => {
    const at = new Date('2026-11-23T15:00:00Z'); // 10:00 AM in New York (EST)
    const { messageId } = await database.db
      .transaction()
      .execute((tx) => service.queue(tx, { to: 'dates@example.com', template: 'password_changed', data: { name: '  Ana  ', at } }));
    // Parsed before it is stored: trimmed, the Date as JSON has it.
    expect((await messageRow(messageId))!.data).toEqual({ name: 'Ana', at: '2026-11-23T15:00:00.000Z' });
    await jobFor(outbox).handler({ messageId }, context());
    const expected = await renderEmail('password_changed', { name: 'Ana', at }, { publicUrl: PUBLIC_URL });
    expect(await messageRow(messageId)).toMatchObject({ status: 'sent', ...expected });
  });

  it('refuses data that does not fit the template when queueing: the caller’s transaction fails, nothing is written', async () => {
    const before = await database.db.selectFrom('emailMessages').select(({ fn }) => fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const wrong = { name: 'Ana' } as unknown as EmailTemplateData['verify_email'];
    await expect(
      database.db.transaction().execute((tx) => service.queue(tx, { to: 'wrong@example.com', template: 'verify_email', data: wrong })),
    ).rejects.toMatchObject({ code: 'internal', message: expect.stringContaining('token') });
    const after = await database.db.selectFrom('emailMessages').select(({ fn }) => fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
  });

  it('fails a message whose data does not render, at once and for good, without calling the provider', async () => {
    const broken = await queueVerification('broken-data@example.com');
    const unknown = await queueVerification('unknown-template@example.com');
    // As an older version of a template's data, or a template since removed, would be stored.
    await database.db.updateTable('emailMessages').set({ data: JSON.stringify({ name: 'Ana' }) as never }).where('id', '=', broken.messageId).execute();
    await database.db.updateTable('emailMessages').set({ template: 'no_such_template' as never }).where('id', '=', unknown.messageId).execute();
    const { port, calls } = scripted();
    const job = jobFor(port);
    for (const { messageId } of [broken, unknown]) {
      await expect(job.handler({ messageId }, context(0))).resolves.toBeUndefined();
      await job.handler({ messageId }, context(1));
    }
    expect(calls).toEqual([]);
    expect(await messageRow(broken.messageId)).toMatchObject({ status: 'failed', attempts: 0, html: null, lastError: expect.stringMatching(/^Could not render: .*token/) });
    expect(await messageRow(unknown.messageId)).toMatchObject({ status: 'failed', attempts: 0, html: null, lastError: expect.stringContaining('no_such_template') });
  });

  it('sends a message rendered when it was queued (before migration 0029) as it is', async () => {
    const id = ids();
    await database.db
      .insertInto('emailMessages')
      .values({ id, userId: null, toAddress: 'rendered-before@example.com', template: 'welcome', data: null as never, subject: 'Old subject', html: '<p>Old</p>', text: 'Old', createdAt: clock.now() })
      .execute();
    await jobFor(outbox).handler({ messageId: id }, context());
    expect(await messageRow(id)).toMatchObject({ status: 'sent', subject: 'Old subject', html: '<p>Old</p>', text: 'Old', data: null });
    expect(await outboxFor('rendered-before@example.com')).toMatchObject([{ subject: 'Old subject', html: '<p>Old</p>', text: 'Old' }]);
  });

  it('queueAll writes N messages and N send jobs, and nothing if the transaction rolls back', async () => {
    const inputs = ['all-1@example.com', 'all-2@example.com', 'all-3@example.com'].map(
      (to): AnyQueueEmailInput => ({ to, template: 'welcome', data: { name: 'Ana', token: `t-${to}` } }),
    );
    let rolledBack: string[] = [];
    await expect(
      database.db.transaction().execute(async (tx) => {
        ({ messageIds: rolledBack } = await service.queueAll(tx, inputs));
        throw new Error('the booking failed after queueing');
      }),
    ).rejects.toThrow('the booking failed');
    expect(rolledBack).toHaveLength(3);
    for (const id of rolledBack) {
      expect(await messageRow(id)).toBeUndefined();
      expect(await queuedJobsFor(id)).toBe(0);
    }

    const { messageIds } = await database.db.transaction().execute((tx) => service.queueAll(tx, [...inputs, { to: 'all-4@example.com', template: 'password_reset', data: { name: 'Bo', token: 'r' } }]));
    expect(messageIds).toHaveLength(4);
    const rows = await Promise.all(messageIds.map(messageRow));
    expect(rows.map((row) => [row?.toAddress, row?.template, row?.html])).toEqual([
      ['all-1@example.com', 'welcome', null],
      ['all-2@example.com', 'welcome', null],
      ['all-3@example.com', 'welcome', null],
      ['all-4@example.com', 'password_reset', null],
    ]);
    for (const id of messageIds) expect(await queuedJobsFor(id)).toBe(1);
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

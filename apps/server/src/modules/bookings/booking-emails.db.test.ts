import { sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { aPublishedInstructor, aStudent, type BuiltUser } from '../../../../../test/support/builders.ts';
import { openTestDatabase, testDatabaseKind } from '../../../../../test/support/test-database.ts';
import { ControllableClock } from '../../platform/clock.ts';
import type { Database, Tx } from '../../platform/db/database.ts';
import { createIdGenerator } from '../../platform/ids.ts';
import { Jobs } from '../../platform/jobs/jobs.ts';
import type { LessonType } from '../instructors/profile.policy.ts';
import { OutboxEmailAdapter } from '../../integrations/email/outbox.ts';
import { sendEmailJob } from '../notifications/email.jobs.ts';
import { EmailRepository } from '../notifications/email.repository.ts';
import { EmailService } from '../notifications/email.service.ts';
import { sendQueuedEmails } from '../notifications/email.testing.ts';
import { BookingEmails } from './booking-emails.ts';

const PUBLIC_URL = 'https://instainstru.test';

/**
 * The lesson emails through the real email channel (issue 11 item 13): who gets which
 * template, exactly one each, with the lesson's time in New York and its links; nothing when
 * the caller's transaction rolls back.
 */
describe(`booking emails on ${testDatabaseKind}`, () => {
  let database: Database;
  let jobs: Jobs;
  let emails: BookingEmails;
  let student: BuiltUser;
  let instructor: BuiltUser;
  let serviceId: string;
  let sendJob: ReturnType<typeof sendEmailJob>;
  const clock = new ControllableClock('2026-11-23T15:00:00Z');
  const ids = createIdGenerator(clock);

  async function aBooking(options: { startsAt: string; locationType?: LessonType; address?: string }) {
    const id = ids();
    const startsAt = new Date(options.startsAt);
    const now = clock.now();
    await database.db
      .insertInto('bookings')
      .values({
        id,
        studentId: student.id,
        instructorId: instructor.id,
        serviceId,
        durationMinutes: 60,
        startsAt,
        endsAt: new Date(startsAt.getTime() + 60 * 60_000),
        bufferMinutes: 15,
        locationType: options.locationType ?? 'online',
        address: options.address ?? null,
        neighborhoodId: null,
        status: 'confirmed',
        paymentState: 'scheduled',
        lessonCents: 8_000,
        bookingFeeCents: 960,
        totalCents: 8_960,
        paymentMethodId: 'pm_test',
        paymentId: null,
        paymentStep: null,
        paymentError: null,
        authorizedAt: null,
        originalStartsAt: startsAt,
        holdExpiresAt: null,
        idempotencyKey: null,
        requestFingerprint: null,
        cancelledAt: null,
        cancelledBy: null,
        cancellationReason: null,
        createdAt: now,
        updatedAt: now,
      })
      .execute();
    return id;
  }

  /**
   * The messages queued since the test began, with their send jobs counted, as their readers get
   * them: queued unrendered, then rendered (and "sent" into the outbox) by the send job.
   */
  async function queued() {
    const jobsOf = await sql<{ messageId: string }>`select data->>'messageId' as "messageId" from pgboss.job where name = 'notifications.send_email'`.execute(database.db);
    const rendered = await database.db.selectFrom('emailMessages').select('id').where('html', 'is not', null).execute();
    expect(rendered, 'queueing renders nothing').toEqual([]);
    await sendQueuedEmails(database.db, (payload) => sendJob.handler(payload, { jobId: 'test', retryCount: 0, signal: new AbortController().signal }));
    const rows = await database.db.selectFrom('emailMessages').selectAll().orderBy('toAddress').orderBy('template').execute();
    return rows.map((row) => ({ ...row, subject: row.subject!, html: row.html!, text: row.text!, jobs: jobsOf.rows.filter((job) => job.messageId === row.id).length }));
  }

  const inTransaction = (work: (trx: Tx) => Promise<void>) => database.db.transaction().execute(work);

  beforeAll(async () => {
    database = await openTestDatabase();
    jobs = Jobs.create(database, { work: false });
    const repository = new EmailRepository(database.db);
    sendJob = sendEmailJob({ repository, email: new OutboxEmailAdapter({ db: database.db, clock, ids }), clock, from: 'InstaInstru <hello@instainstru.test>', publicUrl: PUBLIC_URL });
    // Registered so the send job can be queued; not worked here: `queued()` runs it by hand.
    await jobs.register(sendJob);
    await jobs.start();
    emails = new BookingEmails({ emails: new EmailService(repository, { jobs, ids, clock }) });
    const t = { database, ids, clock };
    student = await aStudent(t, { name: 'Sam Rivera' });
    instructor = await aPublishedInstructor(t, { name: 'Ana López', studio: { address: '5 Studio Lane, Brooklyn, NY', lat: 40.68, lng: -73.97 } });
    serviceId = (await database.db.selectFrom('services').select('id').where('slug', '=', 'piano').executeTakeFirstOrThrow()).id;
  });
  beforeEach(async () => {
    await database.db.deleteFrom('emailMessages').execute();
    await sql`delete from pgboss.job where name = 'notifications.send_email'`.execute(database.db);
  });
  afterAll(async () => {
    await jobs.stop(1_000);
    await database.close();
  });

  it('confirmation: one to the student, one to the instructor, each with the New York time, the place and the lesson link', async () => {
    // 2026-12-01 15:00 UTC is 10:00 AM in New York (EST).
    const id = await aBooking({ startsAt: '2026-12-01T15:00:00Z', locationType: 'instructor_location' });
    await inTransaction((trx) => emails.queueBookingConfirmed(trx, id));
    const messages = await queued();
    expect(messages.map(({ toAddress, template, userId, jobs }) => ({ toAddress, template, userId, jobs }))).toEqual(
      [
        { toAddress: student.email, template: 'booking_confirmed', userId: student.id, jobs: 1 },
        { toAddress: instructor.email, template: 'booking_confirmed', userId: instructor.id, jobs: 1 },
      ].sort((a, b) => a.toAddress.localeCompare(b.toAddress)),
    );
    const toStudent = messages.find((message) => message.toAddress === student.email)!;
    const toInstructor = messages.find((message) => message.toAddress === instructor.email)!;
    expect(toStudent.subject).toBe('Booked: Piano with Ana López, Tuesday, December 1, 2026 at 10:00 AM EST');
    expect(toInstructor.subject).toBe('New lesson: Piano with Sam Rivera, Tuesday, December 1, 2026 at 10:00 AM EST');
    for (const message of [toStudent, toInstructor]) {
      expect(message.text).toContain('Tuesday, December 1, 2026 at 10:00 AM EST');
      expect(message.text).toContain('5 Studio Lane, Brooklyn, NY');
      expect(message.text).toContain(`${PUBLIC_URL}/lessons/${id}`);
      expect(message.html).toContain(`href="${PUBLIC_URL}/lessons/${id}"`);
    }
    expect(toStudent.text).toContain('Hi Sam Rivera,');
    expect(toInstructor.text).toContain('Hi Ana López,');
  });

  it("confirmation at the student's place names their address, and online lessons say Online", async () => {
    const home = await aBooking({ startsAt: '2026-12-02T15:00:00Z', locationType: 'student_location', address: '1 Home St, Queens, NY' });
    const online = await aBooking({ startsAt: '2026-12-03T15:00:00Z' });
    await inTransaction(async (trx) => {
      await emails.queueBookingConfirmed(trx, home);
      await emails.queueBookingConfirmed(trx, online);
    });
    const texts = (await queued()).map((message) => message.text);
    expect(texts.filter((text) => text.includes('1 Home St, Queens, NY'))).toHaveLength(2);
    expect(texts.filter((text) => /Where\s+Online/.test(text))).toHaveLength(2);
  });

  it('cancelled by the student: the instructor is told, the student gets the confirmation, each with their own summary', async () => {
    const id = await aBooking({ startsAt: '2026-12-04T15:00:00Z' });
    await inTransaction((trx) =>
      emails.queueBookingCancelled(trx, id, { by: 'student', summary: { student: 'You get a credit of $89.60.', instructor: 'You are paid $50.00 for the late cancellation.' } }),
    );
    const messages = await queued();
    expect(messages.map(({ toAddress, template, jobs }) => ({ toAddress, template, jobs })).sort((a, b) => a.toAddress.localeCompare(b.toAddress))).toEqual(
      [
        { toAddress: student.email, template: 'booking_cancellation_confirmation', jobs: 1 },
        { toAddress: instructor.email, template: 'booking_cancelled', jobs: 1 },
      ].sort((a, b) => a.toAddress.localeCompare(b.toAddress)),
    );
    const toStudent = messages.find((message) => message.toAddress === student.email)!;
    const toInstructor = messages.find((message) => message.toAddress === instructor.email)!;
    expect(toStudent.text).toContain('You get a credit of $89.60.');
    expect(toStudent.text).not.toContain('$50.00');
    expect(toInstructor.text).toContain('Sam Rivera cancelled your Piano lesson');
    expect(toInstructor.text).toContain('You are paid $50.00 for the late cancellation.');
    expect(toInstructor.subject).toBe('Cancelled: Piano with Sam Rivera, Friday, December 4, 2026 at 10:00 AM EST');
    expect(toInstructor.text).toContain(`${PUBLIC_URL}/lessons/${id}`);
  });

  it('cancelled by the instructor: the student is told, the instructor gets the confirmation', async () => {
    const id = await aBooking({ startsAt: '2026-12-05T15:00:00Z' });
    await inTransaction((trx) => emails.queueBookingCancelled(trx, id, { by: 'instructor', summary: 'The student is refunded in full.' }));
    const byAddress = new Map((await queued()).map((message) => [message.toAddress, message]));
    expect(byAddress.size).toBe(2);
    expect(byAddress.get(student.email)).toMatchObject({ template: 'booking_cancelled', jobs: 1 });
    expect(byAddress.get(student.email)!.text).toContain('Ana López cancelled your Piano lesson');
    expect(byAddress.get(instructor.email)).toMatchObject({ template: 'booking_cancellation_confirmation', jobs: 1 });
  });

  it('cancelled by an admin: both parties are told, nobody gets a confirmation', async () => {
    const id = await aBooking({ startsAt: '2026-12-06T15:00:00Z' });
    await inTransaction((trx) => emails.queueBookingCancelled(trx, id, { by: 'admin', summary: 'Refunded in full.' }));
    const messages = await queued();
    expect(messages.map((message) => message.template)).toEqual(['booking_cancelled', 'booking_cancelled']);
    expect(new Set(messages.map((message) => message.toAddress))).toEqual(new Set([student.email, instructor.email]));
    expect(messages.every((message) => message.text.includes('InstaInstru support cancelled your Piano lesson'))).toBe(true);
  });

  it('payment failed: one email to the student only, linking to the card page and the lesson', async () => {
    // 2026-03-08 is the spring-forward Sunday: 15:00 UTC is 11:00 AM EDT.
    const id = await aBooking({ startsAt: '2026-03-08T15:00:00Z' });
    await inTransaction((trx) => emails.queuePaymentFailed(trx, id));
    const messages = await queued();
    expect(messages).toHaveLength(1);
    const [message] = messages;
    expect(message).toMatchObject({ toAddress: student.email, userId: student.id, template: 'payment_failed', jobs: 1 });
    expect(message!.subject).toBe('Action needed: update your card for Piano on Sunday, March 8, 2026 at 11:00 AM EDT');
    expect(message!.html).toContain(`href="${PUBLIC_URL}/lessons/${id}?pay=1"`);
    expect(message!.text).toContain(`${PUBLIC_URL}/lessons/${id}`);
  });

  it('queues nothing when the caller’s transaction rolls back', async () => {
    const id = await aBooking({ startsAt: '2026-12-07T15:00:00Z' });
    await expect(
      inTransaction(async (trx) => {
        await emails.queueBookingConfirmed(trx, id);
        throw new Error('the confirmation failed after queueing');
      }),
    ).rejects.toThrow('the confirmation failed');
    expect(await queued()).toEqual([]);
  });

  it('refuses an unknown booking (the caller’s transaction fails)', async () => {
    await expect(inTransaction((trx) => emails.queueBookingConfirmed(trx, 'no-such-booking'))).rejects.toThrow('Booking was not found');
  });
});

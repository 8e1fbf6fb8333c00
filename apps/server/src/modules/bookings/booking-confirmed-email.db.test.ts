import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aPublishedInstructor, aSavedCard, aStudent, openDays, signIn, type BuiltUser } from '../../../../../test/support/builders.ts';
import { createTestApp, type TestApp } from '../../../../../test/support/test-app.ts';
import { testDatabaseKind } from '../../../../../test/support/test-database.ts';
import { sendQueuedEmails } from '../notifications/email.testing.ts';

/**
 * The confirmation email is queued where a booking becomes confirmed (issue 11 item 13), over
 * the real API: one to each party when the booking is made, none again for a retried request,
 * none for a hold whose card is refused.
 */
describe(`the booking confirmation email on ${testDatabaseKind}`, () => {
  let t: TestApp;
  let instructor: BuiltUser;
  let serviceId: string;

  const mailTo = (address: string) => t.database.db.selectFrom('emailMessages').select(['template', 'userId', 'text']).where('toAddress', '=', address).execute();

  async function aPayingStudent(card?: string) {
    const person = await aStudent(t);
    const { authorization } = await signIn(t, person);
    return { person, authorization, card: await aSavedCard(t, authorization, card) };
  }

  const book = (who: { authorization: string; card: string }, startsAt: string, key: string) =>
    t.app.inject({
      method: 'POST',
      url: '/api/v1/bookings',
      headers: { authorization: who.authorization, 'idempotency-key': key },
      payload: { instructorId: instructor.id, serviceId, durationMinutes: 60, startsAt, locationType: 'online', paymentMethodId: who.card },
    });

  beforeAll(async () => {
    t = await createTestApp();
    instructor = await aPublishedInstructor(t);
    serviceId = (await t.database.db.selectFrom('services').select('id').where('slug', '=', 'piano').executeTakeFirstOrThrow()).id;
    await openDays(t, instructor.id, ['2026-11-24', '2026-11-25']);
  }, 120_000);
  afterAll(() => t.close());

  it('mails the student and the instructor once when the booking is confirmed, and not again for a retry', async () => {
    const student = await aPayingStudent();
    const response = await book(student, '2026-11-25T15:00:00Z', 'confirm-mail-key');
    expect(response.statusCode).toBe(201);
    expect(response.json().status).toBe('confirmed');
    expect((await book(student, '2026-11-25T15:00:00Z', 'confirm-mail-key')).statusCode).toBe(201);

    // Queued unrendered with the booking; the send job (run here, as the app's worker would) renders them.
    expect((await mailTo(student.person.email)).map((mail) => mail.text)).toEqual([null]);
    await sendQueuedEmails(t.database.db, t.jobs);
    const toStudent = await mailTo(student.person.email);
    const toInstructor = await mailTo(instructor.email);
    expect(toStudent.map((mail) => mail.template)).toEqual(['booking_confirmed']);
    expect(toInstructor.map((mail) => mail.template)).toEqual(['booking_confirmed']);
    expect(toStudent[0]!.userId).toBe(student.person.id);
    // 15:00 UTC on November 25 is 10:00 AM in New York.
    expect(toStudent[0]!.text).toContain('Wednesday, November 25, 2026 at 10:00 AM EST');
    expect(toStudent[0]!.text).toContain(`/lessons/${response.json().id}`);
  });

  it('mails nobody when the immediate authorization is refused and the hold ends', async () => {
    const declined = await aPayingStudent('4000000000000341');
    const before = (await mailTo(instructor.email)).length;
    const response = await book(declined, '2026-11-24T12:00:00Z', 'declined-mail-key');
    expect(response.statusCode).toBe(422);
    expect(await mailTo(declined.person.email)).toEqual([]);
    expect(await mailTo(instructor.email)).toHaveLength(before);
  });
});

import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anAdmin, aPublishedInstructor, aSavedCard, aStudent, openDays, signIn } from '../support/builders.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';

/**
 * A student books a lesson (issue 11 items 1, 2 and 11): the quote, the booking confirmed with a
 * saved card, a retry with the same Idempotency-Key, who may read it, the time gone from the
 * slots and from search's free time — and the race: 200 students asking for one time at once
 * get exactly one booking, whatever the interleaving, because the database refuses overlaps.
 * The test clock starts Monday 2026-11-23, 10:00 in New York; lessons are 2+ days ahead, so
 * their authorization is scheduled for T-24 h.
 */
const RACERS = 200;

interface Person {
  id: string;
  authorization: string;
  card: string;
}

describe('bookings journey', () => {
  let t: TestApp;
  let instructorId: string;
  let serviceId: string;
  let instructor: { authorization: string };
  let student: Person;
  let racers: Person[] = [];

  beforeAll(async () => {
    t = await createTestApp();
    const teacher = await aPublishedInstructor(t);
    instructorId = teacher.id;
    instructor = { authorization: (await signIn(t, teacher)).authorization };
    serviceId = (await t.database.db.selectFrom('services').select('id').where('slug', '=', 'piano').executeTakeFirstOrThrow()).id;
    await openDays(t, instructorId, ['2026-11-25', '2026-11-26', '2026-11-27', '2026-11-28']);
    student = await aPayingStudent();
  }, 120_000);
  afterAll(() => t.close());

  async function aPayingStudent(): Promise<Person> {
    const person = await aStudent(t);
    const { authorization } = await signIn(t, person);
    return { id: person.id, authorization, card: await aSavedCard(t, authorization) };
  }

  const book = (who: Person, startsAt: string, extra: Record<string, unknown> = {}, headers: Record<string, string> = {}) =>
    t.app.inject({
      method: 'POST',
      url: '/api/v1/bookings',
      headers: { authorization: who.authorization, ...headers },
      payload: { instructorId, serviceId, durationMinutes: 60, startsAt, locationType: 'online', paymentMethodId: who.card, ...extra },
    });
  const get = (url: string, authorization: string) => t.app.inject({ method: 'GET', url: `/api/v1${url}`, headers: { authorization } });
  const slotStarts = async (date: string) =>
    (await get(`/instructors/${instructorId}/slots?serviceId=${serviceId}&durationMinutes=60&from=${date}&to=${date}`, student.authorization)).json().slots.map(
      (slot: { start: string }) => slot.start,
    ) as string[];

  let bookingId = '';

  it('quotes the lesson: the price, the 12% fee, no credits, the card pays it all', async () => {
    const query = `instructorId=${instructorId}&serviceId=${serviceId}&durationMinutes=60&startsAt=2026-11-25T15:00:00Z&locationType=online`;
    const response = await get(`/bookings/quote?${query}`, student.authorization);
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ lessonCents: 8_000, bookingFeeCents: 960, creditsAppliedCents: 0, totalCents: 8_960, cardCents: 8_960, credits: [] });
  });

  it('books an open time: 201, confirmed, the authorization scheduled for T-24 h', async () => {
    expect(await slotStarts('2026-11-25')).toContain('2026-11-25T15:00:00.000Z');
    const response = await book(student, '2026-11-25T15:00:00Z', {}, { 'idempotency-key': 'first-booking-key' });
    expect(response.statusCode).toBe(201);
    const booking = response.json();
    expect(booking).toMatchObject({
      status: 'confirmed',
      paymentState: 'scheduled',
      studentId: student.id,
      instructorId,
      startsAt: '2026-11-25T15:00:00.000Z',
      endsAt: '2026-11-25T16:00:00.000Z',
      bufferMinutes: 15,
      totalCents: 8_960,
      cardCents: 8_960,
      paymentMethodId: student.card,
      holdExpiresAt: null,
    });
    bookingId = booking.id;
  });

  it('takes the time and its buffer out of the slots and of search free time', async () => {
    const starts = await slotStarts('2026-11-25');
    // 60-minute lessons, 15 minutes kept free on each side of 15:00–16:00 UTC.
    expect(starts).toContain('2026-11-25T13:45:00.000Z');
    for (const taken of ['2026-11-25T14:00:00.000Z', '2026-11-25T15:00:00.000Z', '2026-11-25T16:00:00.000Z']) expect(starts).not.toContain(taken);
    expect(starts).toContain('2026-11-25T16:15:00.000Z');
    const { rows } = await sql<{ overlaps: boolean; touches: boolean }>`
      select bool_or(during && tstzrange('2026-11-25T14:45:00Z', '2026-11-25T16:15:00Z')) as overlaps,
             bool_or(during @> '2026-11-25T14:44:00Z'::timestamptz) and bool_or(during @> '2026-11-25T16:15:00Z'::timestamptz) as touches
        from instructor_free_time where instructor_id = ${instructorId}`.execute(t.database.db);
    expect(rows[0]).toEqual({ overlaps: false, touches: true });
  });

  it('answers a retry with the same key with the same booking, and refuses the key for another request', async () => {
    const again = await book(student, '2026-11-25T15:00:00Z', {}, { 'idempotency-key': 'first-booking-key' });
    expect(again.statusCode).toBe(201);
    expect(again.json().id).toBe(bookingId);
    const other = await book(student, '2026-11-26T15:00:00Z', {}, { 'idempotency-key': 'first-booking-key' });
    expect(other.statusCode).toBe(422);
    expect(other.json()).toMatchObject({ code: 'idempotency_key_reused' });
    const count = await t.database.db.selectFrom('bookings').select((eb) => eb.fn.countAll<string>().as('n')).where('studentId', '=', student.id).executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(1);
  });

  it('refuses a card that is not the student’s, a length not sold, and a time not open', async () => {
    const other = await aPayingStudent();
    const foreignCard = await book({ ...other, card: student.card }, '2026-11-26T15:00:00Z');
    expect(foreignCard.statusCode).toBe(422);
    expect(foreignCard.json().errors).toEqual([{ field: 'body.paymentMethodId', reason: 'is not one of your saved cards' }]);
    const length = await book(other, '2026-11-26T15:00:00Z', { durationMinutes: 45 });
    expect(length.statusCode).toBe(422);
    expect(length.json().errors[0].field).toBe('body.durationMinutes');
    const closed = await book(other, '2026-11-29T15:00:00Z');
    expect(closed.statusCode).toBe(409);
    expect(closed.json()).toMatchObject({ code: 'slot_taken' });
    const offGrid = await book(other, '2026-11-26T15:05:00Z');
    expect(offGrid.statusCode).toBe(400);
  });

  it('shows the booking to its student, its instructor and admins, and to nobody else', async () => {
    expect((await get(`/bookings/${bookingId}`, student.authorization)).statusCode).toBe(200);
    const seenByInstructor = await get(`/bookings/${bookingId}`, instructor.authorization);
    expect(seenByInstructor.statusCode).toBe(200);
    expect(seenByInstructor.json().paymentMethodId).toBeNull();
    const admin = await signIn(t, await anAdmin(t));
    expect((await get(`/bookings/${bookingId}`, admin.authorization)).statusCode).toBe(200);
    const stranger = await aPayingStudent();
    expect((await get(`/bookings/${bookingId}`, stranger.authorization)).statusCode).toBe(404);
  });

  it('lists it in the student’s and the instructor’s upcoming lessons, not in past or cancelled', async () => {
    const mine = await get('/me/bookings?role=student&when=upcoming', student.authorization);
    expect(mine.statusCode).toBe(200);
    expect(mine.json().items.map((item: { id: string }) => item.id)).toEqual([bookingId]);
    const theirs = await get('/me/bookings?role=instructor&when=upcoming', instructor.authorization);
    expect(theirs.json().items.map((item: { id: string }) => item.id)).toContain(bookingId);
    expect((await get('/me/bookings?role=student&when=past', student.authorization)).json().items).toEqual([]);
    expect((await get('/me/bookings?role=student&when=cancelled', student.authorization)).json().items).toEqual([]);
    expect((await get('/me/bookings?role=instructor', student.authorization)).statusCode).toBe(400);
  });

  it(`lets exactly one of ${RACERS} students book one time at once; the others get 409 slot_taken`, async () => {
    for (let index = 0; index < RACERS; index += 20) {
      racers.push(...(await Promise.all(Array.from({ length: Math.min(20, RACERS - index) }, () => aPayingStudent()))));
    }
    const answers = await Promise.all(racers.map((racer) => book(racer, '2026-11-27T15:00:00Z')));
    const statuses = answers.map((answer) => answer.statusCode);
    expect(statuses.filter((status) => status === 201)).toHaveLength(1);
    expect(statuses.filter((status) => status === 409)).toHaveLength(RACERS - 1);
    for (const answer of answers.filter((a) => a.statusCode === 409)) expect(answer.json().code).toBe('slot_taken');
    const held = await t.database.db
      .selectFrom('bookings')
      .select('id')
      .where('instructorId', '=', instructorId)
      .where('startsAt', '>=', new Date('2026-11-27T00:00:00Z'))
      .where('startsAt', '<', new Date('2026-11-28T00:00:00Z'))
      .execute();
    expect(held).toHaveLength(1);
  }, 300_000);

  it('lets one win when they ask for different times that overlap or sit within the buffer of each other', async () => {
    // 60-minute lessons with a 15-minute buffer: any two of these starts are less than 75 minutes apart.
    const starts = ['2026-11-28T14:00:00Z', '2026-11-28T14:15:00Z', '2026-11-28T14:30:00Z', '2026-11-28T14:45:00Z', '2026-11-28T15:00:00Z'];
    const answers = await Promise.all(racers.map((racer, index) => book(racer, starts[index % starts.length]!)));
    const statuses = answers.map((answer) => answer.statusCode);
    expect(statuses.filter((status) => status === 201)).toHaveLength(1);
    expect(statuses.filter((status) => status === 409)).toHaveLength(RACERS - 1);
    for (const answer of answers.filter((a) => a.statusCode === 409)) expect(answer.json().code).toBe('slot_taken');
    // Exactly the buffer after it is free again: 75 minutes after the winner's start.
    const winner = answers.find((answer) => answer.statusCode === 201)!.json();
    const next = new Date(new Date(winner.endsAt).getTime() + 15 * 60_000).toISOString();
    const after = await book(racers[0]!, next);
    expect(after.statusCode).toBe(201);
  }, 300_000);
});

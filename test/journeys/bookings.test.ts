import { sql } from 'kysely';
import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anAdmin, aPublishedInstructor, aSavedCard, aStudent, openDays, signIn } from '../support/builders.ts';
import type { ControllableClock } from '../../apps/server/src/platform/clock.ts';
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

  it('answers a late retry with the same booking even where the request itself would now be refused (the lesson is within the notice)', async () => {
    const clock = t.clock as ControllableClock;
    const person = await aStudent(t);
    const card = await aSavedCard(t, (await signIn(t, person)).authorization);
    const first = await book({ id: person.id, authorization: (await signIn(t, person)).authorization, card }, '2026-11-26T21:00:00Z', {}, { 'idempotency-key': 'late-retry-key' });
    expect(first.statusCode).toBe(201);
    const now = clock.now();
    clock.set('2026-11-26T20:00:00Z');
    try {
      const retrier = { id: person.id, authorization: (await signIn(t, person)).authorization, card };
      const late = await book(retrier, '2026-11-26T21:00:00Z', {}, { 'idempotency-key': 'late-retry-key' });
      expect(late.statusCode).toBe(201);
      expect(late.json().id).toBe(first.json().id);
      // The same request without the key is refused for what it is now.
      expect((await book(retrier, '2026-11-26T21:00:00Z')).statusCode).toBe(422);
    } finally {
      clock.set(now);
    }
  });

  it('answers two requests sent at once with the same key with one booking', async () => {
    const twin = await aPayingStudent();
    const [first, second] = await Promise.all([
      book(twin, '2026-11-26T18:00:00Z', {}, { 'idempotency-key': 'twin-request-key' }),
      book(twin, '2026-11-26T18:00:00Z', {}, { 'idempotency-key': 'twin-request-key' }),
    ]);
    expect([first.statusCode, second.statusCode]).toEqual([201, 201]);
    expect(first.json().id).toBe(second.json().id);
    const rows = await t.database.db.selectFrom('bookings').select('id').where('studentId', '=', twin.id).execute();
    expect(rows).toHaveLength(1);
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
    const seenByStudent = await get(`/bookings/${bookingId}`, student.authorization);
    expect(seenByStudent.statusCode).toBe(200);
    // The payment timeline: due times from the lesson's start, nothing done yet, authorization next.
    expect(seenByStudent.json().paymentTimeline).toEqual({
      authorizeAt: '2026-11-24T15:00:00.000Z',
      retryAt: ['2026-11-24T17:00:00.000Z', '2026-11-24T19:00:00.000Z', '2026-11-24T21:00:00.000Z'],
      paymentFailedNoticeAt: '2026-11-25T03:00:00.000Z',
      cancelUnpaidAt: '2026-11-25T09:00:00.000Z',
      captureAt: '2026-11-26T16:00:00.000Z',
      next: { step: 'authorize', dueAt: '2026-11-24T15:00:00.000Z' },
      steps: [],
    });
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

  it("pages through the instructor's upcoming lessons, soonest first, each once", async () => {
    const all = await t.database.db
      .selectFrom('bookings')
      .select('id')
      .where('instructorId', '=', instructorId)
      .where('status', 'in', ['pending_payment', 'confirmed'])
      .orderBy('startsAt')
      .orderBy('id')
      .execute();
    expect(all.length).toBeGreaterThanOrEqual(4);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { items: Array<{ id: string }>; nextCursor: string | null } = (await get(`/me/bookings?role=instructor&when=upcoming&limit=2${cursor ? `&cursor=${cursor}` : ''}`, instructor.authorization)).json();
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.items.map((item: { id: string }) => item.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(all.map((row) => row.id));
    expect((await get('/me/bookings?role=instructor&cursor=not-a-cursor', instructor.authorization)).statusCode).toBe(400);
  });

  describe('an instructor paid through the local Stripe, lessons within 24 h, credits and the student’s place', () => {
    let nearId: string;
    let near: { authorization: string };
    const bookNear = (who: Person, startsAt: string, extra: Record<string, unknown> = {}) =>
      t.app.inject({
        method: 'POST',
        url: '/api/v1/bookings',
        headers: { authorization: who.authorization },
        payload: { instructorId: nearId, serviceId, durationMinutes: 60, startsAt, locationType: 'online', paymentMethodId: who.card, ...extra },
      });

    beforeAll(async () => {
      const teacher = await aPublishedInstructor(t, { travelsToStudents: true, services: [{ slug: 'piano', lessonTypes: ['online', 'student_location'] }] });
      nearId = teacher.id;
      near = { authorization: (await signIn(t, teacher)).authorization };
      // A payout account that exists at the local Stripe (the builder's is a placeholder), onboarded.
      await t.database.db.deleteFrom('payoutAccounts').where('userId', '=', nearId).execute();
      expect((await t.app.inject({ method: 'POST', url: '/api/v1/me/payouts/onboarding', headers: near })).statusCode).toBe(201);
      const { accountId } = await t.database.db.selectFrom('payoutAccounts').select('accountId').where('userId', '=', nearId).executeTakeFirstOrThrow();
      await t.app.localStripe!.finishOnboarding(accountId, 'complete');
      expect((await get('/me/payouts?refresh=true', near.authorization)).json().status).toBe('enabled');
      await t.database.db.insertInto('instructorServiceAreas').values({ instructorId: nearId, neighborhoodId: 'BK0602' }).execute();
      await openDays(t, nearId, ['2026-11-24', '2026-11-25']);
    }, 60_000);

    const attemptsOf = async (bookingId: string) =>
      (await t.database.db.selectFrom('bookingPaymentSteps').select(['attempt', 'outcome', 'providerId', 'finishedAt']).where('bookingId', '=', bookingId).where('step', '=', 'authorize').orderBy('attempt').execute()).map(
        ({ finishedAt, ...step }) => ({ ...step, finished: finishedAt !== null }),
      );

    it('authorizes at once a lesson less than 24 h away', async () => {
      const response = await bookNear(student, '2026-11-24T15:00:00Z');
      expect(response.statusCode).toBe(201);
      expect(response.json()).toMatchObject({ status: 'confirmed', paymentState: 'authorized', cardCents: 8_960 });
      const row = await t.database.db.selectFrom('bookings').select(['paymentId', 'paymentStep']).where('id', '=', response.json().id).executeTakeFirstOrThrow();
      expect(row).toEqual({ paymentId: expect.stringMatching(/^pi_/), paymentStep: null });
      // The attempt's record is closed by the booking itself: no sweep asks the provider again
      // under a key it may have forgotten (after 24 h), which would make a second hold.
      expect(await attemptsOf(response.json().id)).toEqual([{ attempt: 1, outcome: 'succeeded', providerId: row.paymentId, finished: true }]);
    });

    it('releases the time when the immediate authorization is refused, naming the card', async () => {
      const declined = await aStudent(t);
      const { authorization } = await signIn(t, declined);
      const who = { id: declined.id, authorization, card: await aSavedCard(t, authorization, '4000000000000341') };
      const response = await bookNear(who, '2026-11-24T12:00:00Z');
      expect(response.statusCode).toBe(422);
      expect(response.json()).toMatchObject({ code: 'card_declined', errors: [{ field: 'body.paymentMethodId' }] });
      const row = await t.database.db.selectFrom('bookings').select(['status', 'paymentState']).where('studentId', '=', declined.id).executeTakeFirstOrThrow();
      expect(row).toEqual({ status: 'expired', paymentState: 'authorization_failed' });
      const [attempt] = await attemptsOf((await t.database.db.selectFrom('bookings').select('id').where('studentId', '=', declined.id).executeTakeFirstOrThrow()).id);
      expect(attempt).toMatchObject({ attempt: 1, outcome: 'failed', finished: true });
      const open = await get(`/instructors/${nearId}/slots?serviceId=${serviceId}&durationMinutes=60&from=2026-11-24&to=2026-11-24`, who.authorization);
      expect(open.json().slots.map((slot: { start: string }) => slot.start)).toContain('2026-11-24T12:00:00.000Z');
    });

    it('applies credits oldest first, partially, and needs no card when they cover everything', async () => {
      const rich = await aPayingStudent();
      const now = t.clock.now();
      const credit = (id: string, cents: number, daysAgo: number) => ({
        id,
        studentId: rich.id,
        amountCents: cents,
        remainingCents: cents,
        issuedAt: new Date(now.getTime() - daysAgo * 86_400_000),
        expiresAt: new Date(now.getTime() + (365 - daysAgo) * 86_400_000),
        sourceBookingId: null,
        reason: 'admin_adjustment' as const,
        createdAt: now,
      });
      const [older, newer] = [t.ids(), t.ids()];
      await t.database.db.insertInto('studentCredits').values([credit(newer, 20_000, 1), credit(older, 1_000, 30)]).execute();
      const query = `instructorId=${nearId}&serviceId=${serviceId}&durationMinutes=60&startsAt=2026-11-25T15:00:00Z&locationType=online`;
      expect((await get(`/bookings/quote?${query}`, rich.authorization)).json()).toEqual({
        lessonCents: 8_000,
        bookingFeeCents: 960,
        creditsAppliedCents: 8_960,
        totalCents: 8_960,
        cardCents: 0,
        credits: [{ creditId: older, cents: 1_000 }, { creditId: newer, cents: 7_960 }],
      });
      const response = await bookNear(rich, '2026-11-25T15:00:00Z', { paymentMethodId: undefined });
      expect(response.statusCode).toBe(201);
      expect(response.json()).toMatchObject({ status: 'confirmed', paymentState: 'not_required', creditsAppliedCents: 8_960, cardCents: 0, paymentMethodId: null });
      const left = await t.database.db.selectFrom('studentCredits').select(['id', 'remainingCents']).where('studentId', '=', rich.id).orderBy('issuedAt').execute();
      expect(left).toEqual([{ id: older, remainingCents: 0 }, { id: newer, remainingCents: 12_040 }]);
    });

    it("books at the student's place inside the instructor's neighborhoods, and shows that address to the two of them only", async () => {
      const outside = await bookNear(student, '2026-11-25T18:00:00Z', { locationType: 'student_location', address: 'Astoria, Queens' });
      expect(outside.statusCode).toBe(422);
      expect(outside.json().errors[0].field).toBe('body.address');
      const missing = await bookNear(student, '2026-11-25T18:00:00Z', { locationType: 'student_location' });
      expect(missing.statusCode).toBe(400);
      const response = await bookNear(student, '2026-11-25T18:00:00Z', { locationType: 'student_location', address: 'Park Slope, Brooklyn' });
      expect(response.statusCode).toBe(201);
      expect(response.json()).toMatchObject({ locationType: 'student_location', address: 'Park Slope, Brooklyn', neighborhoodId: 'BK0602' });
      expect((await get(`/bookings/${response.json().id}`, near.authorization)).json().address).toBe('Park Slope, Brooklyn');
      const listed = (await get('/me/bookings?role=instructor&when=upcoming', near.authorization)).json().items;
      expect(listed.map((item: { address: string | null }) => item.address)).toContain('Park Slope, Brooklyn');
    });

    it('settles a hold whose process died during its authorization: the sweep asks again with the same key and releases it', async () => {
      const clock = t.clock as ControllableClock;
      const startsAt = new Date('2026-11-24T21:00:00Z');
      const id = t.ids();
      const now = clock.now();
      // What a process leaves behind when it dies after recording the intent (and maybe after the provider call).
      await t.database.db
        .insertInto('bookings')
        .values({
          id, studentId: student.id, instructorId: nearId, serviceId, durationMinutes: 60, startsAt, endsAt: new Date(startsAt.getTime() + 3_600_000),
          bufferMinutes: 15, locationType: 'online', address: null, neighborhoodId: null, status: 'pending_payment', paymentState: 'awaiting_method',
          lessonCents: 8_000, bookingFeeCents: 960, totalCents: 8_960, paymentMethodId: student.card, paymentId: null, paymentStep: 'authorize',
          paymentError: null, authorizedAt: null, originalStartsAt: startsAt, holdExpiresAt: new Date(now.getTime() + 10 * 60_000),
          idempotencyKey: null, requestFingerprint: null, cancelledAt: null, cancelledBy: null, cancellationReason: null, createdAt: now, updatedAt: now,
        })
        .execute();
      await t.jobs.runNow('bookings.expire_holds', {}, 'before-expiry');
      expect((await t.database.db.selectFrom('bookings').select('status').where('id', '=', id).executeTakeFirstOrThrow()).status).toBe('pending_payment');
      clock.advance(11 * 60_000);
      await t.jobs.runNow('bookings.expire_holds', {}, 'after-expiry');
      await t.jobs.runNow('bookings.expire_holds', {}, 'again');
      const row = await t.database.db.selectFrom('bookings').select(['status', 'paymentState', 'paymentStep', 'paymentId']).where('id', '=', id).executeTakeFirstOrThrow();
      expect(row).toEqual({ status: 'expired', paymentState: 'released', paymentStep: null, paymentId: expect.stringMatching(/^pi_/) });
      const stripe = new Stripe(t.config.payments.secretKey, { httpClient: Stripe.createFetchHttpClient(t.app.localStripe!.fetch), maxNetworkRetries: 0 });
      const intent = await stripe.paymentIntents.retrieve(row.paymentId!);
      expect(intent.status).toBe('canceled');
      expect(intent.amount_received).toBe(0);
      const all = await stripe.paymentIntents.list({ limit: 100 });
      expect(all.data.filter((candidate) => candidate.metadata.bookingId === id)).toHaveLength(1);
    });
  });
});

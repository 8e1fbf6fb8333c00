import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ControllableClock } from '../../apps/server/src/platform/clock.ts';
import { aBookingCast, aStudent, signIn, type SignedInPerson } from '../support/builders.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';

/**
 * 3-D Secure at booking (issue 11 item 1, PRODUCT.md §6 "3-D Secure handled"): a lesson less
 * than 24 h away is authorized while the student books; a card whose bank always asks (3184)
 * answers 202 with what the browser needs, the booking holding the time. After the student's
 * check at the local Stripe's bank page the confirm route (re-reading the payment at the
 * provider), the webhook and the hold sweep each confirm it — once, whichever comes first. A
 * failed check frees the time: at once through the confirm route, at the hold's end otherwise.
 * The test clock starts Monday 2026-11-23, 10:00 in New York; every lesson here is < 24 h away.
 */
describe('3-D Secure at booking', () => {
  let t: TestApp;
  let clock: ControllableClock;
  let instructor: SignedInPerson;
  let serviceId: string;
  let stripe: Stripe;

  beforeAll(async () => {
    t = await createTestApp();
    clock = t.clock as ControllableClock;
    const cast = await aBookingCast(t, { days: ['2026-11-23', '2026-11-24'], students: 0 });
    instructor = cast.instructor;
    serviceId = cast.serviceId;
    stripe = new Stripe(t.config.payments.secretKey, { httpClient: Stripe.createFetchHttpClient(t.app.localStripe!.fetch), maxNetworkRetries: 0 });
  }, 120_000);
  afterAll(() => t.close());

  /** A student whose saved card is `number`, saved as the payment methods page does (through 3-D Secure at setup when the card asks). */
  async function aStudentWithCard(number: string): Promise<SignedInPerson & { card: string }> {
    const person = await aStudent(t);
    const { authorization } = await signIn(t, person);
    const setup = (await t.app.inject({ method: 'POST', url: '/api/v1/me/payment-methods/setup', headers: { authorization } })).json();
    const browser = new Stripe(setup.publishableKey, { httpClient: Stripe.createFetchHttpClient(t.app.localStripe!.fetch), maxNetworkRetries: 0 });
    const method = await browser.paymentMethods.create({ type: 'card', card: { number, exp_month: 12, exp_year: 2030, cvc: '123' } });
    const confirmed = await browser.setupIntents.confirm(setup.setupIntentId, { payment_method: method.id, client_secret: setup.clientSecret, return_url: 'http://localhost:3000/account/payment-methods' } as never);
    if (confirmed.status === 'requires_action') await t.app.localStripe!.completeThreeDSecure(setup.setupIntentId, 'succeed');
    expect((await stripe.setupIntents.retrieve(setup.setupIntentId)).status).toBe('succeeded');
    return { id: person.id, authorization, login: person, card: method.id };
  }

  const book = (who: { authorization: string; card: string }, startsAt: string) =>
    t.app.inject({
      method: 'POST',
      url: '/api/v1/bookings',
      headers: { authorization: who.authorization },
      payload: { instructorId: instructor.id, serviceId, durationMinutes: 60, startsAt, locationType: 'online', paymentMethodId: who.card },
    });
  const confirm = (id: string, authorization: string) => t.app.inject({ method: 'POST', url: `/api/v1/bookings/${id}/confirm`, headers: { authorization } });
  const row = (id: string) => t.database.db.selectFrom('bookings').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const slotStarts = async (authorization: string) =>
    (
      await t.app.inject({
        method: 'GET',
        url: `/api/v1/instructors/${instructor.id}/slots?serviceId=${serviceId}&durationMinutes=60&from=2026-11-23&to=2026-11-24`,
        headers: { authorization },
      })
    ).json().slots.map((slot: { start: string }) => slot.start) as string[];
  const intentsOf = async (bookingId: string) => (await stripe.paymentIntents.list({ limit: 100 })).data.filter((intent) => intent.metadata.bookingId === bookingId);
  const confirmationEmails = async (userId: string) =>
    (await t.database.db.selectFrom('emailMessages').select('id').where('userId', '=', userId).where('template', '=', 'booking_confirmed').execute()).length;
  /** The local Stripe's event about `intentId` of `type`, delivered to our endpoint and processed, as Stripe's webhook would be. */
  async function deliver(type: string, intentId: string): Promise<void> {
    const events = await t.app.localStripe!.listEvents({ limit: 500 });
    const event = events.find((candidate) => candidate.type === type && JSON.parse(candidate.json).data.object.id === intentId);
    expect(event, `${type} for ${intentId}`).toBeDefined();
    await t.jobs.runNow('payments.deliver_local_event', { eventId: event!.id }, `deliver-${event!.id}`);
    await t.jobs.runNow('payments.process_webhook', { eventId: event!.id }, `process-${event!.id}`);
  }

  it('answers 202 with the bank page, holds the time, and confirms after the check through the confirm route, once however often asked', async () => {
    const student = await aStudentWithCard('4000002760003184');
    const response = await book(student, '2026-11-24T14:00:00Z');
    expect(response.statusCode).toBe(202);
    const booking = response.json();
    expect(booking).toMatchObject({ status: 'pending_payment', paymentState: 'awaiting_method', holdExpiresAt: '2026-11-23T15:10:00.000Z' });
    expect(booking.paymentAuthentication).toEqual({
      paymentIntentId: expect.stringMatching(/^pi_/),
      clientSecret: expect.stringMatching(/^pi_.+_secret_/),
      redirectUrl: `${t.config.PUBLIC_URL}/api/v1/dev/stripe/3ds/${booking.paymentAuthentication.paymentIntentId}`,
      publishableKey: t.config.payments.publishableKey,
    });
    // The payment is recorded on the hold before anyone comes back; the time is held.
    expect(await row(booking.id)).toMatchObject({ paymentId: booking.paymentAuthentication.paymentIntentId, paymentStep: 'authorize' });
    expect(await slotStarts(student.authorization)).not.toContain('2026-11-24T14:00:00.000Z');

    // Back before the check: still waiting, the same bank page.
    const early = await confirm(booking.id, student.authorization);
    expect(early.statusCode).toBe(200);
    expect(early.json()).toMatchObject({ status: 'pending_payment', paymentAuthentication: booking.paymentAuthentication });

    // Someone else, even the instructor, cannot ask about it.
    const stranger = await aStudentWithCard('4242424242424242');
    expect((await confirm(booking.id, stranger.authorization)).statusCode).toBe(404);
    expect((await confirm(booking.id, instructor.authorization)).statusCode).toBe(403);

    await t.app.localStripe!.completeThreeDSecure(booking.paymentAuthentication.paymentIntentId, 'succeed');
    const confirmed = await confirm(booking.id, student.authorization);
    expect(confirmed.statusCode).toBe(200);
    expect(confirmed.json()).toMatchObject({ id: booking.id, status: 'confirmed', paymentState: 'authorized', authorizedAt: clock.now().toISOString(), holdExpiresAt: null, paymentAuthentication: null });
    // Replayed, and the webhook after it: nothing more happens.
    expect((await confirm(booking.id, student.authorization)).json()).toMatchObject({ status: 'confirmed', paymentState: 'authorized' });
    await deliver('payment_intent.amount_capturable_updated', booking.paymentAuthentication.paymentIntentId);

    const intents = await intentsOf(booking.id);
    expect(intents.map((intent) => [intent.id, intent.status, intent.amount_capturable])).toEqual([[booking.paymentAuthentication.paymentIntentId, 'requires_capture', 8_960]]);
    expect(await row(booking.id)).toMatchObject({ status: 'confirmed', paymentState: 'authorized', paymentId: intents[0]!.id, paymentStep: null });
    expect(await confirmationEmails(student.id)).toBe(1);
    // The booking-time attempt is closed with the payment: the timeline has nothing to resume.
    const steps = await t.database.db.selectFrom('bookingPaymentSteps').selectAll().where('bookingId', '=', booking.id).execute();
    expect(steps).toEqual([expect.objectContaining({ step: 'authorize', attempt: 1, outcome: 'succeeded', providerId: intents[0]!.id, finishedAt: expect.any(Date) })]);
    // The student's lesson, and the instructor's.
    const mine = (await t.app.inject({ method: 'GET', url: '/api/v1/me/bookings?role=student&when=upcoming', headers: { authorization: student.authorization } })).json();
    expect(mine.items.map((item: { id: string; status: string }) => [item.id, item.status])).toEqual([[booking.id, 'confirmed']]);
    const theirs = (await t.app.inject({ method: 'GET', url: '/api/v1/me/bookings?role=instructor&when=upcoming', headers: { authorization: instructor.authorization } })).json();
    expect(theirs.items.map((item: { id: string }) => item.id)).toContain(booking.id);
  });

  it('confirms through the webhook first; the confirm route after it finds it confirmed, one authorization', async () => {
    const student = await aStudentWithCard('4000002760003184');
    const response = await book(student, '2026-11-24T12:00:00Z');
    expect(response.statusCode, response.body).toBe(202);
    const booking = response.json();
    const intentId = booking.paymentAuthentication.paymentIntentId;
    await t.app.localStripe!.completeThreeDSecure(intentId, 'succeed');
    await deliver('payment_intent.amount_capturable_updated', intentId);
    expect(await row(booking.id)).toMatchObject({ status: 'confirmed', paymentState: 'authorized', paymentId: intentId, holdExpiresAt: null });
    const after = await confirm(booking.id, student.authorization);
    expect(after.statusCode).toBe(200);
    expect(after.json()).toMatchObject({ status: 'confirmed', paymentState: 'authorized' });
    expect((await intentsOf(booking.id)).map((intent) => intent.status)).toEqual(['requires_capture']);
    expect(await confirmationEmails(student.id)).toBe(1);
  });

  it('a failed check told through the confirm route ends the hold at once: nothing held, the time free, 422 authentication_failed', async () => {
    const student = await aStudentWithCard('4000002760003184');
    const booking = (await book(student, '2026-11-24T10:00:00Z')).json();
    await t.app.localStripe!.completeThreeDSecure(booking.paymentAuthentication.paymentIntentId, 'fail');
    const failed = await confirm(booking.id, student.authorization);
    expect(failed.statusCode).toBe(422);
    expect(failed.json()).toMatchObject({ code: 'authentication_failed' });
    expect(await row(booking.id)).toMatchObject({ status: 'expired', paymentState: 'authorization_failed', holdExpiresAt: null });
    expect((await intentsOf(booking.id)).map((intent) => intent.status)).toEqual(['canceled']);
    expect(await slotStarts(student.authorization)).toContain('2026-11-24T10:00:00.000Z');
    // Asked again: the same answer.
    expect((await confirm(booking.id, student.authorization)).json()).toMatchObject({ code: 'authentication_failed' });
    expect(await confirmationEmails(student.id)).toBe(0);
  });

  it('a failed or abandoned check nobody reports stays pending, then the hold sweep releases it and frees the time', async () => {
    const student = await aStudentWithCard('4000002760003184');
    const failed = (await book(student, '2026-11-23T20:00:00Z')).json();
    const other = await aStudentWithCard('4000002760003184');
    const abandoned = (await book(other, '2026-11-23T22:00:00Z')).json();
    await t.app.localStripe!.completeThreeDSecure(failed.paymentAuthentication.paymentIntentId, 'fail');
    await deliver('payment_intent.payment_failed', failed.paymentAuthentication.paymentIntentId);
    await t.jobs.runNow('bookings.expire_holds', {}, 'before-expiry');
    expect((await row(failed.id)).status).toBe('pending_payment');
    expect((await row(abandoned.id)).status).toBe('pending_payment');

    clock.advance(11 * 60_000);
    await t.jobs.runNow('bookings.expire_holds', {}, 'after-expiry');
    for (const booking of [failed, abandoned]) {
      expect(await row(booking.id)).toMatchObject({ status: 'expired', paymentState: 'released', paymentStep: null, paymentId: booking.paymentAuthentication.paymentIntentId });
      expect((await intentsOf(booking.id)).map((intent) => intent.status)).toEqual(['canceled']);
    }
    const open = await slotStarts(student.authorization);
    expect(open).toEqual(expect.arrayContaining(['2026-11-23T20:00:00.000Z', '2026-11-23T22:00:00.000Z']));
    expect((await confirm(abandoned.id, other.authorization)).json()).toMatchObject({ code: 'hold_expired' });
  });

  it('the hold sweep confirms a hold whose student authenticated when neither the browser nor the webhook said so', async () => {
    const student = await aStudentWithCard('4000002760003184');
    const booking = (await book(student, '2026-11-23T20:00:00Z')).json();
    await t.app.localStripe!.completeThreeDSecure(booking.paymentAuthentication.paymentIntentId, 'succeed');
    clock.advance(11 * 60_000);
    await t.jobs.runNow('bookings.expire_holds', {}, 'sweep-authenticated');
    expect(await row(booking.id)).toMatchObject({ status: 'confirmed', paymentState: 'authorized', holdExpiresAt: null, paymentStep: null });
    expect((await intentsOf(booking.id)).map((intent) => intent.status)).toEqual(['requires_capture']);
    expect(await confirmationEmails(student.id)).toBe(1);
  });

  it('a card authenticated when it was saved (3155) is authorized at booking without asking again', async () => {
    const student = await aStudentWithCard('4000002500003155');
    const response = await book(student, '2026-11-23T22:00:00Z');
    expect(response.statusCode).toBe(201);
    expect(response.json()).toMatchObject({ status: 'confirmed', paymentState: 'authorized', paymentAuthentication: null });
  });
});

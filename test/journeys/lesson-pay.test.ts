import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sendQueuedEmails } from '../../apps/server/src/modules/notifications/email.testing.ts';
import type { ControllableClock } from '../../apps/server/src/platform/clock.ts';
import { aBookingCast, aStudent, signIn, type SignedInPerson } from '../support/builders.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';

/**
 * Paying a lesson whose card was refused (PRODUCT.md §6 "Failed authorization", issue 11): the
 * card is refused at T-24 h and at each retry, the T-12 h payment_failed email links to the
 * lesson's page, where the student chooses another saved card: POST /bookings/{id}/payment-method
 * authorizes it at once, on session, and the lesson is no longer cancelled at T-6 h.
 * The test clock starts Monday 2026-11-23, 10:00 in New York (15:00 UTC).
 */
describe('paying a lesson after its card was refused', () => {
  let t: TestApp;
  let clock: ControllableClock;
  let instructor: SignedInPerson;
  let serviceId: string;
  let stripe: Stripe;
  const HOUR = 60 * 60_000;

  beforeAll(async () => {
    t = await createTestApp();
    clock = t.clock as ControllableClock;
    const cast = await aBookingCast(t, { days: ['2026-11-25'], students: 0 });
    instructor = cast.instructor;
    serviceId = cast.serviceId;
    stripe = new Stripe(t.config.payments.secretKey, { httpClient: Stripe.createFetchHttpClient(t.app.localStripe!.fetch), maxNetworkRetries: 0 });
  }, 120_000);
  afterAll(() => t.close());

  /** Saves `number` as the payment methods page does (through 3-D Secure at setup when the card asks); answers the card's id. */
  async function saveCard(authorization: string, number: string): Promise<string> {
    const setup = (await t.app.inject({ method: 'POST', url: '/api/v1/me/payment-methods/setup', headers: { authorization } })).json();
    const browser = new Stripe(setup.publishableKey, { httpClient: Stripe.createFetchHttpClient(t.app.localStripe!.fetch), maxNetworkRetries: 0 });
    const method = await browser.paymentMethods.create({ type: 'card', card: { number, exp_month: 12, exp_year: 2030, cvc: '123' } });
    const confirmed = await browser.setupIntents.confirm(setup.setupIntentId, { payment_method: method.id, client_secret: setup.clientSecret, return_url: 'http://localhost:3000/account/payment-methods' } as never);
    if (confirmed.status === 'requires_action') await t.app.localStripe!.completeThreeDSecure(setup.setupIntentId, 'succeed');
    return method.id;
  }

  async function aStudentWithCard(number: string): Promise<SignedInPerson & { card: string }> {
    const person = await aStudent(t);
    const { authorization } = await signIn(t, person);
    return { id: person.id, authorization, login: person, card: await saveCard(authorization, number) };
  }

  const book = async (who: { authorization: string; card: string }, startsAt: string): Promise<string> => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/v1/bookings',
      headers: { authorization: who.authorization },
      payload: { instructorId: instructor.id, serviceId, durationMinutes: 60, startsAt, locationType: 'online', paymentMethodId: who.card },
    });
    expect(response.statusCode, response.body).toBe(201);
    return response.json().id;
  };
  /** A fresh token: the clock travels days here, past any token's life. */
  const tokenOf = async (who: SignedInPerson) => (await signIn(t, who.login)).authorization;
  const pay = async (id: string, who: SignedInPerson, paymentMethodId: string, key?: string) =>
    t.app.inject({ method: 'POST', url: `/api/v1/bookings/${id}/payment-method`, headers: { authorization: await tokenOf(who), ...(key ? { 'idempotency-key': key } : {}) }, payload: { paymentMethodId } });
  const row = (id: string) => t.database.db.selectFrom('bookings').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const intentsOf = async (bookingId: string) => (await stripe.paymentIntents.list({ limit: 100 })).data.filter((intent) => intent.metadata.bookingId === bookingId);
  /** The local Stripe's event about `intentId` of `type`, delivered to our endpoint and processed, as Stripe's webhook would be. */
  async function deliver(type: string, intentId: string): Promise<void> {
    const events = await t.app.localStripe!.listEvents({ limit: 500 });
    const event = events.find((candidate) => candidate.type === type && JSON.parse(candidate.json).data.object.id === intentId);
    expect(event, `${type} for ${intentId}`).toBeDefined();
    await t.jobs.runNow('payments.deliver_local_event', { eventId: event!.id }, `deliver-${event!.id}`);
    await t.jobs.runNow('payments.process_webhook', { eventId: event!.id }, `process-${event!.id}`);
  }
  let sweeps = 0;
  /** The clock at `hours` before `startsAt`, and the authorization sweep run as its job would. */
  async function sweepAt(startsAt: string, hours: number): Promise<void> {
    clock.set(new Date(new Date(startsAt).getTime() - hours * HOUR));
    await t.jobs.runNow('bookings.authorize_due_payments', {}, `sweep-${++sweeps}`);
  }
  /** Refused at T-24 h and at T-22/-20/-18 h, then the T-12 h email. */
  async function failUntilNotice(id: string, startsAt: string): Promise<void> {
    for (const hours of [24, 22, 20, 18, 12]) await sweepAt(startsAt, hours);
    expect(await row(id)).toMatchObject({ status: 'confirmed', paymentState: 'authorization_failed' });
  }

  /** A lesson whose card is refused until the T-12 h email, then paid on the lesson page with a card whose bank asks (3-D Secure): 202. */
  async function payingWithACardWhoseBankAsks(startsAt: string) {
    clock.set(new Date('2026-11-23T15:00:00Z'));
    const student = await aStudentWithCard('4000000000000341');
    const id = await book(student, startsAt);
    await failUntilNotice(id, startsAt);
    const asking = await saveCard(await tokenOf(student), '4000002760003184');
    const response = await pay(id, student, asking);
    expect(response.statusCode, response.body).toBe(202);
    return { id, student, asking, response };
  }

  it('a student who chooses a good card on the lesson page is authorized at once, once, and the lesson is not cancelled at T-6 h', async () => {
    const startsAt = '2026-11-25T15:00:00.000Z';
    const student = await aStudentWithCard('4000000000000341');
    const id = await book(student, startsAt);
    await failUntilNotice(id, startsAt);
    expect((await intentsOf(id)).map((intent) => intent.status)).toEqual(['requires_payment_method', 'requires_payment_method', 'requires_payment_method', 'requires_payment_method']);

    // The email sends the student to the lesson's page, where they pay (rendered by its send job).
    await sendQueuedEmails(t.database.db, t.jobs);
    const mail = await t.database.db.selectFrom('emailMessages').select(['html', 'text']).where('userId', '=', student.id).where('template', '=', 'payment_failed').executeTakeFirstOrThrow();
    expect(mail.html).toContain(`${t.config.PUBLIC_URL}/lessons/${id}?pay=1`);
    expect(mail.html).not.toContain('/account/payment-methods');

    // Someone else's booking is not found; a card that is not theirs is refused, naming the field.
    const stranger = await aStudentWithCard('4242424242424242');
    expect((await pay(id, stranger, stranger.card)).statusCode).toBe(404);
    const notMine = await pay(id, student, stranger.card);
    expect(notMine.statusCode).toBe(422);
    expect(notMine.json().errors).toEqual([expect.objectContaining({ field: 'body.paymentMethodId' })]);
    expect((await pay(id, instructor, stranger.card)).statusCode).toBe(403);
    expect(await row(id)).toMatchObject({ paymentState: 'authorization_failed', paymentMethodId: student.card });
    // The lesson's page offers it because the API says so (the student only).
    const allowed = async (who: SignedInPerson) =>
      (await t.app.inject({ method: 'GET', url: `/api/v1/bookings/${id}`, headers: { authorization: await tokenOf(who) } })).json().allowedActions.payWithAnotherCard;
    expect(await allowed(student)).toBe(true);
    expect(await allowed(instructor)).toBe(false);

    // A good card, at T-11 h.
    clock.set(new Date(new Date(startsAt).getTime() - 11 * HOUR));
    const good = await saveCard(await tokenOf(student), '4242424242424242');
    const paid = await pay(id, student, good, 'pay-lesson-key-1');
    expect(paid.statusCode, paid.body).toBe(200);
    expect(paid.json()).toMatchObject({ id, status: 'confirmed', paymentState: 'authorized', paymentMethodId: good, paymentAuthentication: null, authorizedAt: clock.now().toISOString() });
    // Replayed with the same key, and again without one: the same answer, no second authorization.
    const replay = await pay(id, student, good, 'pay-lesson-key-1');
    expect(replay.statusCode).toBe(200);
    expect(replay.json()).toMatchObject({ status: 'confirmed', paymentState: 'authorized' });
    expect((await pay(id, student, good)).json()).toMatchObject({ paymentState: 'authorized' });
    expect(await allowed(student)).toBe(false);
    // Another card once paid: the lesson's payment is no longer changeable.
    expect((await pay(id, student, student.card)).json()).toMatchObject({ code: 'payment_not_changeable' });

    const authorized = (await intentsOf(id)).filter((intent) => intent.status === 'requires_capture');
    expect(authorized.map((intent) => [intent.payment_method, intent.amount_capturable])).toEqual([[good, 8_960]]);
    // The attempt is the timeline's fifth, with its own key, on session.
    const steps = await t.database.db.selectFrom('bookingPaymentSteps').selectAll().where('bookingId', '=', id).where('step', '=', 'authorize').orderBy('attempt').execute();
    expect(steps.map((step) => [step.attempt, step.outcome, step.idempotencyKey])).toEqual([
      [1, 'failed', `booking:${id}:authorize:1`],
      [2, 'failed', `booking:${id}:authorize:2`],
      [3, 'failed', `booking:${id}:authorize:3`],
      [4, 'failed', `booking:${id}:authorize:4`],
      [5, 'succeeded', `booking:${id}:authorize:5`],
    ]);
    expect(steps[4]).toMatchObject({ providerId: authorized[0]!.id, finishedAt: expect.any(Date) });
    const detail = (await t.app.inject({ method: 'GET', url: `/api/v1/bookings/${id}`, headers: { authorization: await tokenOf(student) } })).json();
    expect(detail.paymentTimeline.next).toBeNull();

    // T-6 h and later: nothing is cancelled, nothing more asked of the card.
    await sweepAt(startsAt, 6);
    await sweepAt(startsAt, 1);
    expect(await row(id)).toMatchObject({ status: 'confirmed', paymentState: 'authorized', cancelledAt: null });
    expect((await intentsOf(id)).length).toBe(5);
    const cancelled = await t.database.db.selectFrom('emailMessages').select('id').where('userId', '=', student.id).where('template', '=', 'booking_cancelled').execute();
    expect(cancelled).toEqual([]);
  });

  it('a card that is refused too keeps the lesson failing (422 card_declined); after the T-6 h cancellation paying is 409', async () => {
    const startsAt = '2026-11-25T17:00:00.000Z';
    clock.set(new Date('2026-11-23T15:00:00Z'));
    const student = await aStudentWithCard('4000000000000341');
    const id = await book(student, startsAt);
    await failUntilNotice(id, startsAt);
    const another = await saveCard(await tokenOf(student), '4000000000000341');
    const refused = await pay(id, student, another);
    expect(refused.statusCode).toBe(422);
    expect(refused.json()).toMatchObject({ code: 'card_declined', errors: [expect.objectContaining({ field: 'body.paymentMethodId' })] });
    expect(await row(id)).toMatchObject({ status: 'confirmed', paymentState: 'authorization_failed', paymentMethodId: another });
    // Declined cards tried in a loop: refused, never a 5xx, once the lesson's 10 attempts are used (the timeline's 4, the page's 6).
    const codes: string[] = [];
    for (let tries = 0; tries < 7; tries++) codes.push((await pay(id, student, tries % 2 === 0 ? student.card : another)).json().code);
    expect(codes).toEqual([...Array(5).fill('card_declined'), 'too_many_payment_attempts', 'too_many_payment_attempts']);
    expect(await t.database.db.selectFrom('bookingPaymentSteps').select('attempt').where('bookingId', '=', id).where('step', '=', 'authorize').execute()).toHaveLength(10);

    await sweepAt(startsAt, 6);
    expect(await row(id)).toMatchObject({ status: 'cancelled_by_student', cancellationReason: 'payment_failed', paymentState: 'released' });
    const good = await saveCard(await tokenOf(student), '4242424242424242');
    const late = await pay(id, student, good);
    expect(late.statusCode).toBe(409);
    expect(late.json()).toMatchObject({ code: 'payment_not_changeable' });
    expect((await intentsOf(id)).some((intent) => intent.status === 'requires_capture')).toBe(false);
  });

  it('at T-6 h, before the sweep has cancelled it, paying is already 409 payment_too_late', async () => {
    const startsAt = '2026-11-25T19:00:00.000Z';
    clock.set(new Date('2026-11-23T15:00:00Z'));
    const student = await aStudentWithCard('4000000000000341');
    const id = await book(student, startsAt);
    await failUntilNotice(id, startsAt);
    clock.set(new Date(new Date(startsAt).getTime() - 6 * HOUR));
    const good = await saveCard(await tokenOf(student), '4242424242424242');
    const late = await pay(id, student, good);
    expect(late.statusCode).toBe(409);
    expect(late.json()).toMatchObject({ code: 'payment_too_late' });
    expect(await row(id)).toMatchObject({ paymentState: 'authorization_failed', paymentMethodId: student.card });
  });

  it('a card whose bank asks (3-D Secure) answers 202; after the check the confirm route holds the authorization', async () => {
    const startsAt = '2026-11-25T21:00:00.000Z';
    const { id, student, response } = await payingWithACardWhoseBankAsks(startsAt);
    const { paymentAuthentication } = response.json();
    expect(paymentAuthentication).toMatchObject({ paymentIntentId: expect.stringMatching(/^pi_/), clientSecret: expect.any(String), publishableKey: t.config.payments.publishableKey });
    await t.app.localStripe!.completeThreeDSecure(paymentAuthentication.paymentIntentId, 'succeed');
    const confirmed = await t.app.inject({ method: 'POST', url: `/api/v1/bookings/${id}/confirm`, headers: { authorization: await tokenOf(student) } });
    expect(confirmed.statusCode).toBe(200);
    expect(confirmed.json()).toMatchObject({ status: 'confirmed', paymentState: 'authorized', paymentAuthentication: null });
    await sweepAt(startsAt, 6);
    expect(await row(id)).toMatchObject({ status: 'confirmed', paymentState: 'authorized', paymentId: paymentAuthentication.paymentIntentId });
    expect((await intentsOf(id)).filter((intent) => intent.status === 'requires_capture').map((intent) => intent.id)).toEqual([paymentAuthentication.paymentIntentId]);
    // The attempt the bank approved reads as the one that holds the money (the timeline says so).
    const attempt = await t.database.db.selectFrom('bookingPaymentSteps').selectAll().where('providerId', '=', paymentAuthentication.paymentIntentId).executeTakeFirstOrThrow();
    expect(attempt).toMatchObject({ step: 'authorize', outcome: 'succeeded', detail: null });
  });

  it('a student who authenticates with the bank but never comes back: the webhook holds the payment, and T-6 h cancels nothing', async () => {
    const startsAt = '2026-11-25T23:00:00.000Z';
    const { id, asking, response } = await payingWithACardWhoseBankAsks(startsAt);
    const intentId = response.json().paymentAuthentication.paymentIntentId;
    expect(await row(id)).toMatchObject({ status: 'confirmed', paymentState: 'authorization_failed', paymentId: intentId, paymentMethodId: asking });
    await t.app.localStripe!.completeThreeDSecure(intentId, 'succeed');
    await deliver('payment_intent.amount_capturable_updated', intentId);
    expect(await row(id)).toMatchObject({ status: 'confirmed', paymentState: 'authorized', paymentId: intentId });
    await sweepAt(startsAt, 6);
    expect(await row(id)).toMatchObject({ status: 'confirmed', paymentState: 'authorized', cancelledAt: null });
    expect((await intentsOf(id)).filter((intent) => intent.status === 'requires_capture').map((intent) => intent.id)).toEqual([intentId]);
  });

  it('a card whose bank still waits at T-6 h: the lesson is cancelled and that payment cancelled at the provider, so a late approval holds nothing', async () => {
    const startsAt = '2026-11-25T19:00:00.000Z';
    const { id, response } = await payingWithACardWhoseBankAsks(startsAt);
    const intentId = response.json().paymentAuthentication.paymentIntentId;
    await sweepAt(startsAt, 6);
    expect(await row(id)).toMatchObject({ status: 'cancelled_by_student', cancellationReason: 'payment_failed' });
    expect((await stripe.paymentIntents.retrieve(intentId)).status).toBe('canceled');
    const release = await t.database.db.selectFrom('bookingPaymentSteps').selectAll().where('bookingId', '=', id).where('step', '=', 'release').execute();
    expect(release).toMatchObject([{ providerId: intentId, outcome: 'succeeded' }]);
    // The student approves at their bank afterwards: the provider refuses to hold a cancelled payment.
    await expect(t.app.localStripe!.completeThreeDSecure(intentId, 'succeed')).rejects.toThrow();
    expect((await intentsOf(id)).filter((intent) => intent.status === 'requires_capture')).toEqual([]);
    expect(await row(id)).toMatchObject({ status: 'cancelled_by_student' });
  });
});

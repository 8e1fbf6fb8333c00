import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ControllableClock } from '../../apps/server/src/platform/clock.ts';
import { WebhookEventsRepository } from '../../apps/server/src/modules/payments/webhooks/webhook-events.repository.ts';
import { signStripePayload } from '@instainstru/local-stripe';
import { aBookingCast, signIn, type PayingStudent as Person, type SignedInPerson } from '../support/builders.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';

/**
 * Issue 11 fix 5: a published instructor whose payout account stops paying out (the local
 * Stripe's account update, delivered as `account.updated` to the webhook route and processed by
 * the job worker) is no longer shown or bookable, their lessons already booked keep their
 * course, and they come back when payouts are enabled again. An instructor who unpublished
 * themselves is not published by it.
 *
 * Clock: Monday 2026-11-23 15:00 UTC.
 */
describe('a payout account that stops paying out takes the instructor off the marketplace until it pays again', () => {
  let t: TestApp;
  const clock = new ControllableClock('2026-11-23T15:00:00Z');
  let instructor: SignedInPerson;
  let serviceId: string;
  const students: Person[] = [];
  let accountId: string;
  const delivered = new Set<string>();

  beforeAll(async () => {
    t = await createTestApp({ clock, work: true });
    const cast = await aBookingCast(t, { days: ['2026-11-25', '2026-11-26'], students: 2 });
    ({ instructor, serviceId } = cast);
    students.push(...cast.students);
    accountId = (await t.database.db.selectFrom('payoutAccounts').select('accountId').where('userId', '=', instructor.id).executeTakeFirstOrThrow()).accountId;
    // The account's events so far (its onboarding) are already applied.
    for (const event of await t.app.localStripe!.listEvents({ limit: 500 })) delivered.add(event.id);
  }, 120_000);
  afterAll(() => t.close());

  const call = (authorization: string | null, method: 'GET' | 'POST', url: string, payload?: Record<string, unknown>) =>
    t.app.inject({ method, url: `/api/v1${url}`, headers: authorization ? { authorization } : {}, ...(payload ? { payload } : {}) });
  const book = (who: Person, startsAt: string) =>
    call(who.authorization, 'POST', '/bookings', { instructorId: instructor.id, serviceId, durationMinutes: 60, startsAt, locationType: 'online', paymentMethodId: who.card });
  const profile = () => t.database.db.selectFrom('instructorProfiles').select(['status', 'pausedForPayoutsAt']).where('userId', '=', instructor.id).executeTakeFirstOrThrow();

  /** The local Stripe's new account.updated events, signed and posted to the webhook route, processed by the worker. */
  async function deliverAccountEvents() {
    const events = (await t.app.localStripe!.listEvents({ limit: 500 })).filter((event) => !delivered.has(event.id)).reverse();
    for (const event of events) {
      delivered.add(event.id);
      if (event.type !== 'account.updated') continue;
      const response = await t.app.inject({
        method: 'POST',
        url: '/api/v1/payments/webhooks/stripe',
        headers: { 'content-type': 'application/json', 'stripe-signature': signStripePayload(t.config.payments.webhookSecret, event.json, Math.floor(clock.nowMs() / 1000)) },
        payload: event.json,
      });
      expect(response.statusCode).toBe(200);
      await expect.poll(async () => (await new WebhookEventsRepository().find(t.database.db, event.id))?.processedAt ?? null, { timeout: 20_000, interval: 100 }).not.toBeNull();
    }
  }

  it('unpublishes on payouts disabled, keeps the booked lesson, and publishes again on payouts enabled', async () => {
    const booked = await book(students[0]!, '2026-11-25T15:00:00Z');
    expect(booked.statusCode, booked.body).toBe(201);

    // The provider wants more details and disables payouts.
    clock.advance(5_000);
    await t.app.localStripe!.finishOnboarding(accountId, 'requirements_due');
    await deliverAccountEvents();
    expect(await profile()).toMatchObject({ status: 'draft', pausedForPayoutsAt: expect.any(Date) });
    expect((await call(null, 'GET', `/instructors/${instructor.id}`)).statusCode).toBe(404);
    expect((await book(students[1]!, '2026-11-26T15:00:00Z')).statusCode).toBe(404);
    // The lesson already booked keeps its course.
    const kept = await call(students[0]!.authorization, 'GET', `/bookings/${booked.json().id}`);
    expect(kept.statusCode).toBe(200);
    expect(kept.json()).toMatchObject({ status: 'confirmed' });

    // Details given: payouts enabled again, and the profile with them.
    clock.advance(5_000);
    await t.app.localStripe!.finishOnboarding(accountId, 'complete');
    await deliverAccountEvents();
    expect(await profile()).toMatchObject({ status: 'published', pausedForPayoutsAt: null });
    expect((await call(null, 'GET', `/instructors/${instructor.id}`)).statusCode).toBe(200);
    const again = await book(students[1]!, '2026-11-26T15:00:00Z');
    expect(again.statusCode, again.body).toBe(201);
  });

  it('never publishes an instructor who unpublished themselves while payouts were disabled', async () => {
    clock.advance(5_000);
    await t.app.localStripe!.finishOnboarding(accountId, 'requirements_due');
    await deliverAccountEvents();
    expect((await profile()).status).toBe('draft');
    instructor.authorization = (await signIn(t, instructor.login)).authorization;
    const unpublished = await call(instructor.authorization, 'POST', '/me/instructor-profile/unpublish');
    expect(unpublished.statusCode, unpublished.body).toBe(200);
    clock.advance(5_000);
    await t.app.localStripe!.finishOnboarding(accountId, 'complete');
    await deliverAccountEvents();
    expect(await profile()).toMatchObject({ status: 'draft', pausedForPayoutsAt: null });
  });
});

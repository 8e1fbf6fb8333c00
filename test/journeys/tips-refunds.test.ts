import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ControllableClock } from '../../apps/server/src/platform/clock.ts';
import { anAdmin, aPublishedInstructor, aSavedCard, aStudent, openDays, signIn } from '../support/builders.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';

/**
 * Tips and admin refunds over HTTP (issue 11 items 9 and 10): a lesson booked, paid through the
 * timeline (run-due on the Clock), tipped by its student, refunded in part then in full by an
 * admin; who may call each route; bad input answered 4xx naming the field; the ledger's trial
 * balance zero and the reconciliation with the local Stripe finding no difference on these steps.
 *
 * Clock: Monday 2026-11-23 15:00 UTC; the lesson is tomorrow (authorized at booking).
 */
describe('tips and refunds journey', () => {
  let t: TestApp;
  let clock: ControllableClock;
  let instructorId: string;
  let serviceId: string;
  const who: Record<'student' | 'stranger' | 'instructor' | 'admin', { authorization: string; login: { email: string; password: string } }> = {} as never;
  let card: string;
  let bookingId: string;

  beforeAll(async () => {
    t = await createTestApp();
    clock = t.clock as ControllableClock;
    const teacher = await aPublishedInstructor(t);
    instructorId = teacher.id;
    who.instructor = { authorization: (await signIn(t, teacher)).authorization, login: teacher };
    await t.database.db.deleteFrom('payoutAccounts').where('userId', '=', instructorId).execute();
    expect((await t.app.inject({ method: 'POST', url: '/api/v1/me/payouts/onboarding', headers: { authorization: who.instructor.authorization } })).statusCode).toBe(201);
    const { accountId } = await t.database.db.selectFrom('payoutAccounts').select('accountId').where('userId', '=', instructorId).executeTakeFirstOrThrow();
    await t.app.localStripe!.finishOnboarding(accountId, 'complete');
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/me/payouts?refresh=true', headers: { authorization: who.instructor.authorization } })).json().status).toBe('enabled');
    serviceId = (await t.database.db.selectFrom('services').select('id').where('slug', '=', 'piano').executeTakeFirstOrThrow()).id;
    await openDays(t, instructorId, ['2026-11-24']);
    for (const name of ['student', 'stranger'] as const) {
      const person = await aStudent(t);
      who[name] = { authorization: (await signIn(t, person)).authorization, login: person };
    }
    card = await aSavedCard(t, who.student.authorization);
    const boss = await anAdmin(t);
    who.admin = { authorization: (await signIn(t, boss)).authorization, login: boss };

    const booked = await post('/bookings', 'student', { instructorId, serviceId, durationMinutes: 60, startsAt: '2026-11-24T15:00:00.000Z', locationType: 'online', paymentMethodId: card });
    expect(booked.statusCode, booked.body).toBe(201);
    bookingId = booked.json().id;
  }, 120_000);
  afterAll(() => t.close());

  function post(url: string, as: keyof typeof who | null, payload: Record<string, unknown>, headers: Record<string, string> = {}) {
    return t.app.inject({ method: 'POST', url: `/api/v1${url}`, headers: { ...(as ? { authorization: who[as].authorization } : {}), ...headers }, payload });
  }

  async function travel(to: string) {
    clock.set(to);
    for (const person of Object.values(who)) person.authorization = (await signIn(t, person.login)).authorization;
  }

  async function trialBalance(): Promise<number> {
    const row = await t.database.db.selectFrom('ledgerEntries').select((eb) => eb.fn.coalesce(eb.fn.sum<string>('amountCents'), eb.lit(0)).as('sum')).executeTakeFirstOrThrow();
    return Number(row.sum);
  }

  it('refuses a tip before the lesson is completed', async () => {
    const response = await post(`/bookings/${bookingId}/tip`, 'student', { amountCents: 500 });
    expect(response.statusCode).toBe(409);
    expect(response.json().code).toBe('lesson_not_completed');
  });

  it('after the lesson is paid: the student tips once; others are refused; bad amounts name body.amountCents', async () => {
    await travel('2026-11-25T16:05:00.000Z');
    expect((await t.app.inject({ method: 'POST', url: '/api/v1/dev/jobs/run-due' })).statusCode).toBe(200);
    const booking = await t.app.inject({ method: 'GET', url: `/api/v1/bookings/${bookingId}`, headers: { authorization: who.student.authorization } });
    expect(booking.json()).toMatchObject({ status: 'completed', paymentState: 'captured' });

    for (const amountCents of [0, 99, 50_001, 12.5]) {
      const bad = await post(`/bookings/${bookingId}/tip`, 'student', { amountCents });
      expect(bad.statusCode).toBe(400);
      expect(bad.body).toContain('body.amountCents');
    }
    expect((await post(`/bookings/${bookingId}/tip`, 'stranger', { amountCents: 500 })).statusCode).toBe(404);
    expect((await post(`/bookings/${bookingId}/tip`, 'instructor', { amountCents: 500 })).statusCode).toBe(403);
    expect((await post(`/bookings/${bookingId}/tip`, null, { amountCents: 500 })).statusCode).toBe(401);

    const tip = await post(`/bookings/${bookingId}/tip`, 'student', { amountCents: 1_000 }, { 'idempotency-key': 'tip-journey-1' });
    expect(tip.statusCode, tip.body).toBe(201);
    expect(tip.json()).toMatchObject({ bookingId, amountCents: 1_000, state: 'succeeded' });
    const again = await post(`/bookings/${bookingId}/tip`, 'student', { amountCents: 1_000 }, { 'idempotency-key': 'tip-journey-1' });
    expect(again.json()).toEqual(tip.json());
    expect((await post(`/bookings/${bookingId}/tip`, 'student', { amountCents: 1_000 })).json().code).toBe('tip_already_given');
    expect(await trialBalance()).toBe(0);
  });

  it('an admin refunds in part then the rest; others cannot; bad input names the field', async () => {
    for (const as of ['student', 'instructor'] as const) expect((await post(`/admin/bookings/${bookingId}/refund`, as, { reason: 'x' })).statusCode).toBe(403);
    expect((await post(`/admin/bookings/${bookingId}/refund`, null, { reason: 'x' })).statusCode).toBe(401);
    const noReason = await post(`/admin/bookings/${bookingId}/refund`, 'admin', { amountCents: 100 });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.body).toContain('body.reason');
    const negative = await post(`/admin/bookings/${bookingId}/refund`, 'admin', { amountCents: -5, reason: 'x' });
    expect(negative.statusCode).toBe(400);
    expect(negative.body).toContain('body.amountCents');

    const part = await post(`/admin/bookings/${bookingId}/refund`, 'admin', { amountCents: 2_000, reason: 'started late' }, { 'idempotency-key': 'refund-journey-1' });
    expect(part.statusCode, part.body).toBe(201);
    expect(part.json()).toMatchObject({ amountCents: 2_000, state: 'succeeded', paymentState: 'partially_refunded' });
    expect((await post(`/admin/bookings/${bookingId}/refund`, 'admin', { amountCents: 2_000, reason: 'started late' }, { 'idempotency-key': 'refund-journey-1' })).json()).toEqual(part.json());
    const remaining = part.json().remainingCents as number;
    const over = await post(`/admin/bookings/${bookingId}/refund`, 'admin', { amountCents: remaining + 1, reason: 'too much' });
    expect(over.statusCode).toBe(422);
    expect(over.body).toContain('body.amountCents');

    const rest = await post(`/admin/bookings/${bookingId}/refund`, 'admin', { reason: 'lesson not given as described' });
    expect(rest.json()).toMatchObject({ amountCents: remaining, remainingCents: 0, paymentState: 'refunded' });
    expect(await trialBalance()).toBe(0);
  });

  it("the reconciliation with the local Stripe finds no difference on the tip's and the refunds' steps", async () => {
    const response = await post('/admin/ledger/reconcile', 'admin', {});
    expect(response.statusCode).toBe(200);
    const tip = await t.database.db.selectFrom('bookingTips').select('paymentId').where('bookingId', '=', bookingId).executeTakeFirstOrThrow();
    const stripe = new Stripe(t.config.payments.secretKey, { httpClient: Stripe.createFetchHttpClient(t.app.localStripe!.fetch), maxNetworkRetries: 0 });
    const tipCharge = (await stripe.paymentIntents.retrieve(tip.paymentId!)).latest_charge;
    expect(tipCharge).toMatch(/^ch_/);
    type Difference = { kind: string; reference?: string; type?: string; source?: string | null };
    const differences = (response.json().differences as Difference[]).filter(
      (d) => d.reference?.startsWith('tip:') || d.reference?.includes(':refund:') || ['refund', 'transfer_refund', 'application_fee_refund'].includes(d.type ?? '') || d.source === tipCharge,
    );
    expect(differences, JSON.stringify(response.json().differences, null, 1)).toEqual([]);
  });
});

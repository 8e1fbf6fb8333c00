import { sql } from 'kysely';
import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aBookableInstructor, aBookingCast, aPayingStudent, aSavedCard, signIn, type PayingStudent as Person, type SignedInPerson } from '../support/builders.ts';
import type { Principal } from '../../apps/server/src/platform/auth/principal.ts';
import type { ControllableClock } from '../../apps/server/src/platform/clock.ts';
import { createPayments } from '../../apps/server/src/integrations/payments/payments.adapter.ts';
import { createBookingChangesModule } from '../../apps/server/src/modules/bookings/booking-changes.module.ts';
import { creditExpiry } from '../../apps/server/src/modules/bookings/credits.policy.ts';
import { LedgerRepository } from '../../apps/server/src/modules/ledger/ledger.repository.ts';
import { LedgerService } from '../../apps/server/src/modules/ledger/ledger.service.ts';
import { creditGranted } from '../../apps/server/src/modules/ledger/postings.policy.ts';
import { EmailRepository } from '../../apps/server/src/modules/notifications/email.repository.ts';
import { EmailService } from '../../apps/server/src/modules/notifications/email.service.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';

/** The email channel of the test app, for a module built by hand around a dying port. */
const mailer = (t: TestApp) => new EmailService(new EmailRepository(t.database.db), { jobs: t.jobs, ids: t.ids, clock: t.clock });

/**
 * After a booking (issue 11 items 5–8): cancellation tiers at their exact boundaries with the
 * local Stripe's payment checked (released, captured once, charged once), a cancel repeated
 * answering the same outcome, reschedules (the race into one time, the limit of two), no-shows
 * reported, disputed and resolved, and credits issued, used by the next quote and expired.
 * The clock only moves forward; after every scenario the ledger's entries sum to zero.
 *
 * Clock: Monday 2026-11-23 15:00 UTC. A lesson 24 h away or less is authorized at booking.
 */
const HOUR = 3_600_000;

describe('booking changes journey', () => {
  let t: TestApp;
  let clock: ControllableClock;
  let stripe: Stripe;
  let instructorId: string;
  let instructor: SignedInPerson;
  let serviceId: string;
  let admin: SignedInPerson;
  const students: Person[] = [];

  beforeAll(async () => {
    t = await createTestApp();
    clock = t.clock as ControllableClock;
    const cast = await aBookingCast(t, { days: ['2026-11-24', '2026-11-25', '2026-11-26', '2026-11-27', '2026-11-28'], students: 4 });
    ({ instructor, serviceId, admin } = cast);
    instructorId = instructor.id;
    students.push(...cast.students);
    stripe = new Stripe(t.config.payments.secretKey, { httpClient: Stripe.createFetchHttpClient(t.app.localStripe!.fetch), maxNetworkRetries: 0 });
  }, 120_000);
  afterAll(() => t.close());

  /** Moves the clock; access tokens do not outlive such jumps, so everyone signs in again. */
  async function travel(to: string | number) {
    clock.set(to);
    for (const who of [...students, instructor, admin]) who.authorization = (await signIn(t, who.login)).authorization;
  }

  function get(url: string, authorization: string) {
    return t.app.inject({ method: 'GET', url: `/api/v1${url}`, headers: { authorization } });
  }
  const post = (url: string, authorization: string, payload?: Record<string, unknown>) =>
    t.app.inject({ method: 'POST', url: `/api/v1${url}`, headers: { authorization }, ...(payload ? { payload } : {}) });
  async function book(who: Person, startsAt: string, extra: Record<string, unknown> = {}): Promise<string> {
    const response = await post('/bookings', who.authorization, { instructorId, serviceId, durationMinutes: 60, startsAt, locationType: 'online', paymentMethodId: who.card, ...extra });
    expect(response.statusCode, response.body).toBe(201);
    return response.json().id;
  }
  const row = (id: string) => t.database.db.selectFrom('bookings').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const intentsOf = async (bookingId: string) => (await stripe.paymentIntents.list({ limit: 100 })).data.filter((intent) => intent.metadata.bookingId === bookingId);
  const recorded = async (reference: string) =>
    (await t.database.db.selectFrom('ledgerTransactions').select('kind').where('reference', '=', reference).execute()).map((tx) => tx.kind);
  async function expectTrialBalanceZero() {
    const { rows } = await sql<{ total: string | null; count: string }>`select sum(amount_cents)::text as total, count(*)::text as count from ledger_entries`.execute(t.database.db);
    expect(Number(rows[0]!.total ?? 0)).toBe(0);
  }
  const slotStarts = async (date: string) =>
    (await get(`/instructors/${instructorId}/slots?serviceId=${serviceId}&durationMinutes=60&from=${date}&to=${date}`, students[0]!.authorization)).json().slots.map((slot: { start: string }) => slot.start) as string[];

  describe('cancellation', () => {
    let late = '';

    it('exactly 24 h before: the 12–24 h tier — previewed, captured once with nothing to the instructor, the lesson price back as credit', async () => {
      const [student] = students;
      late = await book(student!, '2026-11-24T15:00:00Z');
      expect((await row(late)).paymentState).toBe('authorized');
      expect((await get(`/bookings/${late}/cancellation-preview`, students[1]!.authorization)).statusCode).toBe(404);
      const preview = await get(`/bookings/${late}/cancellation-preview`, student!.authorization);
      expect(preview.statusCode).toBe(200);
      expect(preview.json()).toMatchObject({ tier: 'late', cardAction: 'capture', cardChargeCents: 8_960, creditIssuedCents: 8_000, instructorPaid: false, lateUntil: '2026-11-24T03:00:00.000Z' });
      const cancelled = await post(`/bookings/${late}/cancel`, student!.authorization);
      expect(cancelled.statusCode).toBe(200);
      expect(cancelled.json()).toEqual(preview.json());
      const booking = await row(late);
      expect(booking).toMatchObject({ status: 'cancelled_by_student', paymentState: 'captured', changeStep: null, cancelledBy: 'student' });
      const [intent, ...others] = await intentsOf(late);
      expect(others).toHaveLength(0);
      expect(intent).toMatchObject({ status: 'succeeded', amount_received: 8_960, application_fee_amount: 8_960 });
      const credits = await t.database.db.selectFrom('studentCredits').select(['amountCents', 'remainingCents', 'reason', 'sourceBookingId']).where('studentId', '=', student!.id).execute();
      expect(credits).toEqual([{ amountCents: 8_000, remainingCents: 8_000, reason: 'late_cancellation', sourceBookingId: late }]);
      expect(await recorded(`booking:${late}:capture`)).toEqual(['late_cancellation_charged']);
      expect(await slotStarts('2026-11-24')).toContain('2026-11-24T15:00:00.000Z');
      await expectTrialBalanceZero();
    });

    it('answers a repeated cancel with the same outcome and charges nothing more', async () => {
      const first = await get(`/bookings/${late}/cancellation-preview`, students[0]!.authorization);
      const again = await post(`/bookings/${late}/cancel`, students[0]!.authorization);
      expect(again.statusCode).toBe(200);
      expect(again.json()).toEqual(first.json());
      const [intent, ...others] = await intentsOf(late);
      expect(others).toHaveLength(0);
      expect(intent!.amount_received).toBe(8_960);
      expect(await t.database.db.selectFrom('studentCredits').select('id').where('sourceBookingId', '=', late).execute()).toHaveLength(1);
      await expectTrialBalanceZero();
    });

    it('shows the credit, which the next quote and booking use', async () => {
      const student = students[0]!;
      const mine = await get('/me/credits', student.authorization);
      expect(mine.statusCode).toBe(200);
      expect(mine.json()).toMatchObject({ balanceCents: 8_000, history: [{ kind: 'issued', cents: 8_000, reason: 'late_cancellation', bookingId: late }] });
      const query = `instructorId=${instructorId}&serviceId=${serviceId}&durationMinutes=60&startsAt=2026-11-28T15:00:00Z&locationType=online`;
      expect((await get(`/bookings/quote?${query}`, student.authorization)).json()).toMatchObject({ creditsAppliedCents: 8_000, cardCents: 960 });
      const next = await book(student, '2026-11-28T15:00:00Z');
      expect(await row(next)).toMatchObject({ creditsCents: 8_000, totalCents: 8_960 });
      const after = (await get('/me/credits', student.authorization)).json();
      expect(after.balanceCents).toBe(0);
      expect(after.history.map((entry: { kind: string; cents: number }) => [entry.kind, entry.cents])).toEqual([['issued', 8_000], ['used', 8_000]]);
      // Cancelled free more than 24 h before: the credit comes back whole, the card is not touched.
      const free = await post(`/bookings/${next}/cancel`, student.authorization);
      expect(free.json()).toMatchObject({ tier: 'free', cardAction: 'none', creditsReturnedCents: 8_000 });
      expect((await get('/me/credits', student.authorization)).json().balanceCents).toBe(8_000);
      expect(await row(next)).toMatchObject({ status: 'cancelled_by_student', paymentState: 'released' });
      await expectTrialBalanceZero();
    });

    let lessSoon = '';
    let veryLate = '';
    it('one millisecond before 24 h: free, nothing at the provider', async () => {
      const student = students[1]!;
      const free = await book(student, '2026-11-25T15:00:00Z');
      await travel(Date.parse('2026-11-25T15:00:00Z') - 24 * HOUR - 1);
      const response = await post(`/bookings/${free}/cancel`, student.authorization);
      expect(response.json()).toMatchObject({ tier: 'free', cardAction: 'none', cardChargeCents: 0 });
      expect(await row(free)).toMatchObject({ status: 'cancelled_by_student', paymentState: 'released', paymentId: null });
      expect(await intentsOf(free)).toHaveLength(0);
      await expectTrialBalanceZero();
    });

    it('exactly 12 h before is still the 12–24 h tier; 1 ms later the instructor is paid (a lesson not yet authorized is charged once)', async () => {
      await travel('2026-11-24T15:00:00Z');
      lessSoon = await book(students[1]!, '2026-11-25T15:00:00Z');
      veryLate = await book(students[2]!, '2026-11-25T18:00:00Z');
      expect((await row(lessSoon)).paymentState).toBe('authorized');
      expect((await row(veryLate)).paymentState).toBe('scheduled');
      await travel('2026-11-25T03:00:00Z');
      expect((await get(`/bookings/${lessSoon}/cancellation-preview`, students[1]!.authorization)).json()).toMatchObject({ tier: 'late' });
      await travel(Date.parse('2026-11-25T03:00:00Z') + 1);
      expect((await get(`/bookings/${lessSoon}/cancellation-preview`, students[1]!.authorization)).json()).toMatchObject({ tier: 'very_late', cardAction: 'capture' });
      await travel(Date.parse('2026-11-25T06:00:00Z') + 1);
      const response = await post(`/bookings/${veryLate}/cancel`, students[2]!.authorization);
      expect(response.statusCode).toBe(200);
      // Standard tier: 15% commission of $80; the instructor keeps $68.
      expect(response.json()).toMatchObject({ tier: 'very_late', cardAction: 'charge', cardChargeCents: 8_960, instructorPaid: true, instructorCents: 6_800, platformKeepsCents: 2_160 });
      expect(await row(veryLate)).toMatchObject({ status: 'cancelled_by_student', paymentState: 'captured', changeStep: null });
      const [intent, ...others] = await intentsOf(veryLate);
      expect(others).toHaveLength(0);
      expect(intent).toMatchObject({ status: 'succeeded', amount_received: 8_960, application_fee_amount: 2_160 });
      expect(await recorded(`booking:${veryLate}:capture`)).toEqual(['lesson_captured']);
      expect(await recorded(`booking:${veryLate}:transfer`)).toEqual(['instructor_transferred']);
      await expectTrialBalanceZero();
    });

    it('the instructor cancels: the authorization is released, counted against the instructor; after the start nobody can cancel', async () => {
      const response = await post(`/bookings/${lessSoon}/cancel`, instructor.authorization);
      expect(response.statusCode).toBe(200);
      expect(response.json()).toMatchObject({ tier: 'instructor', cardAction: 'release', refundCents: 0, countsAgainstInstructor: true });
      expect(await row(lessSoon)).toMatchObject({ status: 'cancelled_by_instructor', paymentState: 'released' });
      const [intent] = await intentsOf(lessSoon);
      expect(intent).toMatchObject({ status: 'canceled', amount_received: 0 });
      const profile = await t.database.db.selectFrom('instructorProfiles').select('instructorCancellationCount').where('userId', '=', instructorId).executeTakeFirstOrThrow();
      expect(profile.instructorCancellationCount).toBe(1);
      const started = await book(students[3]!, '2026-11-26T15:00:00Z');
      await travel('2026-11-26T15:00:00Z');
      const refused = await post(`/bookings/${started}/cancel`, students[3]!.authorization);
      expect(refused.statusCode).toBe(409);
      expect(refused.json()).toMatchObject({ code: 'lesson_started' });
      await expectTrialBalanceZero();
    });

    it('finishes a cancellation whose process died after the provider captured: the next cancel records it, one capture, one credit', async () => {
      const student = students[2]!;
      const id = await book(student, '2026-11-27T10:00:00Z');
      expect((await row(id)).paymentState).toBe('authorized');
      // The same module as the app's, on a payments port whose process "dies" right after the capture reached the provider.
      const { port } = await createPayments(t.config, { db: t.database.db, clock });
      const dying = new Proxy(port, {
        get(target, name, receiver) {
          if (name !== 'capture') return Reflect.get(target, name, receiver);
          return async (input: Parameters<typeof port.capture>[0]) => {
            await target.capture(input);
            throw new Error('the process died before recording the capture');
          };
        },
      });
      const ledger = new LedgerService({ repository: new LedgerRepository(t.database.db), clock, ids: t.ids });
      const crashing = createBookingChangesModule({ db: t.database.db, clock, ids: t.ids, payments: dying, ledger, emails: mailer(t) });
      const principal: Principal = { kind: 'user', userId: student.id, sessionId: 'crash-test', roles: ['student'], permissions: new Set(['bookings:cancel:own', 'bookings:read:own']) };
      await expect(crashing.changes.cancel(principal, id)).rejects.toThrow('the process died');
      expect(await row(id)).toMatchObject({ status: 'cancelled_by_student', paymentState: 'authorized', changeStep: 'cancel_capture' });
      expect(await recorded(`booking:${id}:capture`)).toEqual([]);

      const again = await post(`/bookings/${id}/cancel`, student.authorization);
      expect(again.statusCode).toBe(200);
      expect(again.json()).toMatchObject({ tier: 'late', cardAction: 'capture', creditIssuedCents: 8_000 });
      expect(await row(id)).toMatchObject({ paymentState: 'captured', changeStep: null });
      const [intent, ...others] = await intentsOf(id);
      expect(others).toHaveLength(0);
      expect(intent).toMatchObject({ status: 'succeeded', amount_received: 8_960 });
      expect(await recorded(`booking:${id}:capture`)).toEqual(['late_cancellation_charged']);
      expect(await t.database.db.selectFrom('studentCredits').select('id').where('sourceBookingId', '=', id).execute()).toHaveLength(1);
      expect((await post(`/bookings/${id}/cancel`, student.authorization)).json()).toEqual(again.json());
      await expectTrialBalanceZero();
    });

    it('lets the hourly job finish an instructor cancellation whose process died after releasing: released once, counted once', async () => {
      const id = await book(students[3]!, '2026-11-27T12:00:00Z');
      expect((await row(id)).paymentState).toBe('authorized');
      const { port } = await createPayments(t.config, { db: t.database.db, clock });
      const dying = new Proxy(port, {
        get(target, name, receiver) {
          if (name !== 'cancelAuthorization') return Reflect.get(target, name, receiver);
          return async (input: Parameters<typeof port.cancelAuthorization>[0]) => {
            await target.cancelAuthorization(input);
            throw new Error('the process died before recording the release');
          };
        },
      });
      const ledger = new LedgerService({ repository: new LedgerRepository(t.database.db), clock, ids: t.ids });
      const crashing = createBookingChangesModule({ db: t.database.db, clock, ids: t.ids, payments: dying, ledger, emails: mailer(t) });
      const principal: Principal = { kind: 'user', userId: instructorId, sessionId: 'crash-test', roles: ['instructor'], permissions: new Set(['bookings:cancel:own', 'bookings:read:own']) };
      await expect(crashing.changes.cancel(principal, id)).rejects.toThrow('the process died');
      expect(await row(id)).toMatchObject({ status: 'cancelled_by_instructor', paymentState: 'authorized', changeStep: 'cancel_release' });
      await t.jobs.runNow('bookings.resolve_no_shows', {}, 'too-fresh');
      expect((await row(id)).changeStep).toBe('cancel_release');
      await travel(clock.nowMs() + 5 * 60_000);
      await t.jobs.runNow('bookings.resolve_no_shows', {}, 'finish');
      expect(await row(id)).toMatchObject({ status: 'cancelled_by_instructor', paymentState: 'released', changeStep: null });
      const [intent, ...others] = await intentsOf(id);
      expect(others).toHaveLength(0);
      expect(intent).toMatchObject({ status: 'canceled', amount_received: 0 });
      const profile = await t.database.db.selectFrom('instructorProfiles').select('instructorCancellationCount').where('userId', '=', instructorId).executeTakeFirstOrThrow();
      expect(profile.instructorCancellationCount).toBe(2);
      await expectTrialBalanceZero();
    });
  });

  describe('reschedule', () => {
    it('moves a lesson atomically: two students racing into one time get one 200 and one 409 slot_taken', async () => {
      const first = await book(students[0]!, '2026-11-27T15:00:00Z');
      const second = await book(students[1]!, '2026-11-27T17:00:00Z');
      const [a, b] = await Promise.all([
        post(`/bookings/${first}/reschedule`, students[0]!.authorization, { startsAt: '2026-11-27T20:00:00Z' }),
        post(`/bookings/${second}/reschedule`, students[1]!.authorization, { startsAt: '2026-11-27T20:00:00Z' }),
      ]);
      expect([a.statusCode, b.statusCode].sort()).toEqual([200, 409]);
      const loser = a.statusCode === 409 ? a : b;
      expect(loser.json()).toMatchObject({ code: 'slot_taken' });
      const winner = (a.statusCode === 200 ? a : b).json();
      expect(winner).toMatchObject({ startsAt: '2026-11-27T20:00:00.000Z', endsAt: '2026-11-27T21:00:00.000Z', rescheduleCount: 1, reschedulesLeft: 1 });
      expect(await slotStarts('2026-11-27')).not.toContain('2026-11-27T20:00:00.000Z');
    });

    it('a lesson whose card is not held yet, moved to within 24 h: the card is authorized first — a decline leaves the lesson at its time', async () => {
      // About 43 h ahead: nothing is asked of the card at booking.
      const declining = await aPayingStudent(t);
      declining.card = await aSavedCard(t, declining.authorization, '4000000000000341');
      const id = await book(declining, '2026-11-28T10:00:00Z');
      expect((await row(id)).paymentState).toBe('scheduled');
      const refused = await post(`/bookings/${id}/reschedule`, declining.authorization, { startsAt: '2026-11-27T06:00:00Z' });
      expect(refused.statusCode, refused.body).toBe(422);
      expect(refused.json()).toMatchObject({ code: 'card_declined', errors: [expect.objectContaining({ field: 'body.startsAt' })] });
      // Not moved, not cancelled: the failure path runs from its own time (retries, notice, T-6 h).
      expect(await row(id)).toMatchObject({ status: 'confirmed', paymentState: 'authorization_failed', rescheduleCount: 0, startsAt: new Date('2026-11-28T10:00:00Z') });
      expect((await intentsOf(id)).map((intent) => intent.status)).not.toContain('requires_capture');
      expect(await slotStarts('2026-11-27')).toContain('2026-11-27T06:00:00.000Z');
      // A failing card cannot be moved again until it is updated.
      expect((await post(`/bookings/${id}/reschedule`, declining.authorization, { startsAt: '2026-11-27T06:00:00Z' })).json()).toMatchObject({ code: 'payment_failing' });

      // The same move with a good card: authorized once, then moved.
      const good = await book(students[3]!, '2026-11-28T06:00:00Z');
      const moved = await post(`/bookings/${good}/reschedule`, students[3]!.authorization, { startsAt: '2026-11-27T08:00:00Z' });
      expect(moved.statusCode, moved.body).toBe(200);
      expect(moved.json()).toMatchObject({ startsAt: '2026-11-27T08:00:00.000Z', paymentState: 'authorized', rescheduleCount: 1 });
      const intents = await intentsOf(good);
      expect(intents.map((intent) => intent.status)).toEqual(['requires_capture']);
      await expectTrialBalanceZero();
    });

    it('a move to within 24 h that is sure to fail (the student has another lesson then) is refused before the card is asked', async () => {
      const other = await aBookableInstructor(t, { name: 'Otto Other', days: ['2026-11-27'] });
      const elsewhere = await post('/bookings', students[3]!.authorization, {
        instructorId: other.instructor.id,
        serviceId: other.serviceId,
        durationMinutes: 60,
        startsAt: '2026-11-27T11:00:00Z',
        locationType: 'online',
        paymentMethodId: students[3]!.card,
      });
      expect(elsewhere.statusCode, elsewhere.body).toBe(201);
      const id = await book(students[3]!, '2026-11-28T07:00:00Z');
      const attempts = async () => (await t.database.db.selectFrom('bookingPaymentSteps').select('attempt').where('bookingId', '=', id).execute()).length;
      for (let tries = 0; tries < 3; tries++) {
        const refused = await post(`/bookings/${id}/reschedule`, students[3]!.authorization, { startsAt: '2026-11-27T11:30:00Z' });
        expect(refused.statusCode, refused.body).toBe(409);
        expect(refused.json()).toMatchObject({ code: 'student_busy' });
      }
      // Nothing asked of the card, no attempt used, the lesson where it was.
      expect(await attempts()).toBe(0);
      expect(await intentsOf(id)).toEqual([]);
      expect(await row(id)).toMatchObject({ paymentState: 'scheduled', rescheduleCount: 0, startsAt: new Date('2026-11-28T07:00:00Z') });
    });

    it('refuses a new time outside the calendar the availability covers (year 9999, year 1) as bad input naming body.startsAt; a quote likewise', async () => {
      const id = await book(students[3]!, '2026-11-28T12:00:00Z');
      for (const startsAt of ['9999-12-31T23:45:00Z', '0001-01-01T00:00:00Z', '2100-01-01T05:00:00Z']) {
        const moved = await post(`/bookings/${id}/reschedule`, students[3]!.authorization, { startsAt });
        expect(moved.statusCode, startsAt).toBe(400);
        expect(moved.json().errors).toEqual([expect.objectContaining({ field: 'body.startsAt' })]);
        const quote = await get(`/bookings/quote?instructorId=${instructorId}&serviceId=${serviceId}&durationMinutes=60&startsAt=${startsAt}&locationType=online`, students[3]!.authorization);
        expect(quote.statusCode, startsAt).toBe(400);
      }
      expect((await row(id)).rescheduleCount).toBe(0);
      expect((await post(`/bookings/${id}/cancel`, students[3]!.authorization)).statusCode).toBe(200);
    });

    it('keeps the terms on the original start, allows two moves and refuses a third; the instructor cannot move it', async () => {
      const id = await book(students[2]!, '2026-11-28T18:00:00Z');
      expect((await post(`/bookings/${id}/reschedule`, instructor.authorization, { startsAt: '2026-11-28T20:00:00Z' })).statusCode).toBe(403);
      expect((await post(`/bookings/${id}/reschedule`, students[2]!.authorization, { startsAt: '2026-11-28T20:00:00Z' })).statusCode).toBe(200);
      const second = await post(`/bookings/${id}/reschedule`, students[2]!.authorization, { startsAt: '2026-11-28T22:00:00Z' });
      expect(second.json()).toMatchObject({ rescheduleCount: 2, reschedulesLeft: 0, originalStartsAt: '2026-11-28T18:00:00.000Z' });
      const third = await post(`/bookings/${id}/reschedule`, students[2]!.authorization, { startsAt: '2026-11-28T14:00:00Z' });
      expect(third.statusCode).toBe(409);
      expect(third.json()).toMatchObject({ code: 'reschedule_limit_reached' });
      // Terms stay on 18:00: at 07:00 (11 h before it, 15 h before the new start) a cancellation is very late.
      await travel('2026-11-28T07:00:00Z');
      expect((await get(`/bookings/${id}/cancellation-preview`, students[2]!.authorization)).json()).toMatchObject({ tier: 'very_late' });
      await expectTrialBalanceZero();
    });
  });

  describe('no-shows', () => {
    let absentTeacher = '';
    let absentStudent = '';

    it('is reported within 24 h after the end, not before; the absent side alone may dispute', async () => {
      await travel('2026-11-28T07:30:00Z');
      absentTeacher = await book(students[0]!, '2026-11-28T16:00:00Z');
      absentStudent = await book(students[1]!, '2026-11-29T01:00:00Z', {});
      expect((await row(absentTeacher)).paymentState).toBe('authorized');
      await travel('2026-11-28T16:59:59Z');
      const early = await post(`/bookings/${absentTeacher}/no-show`, students[0]!.authorization);
      expect(early.statusCode).toBe(409);
      expect(early.json()).toMatchObject({ code: 'illegal_transition' });
      await travel('2026-11-28T17:00:00Z');
      const report = await post(`/bookings/${absentTeacher}/no-show`, students[0]!.authorization);
      expect(report.statusCode).toBe(201);
      expect(report.json()).toMatchObject({ reporter: 'student', absent: 'instructor', status: 'completed', disputeDeadline: '2026-11-29T17:00:00.000Z' });
      const twice = await post(`/bookings/${absentTeacher}/no-show`, instructor.authorization);
      expect(twice.statusCode).toBe(409);
      expect(twice.json()).toMatchObject({ code: 'no_show_already_reported' });
      expect((await post(`/bookings/${absentTeacher}/no-show/dispute`, students[0]!.authorization, {})).statusCode).toBe(403);
      expect((await post(`/bookings/${absentTeacher}/no-show`, students[2]!.authorization)).statusCode).toBe(404);
    });

    it('takes a dispute from the side reported absent, within 24 h', async () => {
      await travel('2026-11-29T02:00:00Z');
      expect((await post(`/bookings/${absentStudent}/no-show`, instructor.authorization)).statusCode).toBe(201);
      const disputed = await post(`/bookings/${absentStudent}/no-show/dispute`, students[1]!.authorization, { note: 'I was there' });
      expect(disputed.statusCode).toBe(200);
      expect(disputed.json()).toMatchObject({ disputeNote: 'I was there', disputedAt: '2026-11-29T02:00:00.000Z' });
      expect((await post(`/bookings/${absentStudent}/no-show/dispute`, students[1]!.authorization, {})).json()).toMatchObject({ code: 'no_show_already_disputed' });
      // The lesson page does not promise a capture the report holds: it waits for the finding.
      expect((await get(`/bookings/${absentStudent}`, students[1]!.authorization)).json().paymentTimeline.next).toBeNull();
    });

    it('resolves an undisputed report hourly after its 24 h: the instructor absent releases the authorization and counts', async () => {
      await travel('2026-11-29T16:59:59Z');
      await t.jobs.runNow('bookings.resolve_no_shows', {}, 'too-soon');
      expect((await row(absentTeacher)).status).toBe('completed');
      await travel('2026-11-29T17:00:00Z');
      await t.jobs.runNow('bookings.resolve_no_shows', {}, 'due');
      await t.jobs.runNow('bookings.resolve_no_shows', {}, 'again');
      expect(await row(absentTeacher)).toMatchObject({ status: 'no_show_instructor', paymentState: 'released', changeStep: null });
      const [intent, ...others] = await intentsOf(absentTeacher);
      expect(others).toHaveLength(0);
      expect(intent).toMatchObject({ status: 'canceled', amount_received: 0 });
      const profile = await t.database.db.selectFrom('instructorProfiles').select('instructorCancellationCount').where('userId', '=', instructorId).executeTakeFirstOrThrow();
      expect(profile.instructorCancellationCount).toBe(3);
      await expectTrialBalanceZero();
    });

    it('sends a disputed report to the admin queue; the admin finds the student absent and the authorization waits for the capture', async () => {
      expect((await get('/admin/bookings/no-shows', students[1]!.authorization)).statusCode).toBe(403);
      await travel('2026-11-30T03:00:00Z');
      await t.jobs.runNow('bookings.resolve_no_shows', {}, 'disputed-waits');
      const queue = await get('/admin/bookings/no-shows', admin.authorization);
      expect(queue.json().items.map((item: { bookingId: string }) => item.bookingId)).toEqual([absentStudent]);
      const resolved = await post(`/admin/bookings/${absentStudent}/no-show/resolve`, admin.authorization, { absent: 'student' });
      expect(resolved.statusCode).toBe(200);
      expect(resolved.json()).toMatchObject({ finding: 'student', status: 'no_show_student', paymentState: 'authorized' });
      expect((await get('/admin/bookings/no-shows', admin.authorization)).json().items).toEqual([]);
      await expectTrialBalanceZero();
    });

    it('closes the report window 24 h after the end', async () => {
      // The lesson of 2026-11-26 15:00 that nobody could cancel once started: ended more than 24 h ago.
      const [ended] = await t.database.db.selectFrom('bookings').select('id').where('studentId', '=', students[3]!.id).where('startsAt', '=', new Date('2026-11-26T15:00:00Z')).execute();
      const late = await post(`/bookings/${ended!.id}/no-show`, students[3]!.authorization);
      expect(late.statusCode).toBe(409);
      expect(late.json()).toMatchObject({ code: 'no_show_window_closed' });
    });
  });

  describe('credits expire after a year', () => {
    it('the daily job gives up what is left, once, in the ledger and the history; a spent credit expires nothing', async () => {
      // Student 0's late-cancellation credit is spent on the lesson of 2026-11-27. Student 3 gets
      // $25 of goodwill credit (granted in the ledger), of which nothing is used.
      const goodwill = t.ids();
      const issuedAt = clock.now();
      await t.database.db.transaction().execute(async (trx) => {
        await trx
          .insertInto('studentCredits')
          .values({ id: goodwill, studentId: students[3]!.id, amountCents: 2_500, remainingCents: 2_500, issuedAt, expiresAt: creditExpiry(issuedAt), sourceBookingId: null, reason: 'admin_adjustment', createdAt: issuedAt })
          .execute();
        await new LedgerService({ repository: new LedgerRepository(trx), clock, ids: t.ids }).post(trx, creditGranted({ creditId: goodwill, studentId: students[3]!.id, amountCents: 2_500, reason: 'goodwill' }));
      });
      expect((await get('/me/credits', students[3]!.authorization)).json().balanceCents).toBe(2_500);
      await travel(creditExpiry(issuedAt).getTime());
      expect((await get('/me/credits', students[3]!.authorization)).json().balanceCents).toBe(0);
      await t.jobs.runNow('bookings.expire_credits', {}, 'year');
      await t.jobs.runNow('bookings.expire_credits', {}, 'year-again');
      const mine = (await get('/me/credits', students[3]!.authorization)).json();
      expect(mine.history.map((entry: { kind: string; cents: number }) => [entry.kind, entry.cents])).toEqual([['issued', 2_500], ['expired', 2_500]]);
      expect(await recorded(`credit:${goodwill}:expire`)).toEqual(['credit_expired']);
      const spent = await t.database.db.selectFrom('studentCredits').select(['id', 'remainingCents', 'expiredCents', 'expiredAt']).where('studentId', '=', students[0]!.id).executeTakeFirstOrThrow();
      expect(spent).toMatchObject({ remainingCents: 0, expiredCents: 0, expiredAt: expect.any(Date) });
      expect(await recorded(`credit:${spent.id}:expire`)).toEqual([]);
      await expectTrialBalanceZero();
    });
  });
});

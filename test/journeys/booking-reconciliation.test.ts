import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPayments } from '../../apps/server/src/integrations/payments/payments.adapter.ts';
import type { ControllableClock } from '../../apps/server/src/platform/clock.ts';
import { BookingChangeMoney } from '../../apps/server/src/modules/bookings/booking-change-money.ts';
import { BookingsRepository } from '../../apps/server/src/modules/bookings/bookings.repository.ts';
import { LedgerRepository } from '../../apps/server/src/modules/ledger/ledger.repository.ts';
import { LedgerService } from '../../apps/server/src/modules/ledger/ledger.service.ts';
import { creditExpiry } from '../../apps/server/src/modules/bookings/credits.policy.ts';
import { creditGranted } from '../../apps/server/src/modules/ledger/postings.policy.ts';
import { aBookingCast, openDays, signIn, type PayingStudent as Person, type SignedInPerson } from '../support/builders.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';

/**
 * The books reconcile after a lesson's money moves (issue 11; PRODUCT.md §6): lessons go
 * through the payment timeline (authorized at T-24 h, completed, captured 24 h after the end
 * with the instructor's share transferred), a 12–24 h cancellation, a < 12 h cancellation and
 * an instructor no-show, all against the local Stripe; then a captured lesson refunded whole
 * (the money step of an instructor found absent after the capture). The ledger's reconciliation then finds
 * every balance transaction the provider made named by a ledger step with the same net and
 * the provider's own fee, and the trial balance is zero.
 *
 * Clock: Monday 2026-11-23 15:00 UTC; it only moves forward.
 */
const HOUR = 3_600_000;

describe('booking money reconciles with the provider', () => {
  let t: TestApp;
  let clock: ControllableClock;
  let instructorId: string;
  let instructor: SignedInPerson;
  let serviceId: string;
  let admin: SignedInPerson;
  const students: Person[] = [];
  const start = '2026-11-23T15:00:00.000Z';

  beforeAll(async () => {
    t = await createTestApp();
    clock = t.clock as ControllableClock;
    const cast = await aBookingCast(t, { days: ['2026-11-24', '2026-11-25'], students: 4 });
    ({ instructor, serviceId, admin } = cast);
    instructorId = instructor.id;
    students.push(...cast.students);
  }, 120_000);
  afterAll(() => t.close());

  function get(url: string, authorization: string) {
    return t.app.inject({ method: 'GET', url: `/api/v1${url}`, headers: { authorization } });
  }
  function post(url: string, authorization: string, payload?: Record<string, unknown>) {
    return t.app.inject({ method: 'POST', url: `/api/v1${url}`, headers: { authorization }, ...(payload ? { payload } : {}) });
  }
  /** Moves the clock; access tokens do not outlive such jumps, so everyone signs in again. */
  async function travel(to: string | number) {
    clock.set(to);
    for (const who of [...students, instructor, admin]) who.authorization = (await signIn(t, who.login)).authorization;
  }
  async function book(who: Person, startsAt: string): Promise<string> {
    const response = await post('/bookings', who.authorization, { instructorId, serviceId, durationMinutes: 60, startsAt, locationType: 'online', paymentMethodId: who.card });
    expect(response.statusCode, response.body).toBe(201);
    return response.json().id;
  }
  const row = (id: string) => t.database.db.selectFrom('bookings').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const kinds = async (bookingId: string) =>
    (await t.database.db.selectFrom('ledgerTransactions').select(['kind', 'reference']).where('reference', 'like', `booking:${bookingId}:%`).orderBy('reference').execute()).map(
      (tx) => tx.kind,
    );

  let timeline = '';
  let late = '';
  let veryLate = '';
  let absentTeacher = '';

  it('moves each lesson’s money at the local Stripe', async () => {
    timeline = await book(students[0]!, '2026-11-25T15:00:00Z');
    late = await book(students[1]!, '2026-11-24T10:00:00Z');
    absentTeacher = await book(students[2]!, '2026-11-24T13:00:00Z');
    veryLate = await book(students[3]!, '2026-11-25T18:00:00Z');

    // 19 h before: the 12–24 h tier — the card captured whole, the lesson price back as credit.
    expect((await post(`/bookings/${late}/cancel`, students[1]!.authorization)).json()).toMatchObject({ tier: 'late', cardAction: 'capture' });

    // The timeline authorizes at T-24 h; the instructor's absence is reported after the lesson.
    await travel('2026-11-24T15:00:00Z');
    await t.jobs.runNow('bookings.authorize_due_payments', {}, 'T-24h');
    expect((await row(timeline)).paymentState).toBe('authorized');
    expect((await post(`/bookings/${absentTeacher}/no-show`, students[2]!.authorization)).statusCode).toBe(201);

    // Under 12 h, not yet authorized: charged, the instructor paid.
    await travel(Date.parse('2026-11-25T06:00:00Z') + 1);
    expect((await post(`/bookings/${veryLate}/cancel`, students[3]!.authorization)).json()).toMatchObject({ tier: 'very_late', cardAction: 'charge', instructorPaid: true });

    // The undisputed report resolves 24 h later: the authorization is released.
    await travel('2026-11-25T15:00:00Z');
    await t.jobs.runNow('bookings.resolve_no_shows', {}, 'due');
    expect(await row(absentTeacher)).toMatchObject({ status: 'no_show_instructor', paymentState: 'released' });

    // The lesson ended at 16:00: completed, then captured 24 h later with the transfer.
    await travel('2026-11-25T17:00:00Z');
    await t.jobs.runNow('bookings.capture_completed_lessons', {}, 'completed');
    await travel(Date.parse('2026-11-26T16:00:00Z') + HOUR);
    await t.jobs.runNow('bookings.capture_completed_lessons', {}, 'captured');
    expect(await row(timeline)).toMatchObject({ status: 'completed', paymentState: 'captured' });

    expect(await kinds(late)).toEqual(['late_cancellation_charged']);
    expect(await kinds(veryLate)).toEqual(['lesson_captured', 'instructor_transferred']);
    expect(await kinds(timeline)).toEqual(['lesson_captured', 'instructor_transferred']);
    expect(await kinds(absentTeacher)).toEqual([]);
  });

  it('records the provider’s own fee on each charge, as its balance transaction has it', async () => {
    const fees = await t.database.db
      .selectFrom('ledgerEntries')
      .innerJoin('ledgerAccounts', 'ledgerAccounts.id', 'ledgerEntries.accountId')
      .innerJoin('ledgerTransactions', 'ledgerTransactions.id', 'ledgerEntries.transactionId')
      .select(['ledgerTransactions.reference', 'ledgerEntries.amountCents'])
      .where('ledgerAccounts.code', '=', 'provider_fees')
      .orderBy('ledgerTransactions.reference')
      .execute();
    // Each charge is $89.60 (an $80 lesson and its $9.60 booking fee): 2.9% + 30¢ = 290¢ at the provider.
    expect(fees.map((fee) => [fee.reference, fee.amountCents]).sort()).toEqual(
      [late, veryLate, timeline].map((id) => [`booking:${id}:capture`, 290]).sort(),
    );
  });

  it('refunds a captured lesson whole through the no-show money step: the refund, the transfer reversal and the application fee back', async () => {
    const { port } = await createPayments(t.config, { db: t.database.db, clock });
    const ledger = new LedgerService({ repository: new LedgerRepository(t.database.db), clock, ids: t.ids });
    const money = new BookingChangeMoney({ db: t.database.db, clock, ids: t.ids, payments: port, repository: new BookingsRepository(), ledger });
    const capture = await t.database.db.selectFrom('bookingPaymentSteps').select('applicationFeeCents').where('bookingId', '=', timeline).where('step', '=', 'capture').executeTakeFirstOrThrow();
    const booking = await row(timeline);
    const result = await money.callProvider(booking, 'no_show_refund', { applicationFeeCents: capture.applicationFeeCents! });
    expect(result).toMatchObject({ kind: 'refunded', cents: 8_960, instructorReversedCents: 6_800, providerIds: [expect.stringMatching(/^re_/), expect.stringMatching(/^trr_/), expect.stringMatching(/^fr_/)] });
    await t.database.db.transaction().execute((trx) => money.settle(trx, booking, { kind: 'void', creditsReturnedCents: 0, creditIssuedCents: 0, commissionCents: 0 }, result));
    expect((await row(timeline)).paymentState).toBe('refunded');
  });

  it('settles lessons paid with credit: one wholly (at the capture time, the share transferred from the platform’s balance), one in part and cancelled under 12 h (the credit-funded rest transferred)', async () => {
    // Goodwill credit granted in the ledger: $89.60 (the whole price) to student 0, $30 to student 2.
    const grant = async (student: Person, cents: number) => {
      const id = t.ids();
      const issuedAt = clock.now();
      await t.database.db.transaction().execute(async (trx) => {
        await trx
          .insertInto('studentCredits')
          .values({ id, studentId: student.id, amountCents: cents, remainingCents: cents, issuedAt, expiresAt: creditExpiry(issuedAt), sourceBookingId: null, reason: 'admin_adjustment', createdAt: issuedAt })
          .execute();
        await new LedgerService({ repository: new LedgerRepository(trx), clock, ids: t.ids }).post(trx, creditGranted({ creditId: id, studentId: student.id, amountCents: cents, reason: 'goodwill' }));
      });
    };
    await grant(students[0]!, 8_960);
    await grant(students[2]!, 3_000);
    await openDays(t, instructorId, ['2026-11-28']);
    const wholly = await book(students[0]!, '2026-11-28T15:00:00Z');
    const inPart = await book(students[2]!, '2026-11-28T18:00:00Z');
    expect(await row(wholly)).toMatchObject({ paymentState: 'not_required', creditsCents: 8_960 });
    expect(await row(inPart)).toMatchObject({ paymentState: 'scheduled', creditsCents: 3_000 });

    await travel(Date.parse('2026-11-28T06:00:00Z') + 1);
    expect((await post(`/bookings/${inPart}/cancel`, students[2]!.authorization)).json()).toMatchObject({ tier: 'very_late', cardAction: 'charge', instructorPaid: true });
    await travel('2026-11-28T16:00:00Z');
    await t.jobs.runNow('bookings.capture_completed_lessons', {}, 'credits-completed');
    expect(await row(wholly)).toMatchObject({ status: 'completed', paymentState: 'not_required' });
    await travel(Date.parse('2026-11-29T16:00:00Z') + HOUR);
    await t.jobs.runNow('bookings.capture_completed_lessons', {}, 'credits-captured');

    // The card paid 59.60 of the cancelled lesson, all of it moved to the instructor by the destination charge; the platform transfers the other 8.40 of their 68.00.
    expect(await kinds(inPart)).toEqual(['lesson_captured', 'instructor_transferred', 'instructor_transferred']);
    expect(await kinds(wholly)).toEqual(['lesson_captured', 'instructor_transferred']);
    const transfers = await t.database.db.selectFrom('bookingPaymentSteps').select(['bookingId', 'idempotencyKey', 'amountCents', 'outcome']).where('step', '=', 'transfer').where('bookingId', 'in', [wholly, inPart]).execute();
    expect(transfers.sort((a, b) => (a.bookingId === wholly ? -1 : b.bookingId === wholly ? 1 : 0))).toEqual([
      { bookingId: wholly, idempotencyKey: `booking:${wholly}:transfer`, amountCents: 6_800, outcome: 'succeeded' },
      { bookingId: inPart, idempotencyKey: `booking:${inPart}:transfer`, amountCents: 840, outcome: 'succeeded' },
    ]);
    // Every cent of the credit spent is revenue or the instructor's, and what the instructor is owed reached their account.
    const balance = async (code: string) => {
      const { rows } = await sql<{ total: string | null }>`select sum(e.amount_cents)::text as total from ledger_entries e join ledger_accounts a on a.id = e.account_id where a.code = ${code}`.execute(t.database.db);
      return Number(rows[0]!.total ?? 0);
    };
    expect(await balance(`student_credit:${students[0]!.id}`)).toBe(0);
    expect(await balance(`student_credit:${students[2]!.id}`)).toBe(0);
  });

  it('reconciles: no difference, and a zero trial balance', async () => {
    const response = await post('/admin/ledger/reconcile', admin.authorization, { from: start });
    expect(response.statusCode, response.body).toBe(200);
    const run = response.json();
    // Per captured charge: the charge, the transfer and the application fee back from it; the refund with its reversal and fee refund;
    // the lessons paid with credit: the part-paid one's charge and destination transfer (no fee left to take back) and its
    // credit-funded transfer, and the wholly credited one's transfer.
    expect(run.providerTransactions).toBe(16);
    expect(run.differences).toEqual([]);
    const { rows } = await sql<{ total: string | null }>`select sum(amount_cents)::text as total from ledger_entries`.execute(t.database.db);
    expect(Number(rows[0]!.total ?? 0)).toBe(0);
  });
});

import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anAdmin } from '../../../../../test/support/builders.ts';
import { openTestDatabase, testDatabaseKind } from '../../../../../test/support/test-database.ts';
import type { PaymentsPort } from '../../integrations/payments/payments.port.ts';
import type { Principal } from '../../platform/auth/principal.ts';
import { ControllableClock } from '../../platform/clock.ts';
import type { Database } from '../../platform/db/database.ts';
import { DomainError } from '../../platform/errors.ts';
import { createIdGenerator } from '../../platform/ids.ts';
import type { Jobs } from '../../platform/jobs/jobs.ts';
import { permissionsOf } from '../accounts/permissions.ts';
import { LedgerRepository } from '../ledger/ledger.repository.ts';
import { LedgerService } from '../ledger/ledger.service.ts';
import { EmailRepository } from '../notifications/email.repository.ts';
import { EmailService } from '../notifications/email.service.ts';
import { BookingPaymentsRepository } from './booking-payments.repository.ts';
import { BookingPayments } from './booking-payments.service.ts';
import { BookingRefundsService } from './booking-refunds.service.ts';
import { BookingTipsService } from './booking-tips.service.ts';
import { BookingsRepository } from './bookings.repository.ts';
import { openLocalStripeBookings, type LocalStripeBookings } from './bookings.testing.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const KEYS = { secretKey: 'sk_test_tips', publishableKey: 'pk_test_tips' };

/** A process "dying" right after a provider call answered, before its result is written. */
class Crash extends Error {}

/**
 * Tips and admin refunds (issue 11 items 9 and 10) against the local Stripe: one charge per tip,
 * 100% of it transferred; one provider refund per request, the instructor's transfer reversed in
 * proportion; a crash between the provider's answer and our record resumes without a second
 * charge or refund; the trial balance stays zero; only the booking's student tips and only
 * admins refund.
 */
describe(`tips and admin refunds on ${testDatabaseKind}`, () => {
  let database: Database;
  const clock = new ControllableClock('2026-10-20T15:00:00Z');
  const ids = createIdGenerator(clock);
  const repository = new BookingsRepository();
  let real: PaymentsPort;
  let aPayingStudent: LocalStripeBookings['aPayingStudent'];
  let instructorId: string;
  let accountId: string;
  let serviceId: string;
  let student: { id: string; card: string };
  let crashAfter: keyof PaymentsPort | null = null;
  let tips: BookingTipsService;
  let refunds: BookingRefundsService;
  let timeline: BookingPayments;

  const payments = new Proxy({} as PaymentsPort, {
    get(_target, name: string) {
      const method = (real as unknown as Record<string, unknown>)[name];
      if (typeof method !== 'function') return method;
      return async (...args: unknown[]) => {
        const result = await (method as (...a: unknown[]) => Promise<unknown>).apply(real, args);
        if (crashAfter === name) {
          crashAfter = null;
          throw new Crash(`died after ${name}`);
        }
        return result;
      };
    },
  });

  const person = (userId: string, roles: Array<'student' | 'instructor' | 'admin'>): Principal => ({ kind: 'user', userId, sessionId: 's', roles, permissions: permissionsOf(roles) });

  beforeAll(async () => {
    database = await openTestDatabase();
    ({ real, instructorId, accountId, serviceId, aPayingStudent } = await openLocalStripeBookings({ database, clock, ids, keys: KEYS }));
    student = await aPayingStudent('pm_card_visa');
    const ledger = new LedgerService({ repository: new LedgerRepository(database.db), clock, ids });
    const jobs: Pick<Jobs, 'sendMany'> = { sendMany: async (_name, payloads) => payloads.map(() => 'job') };
    const emails = new EmailService(new EmailRepository(database.db), { jobs, ids, clock });
    const steps = new BookingPaymentsRepository();
    timeline = new BookingPayments({ db: database.db, clock, payments: real, repository, steps, ledger, emails, freeTimeChanged: async () => undefined });
    tips = new BookingTipsService({ db: database.db, clock, ids, payments, repository, steps, ledger });
    refunds = new BookingRefundsService({ db: database.db, clock, ids, payments, repository, ledger });
  });
  afterAll(() => database.close());


  /** A 60-minute lesson taken through the real timeline: authorized, completed, captured 24 h after its end. */
  async function aPaidLesson(who = student): Promise<string> {
    const startsAt = new Date(clock.nowMs() + 2 * HOUR);
    const now = clock.now();
    const row = await database.db.transaction().execute((trx) =>
      repository.insert(trx, {
        id: ids(),
        studentId: who.id,
        instructorId,
        serviceId,
        durationMinutes: 60,
        startsAt,
        endsAt: new Date(startsAt.getTime() + HOUR),
        bufferMinutes: 15,
        locationType: 'online',
        address: null,
        neighborhoodId: null,
        status: 'confirmed',
        paymentState: 'scheduled',
        lessonCents: 8_000,
        bookingFeeCents: 960,
        creditsCents: 0,
        totalCents: 8_960,
        paymentMethodId: who.card,
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
      }),
    );
    await timeline.advance(row.id);
    clock.set(startsAt.getTime() + HOUR + DAY + 60_000);
    await timeline.advance(row.id);
    const paid = (await repository.find(database.db, row.id))!;
    expect([paid.status, paid.paymentState]).toEqual(['completed', 'captured']);
    return row.id;
  }

  async function objects(kind: string) {
    const rows = await sql<{ id: string; body: string }>`select id, body from fake_stripe_objects where kind = ${kind}`.execute(database.db);
    return rows.rows.map((row) => ({ id: row.id, body: JSON.parse(row.body) as Record<string, any> }));
  }

  const tipIntents = async (tipId: string) => (await objects('payment_intent')).filter((o) => o.body.metadata?.tipId === tipId);

  async function trialBalance(): Promise<number> {
    const row = await database.db.selectFrom('ledgerEntries').select((eb) => eb.fn.coalesce(eb.fn.sum<string>('amountCents'), eb.lit(0)).as('sum')).executeTakeFirstOrThrow();
    return Number(row.sum);
  }

  async function refused(promise: Promise<unknown>): Promise<DomainError> {
    const error = await promise.then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(DomainError);
    return error as DomainError;
  }

  it('charges a tip once, captured at once, 100% transferred to the instructor, in the ledger; a retry answers the same tip', async () => {
    const bookingId = await aPaidLesson();
    const me = person(student.id, ['student']);
    const tip = await tips.tip(me, bookingId, { amountCents: 1_500 }, 'tip-key-0001');
    expect(tip).toMatchObject({ bookingId, amountCents: 1_500, state: 'succeeded' });
    expect(await tips.tip(me, bookingId, { amountCents: 1_500 }, 'tip-key-0001')).toEqual(tip);

    const intents = await tipIntents(tip.id);
    expect(intents.map((o) => [o.body.status, o.body.amount_received])).toEqual([['succeeded', 1_500]]);
    const charges = (await objects('charge')).filter((o) => o.body.payment_intent === intents[0]!.id);
    expect(charges).toHaveLength(1);
    const transfers = (await objects('transfer')).filter((o) => o.body.source_transaction === charges[0]!.id);
    expect(transfers.map((o) => [o.body.amount, o.body.destination])).toEqual([[1_500, accountId]]);
    expect((await objects('application_fee')).filter((o) => o.body.charge === charges[0]!.id)).toEqual([]);

    const kinds = await database.db.selectFrom('ledgerTransactions').select(['kind', 'reference']).where('reference', 'like', `tip:${tip.id}:%`).orderBy('reference').execute();
    expect(kinds).toEqual([
      { kind: 'tip_captured', reference: `tip:${tip.id}:capture` },
      { kind: 'tip_transferred', reference: `tip:${tip.id}:transfer` },
    ]);
    expect(await trialBalance()).toBe(0);

    // One tip per lesson.
    expect((await refused(tips.tip(me, bookingId, { amountCents: 500 }))).details.code).toBe('tip_already_given');
    expect((await refused(tips.tip(me, bookingId, { amountCents: 700 }, 'tip-key-0001'))).details.code).toBe('idempotency_key_reused');
  });

  it('a crash after the provider charged resumes with the same keys: one charge, one transfer, one posting', async () => {
    const bookingId = await aPaidLesson();
    const me = person(student.id, ['student']);
    crashAfter = 'capture';
    await expect(tips.tip(me, bookingId, { amountCents: 2_000 }, 'tip-key-crash')).rejects.toBeInstanceOf(Crash);
    const pending = await database.db.selectFrom('bookingTips').selectAll().where('bookingId', '=', bookingId).executeTakeFirstOrThrow();
    expect(pending.state).toBe('pending');
    // The retried request, even without its key, finishes the pending tip.
    const tip = await tips.tip(me, bookingId, { amountCents: 2_000 });
    expect(tip).toMatchObject({ id: pending.id, state: 'succeeded' });
    expect((await tipIntents(tip.id)).map((o) => o.body.amount_received)).toEqual([2_000]);
    expect(await tips.resumePending()).toBe(0);

    // And by the sweep's resume when nobody retries.
    const other = await aPaidLesson();
    crashAfter = 'authorize';
    await expect(tips.tip(me, other, { amountCents: 300 })).rejects.toBeInstanceOf(Crash);
    expect(await tips.resumePending()).toBe(1);
    const swept = await database.db.selectFrom('bookingTips').selectAll().where('bookingId', '=', other).executeTakeFirstOrThrow();
    expect(swept.state).toBe('succeeded');
    expect((await tipIntents(swept.id)).map((o) => o.body.amount_received)).toEqual([300]);
    expect(await trialBalance()).toBe(0);
  });

  it('refuses tips before completion, after 30 days, out of bounds, and from anyone but the student', async () => {
    const bookingId = await aPaidLesson();
    const me = person(student.id, ['student']);
    const stranger = await aPayingStudent('pm_card_visa');
    expect((await refused(tips.tip(person(stranger.id, ['student']), bookingId, { amountCents: 500 }))).code).toBe('not_found');
    expect((await refused(tips.tip(person(instructorId, ['instructor']), bookingId, { amountCents: 500 }))).code).toBe('forbidden');
    expect((await refused(tips.tip(null, bookingId, { amountCents: 500 }))).code).toBe('unauthenticated');
    const low = await refused(tips.tip(me, bookingId, { amountCents: 99 }));
    expect(low.details.errors).toEqual([expect.objectContaining({ field: 'body.amountCents' })]);
    const high = await refused(tips.tip(me, bookingId, { amountCents: 50_001 }));
    expect(high.details.errors).toEqual([expect.objectContaining({ field: 'body.amountCents' })]);

    const booking = (await repository.find(database.db, bookingId))!;
    clock.set(booking.endsAt.getTime() + 30 * DAY + 1);
    expect((await refused(tips.tip(me, bookingId, { amountCents: 500 }))).details.code).toBe('tip_window_closed');
    expect(await database.db.selectFrom('bookingTips').select('id').where('bookingId', '=', bookingId).execute()).toEqual([]);
  });

  it('refunds in part then the rest: one provider refund each, the transfer reversed in proportion and wholly at the end', async () => {
    const admin = person((await anAdmin({ database, ids, clock })).id, ['admin']);
    const bookingId = await aPaidLesson();
    const booking = (await repository.find(database.db, bookingId))!;
    const [charge] = (await objects('charge')).filter((o) => o.body.payment_intent === booking.paymentId);
    const transfer = (await objects('transfer')).find((o) => o.id === charge!.body.transfer)!;
    const fee = (await objects('application_fee')).find((o) => o.body.charge === charge!.id)!;
    // What the instructor kept of the lesson: the destination transfer less the platform's fee.
    const kept = (transfer.body.amount as number) - (fee.body.amount as number);
    /** What the instructor has given back so far at the provider: transfer reversals less fee refunds. */
    const givenBack = async () =>
      ((await objects('transfer')).find((o) => o.id === transfer.id)!.body.amount_reversed as number) -
      ((await objects('application_fee')).find((o) => o.id === fee.id)!.body.amount_refunded as number);

    const first = await refunds.refund(admin, bookingId, { amountCents: 3_000, reason: 'lesson ran short' }, 'refund-key-1');
    expect(first).toMatchObject({ amountCents: 3_000, state: 'succeeded', refundedTotalCents: 3_000, remainingCents: 5_960, paymentState: 'partially_refunded' });
    // In proportion: 3,000 of 8,960 of what the instructor kept, rounded as the provider does.
    expect(Math.abs(first.instructorReversedCents - (3_000 * kept) / 8_960)).toBeLessThanOrEqual(1);
    expect(await givenBack()).toBe(first.instructorReversedCents);
    // The same request again refunds nothing more.
    expect(await refunds.refund(admin, bookingId, { amountCents: 3_000, reason: 'lesson ran short' }, 'refund-key-1')).toEqual(first);

    const tooMuch = await refused(refunds.refund(admin, bookingId, { amountCents: 5_961, reason: 'more' }));
    expect(tooMuch.details.errors).toEqual([expect.objectContaining({ field: 'body.amountCents' })]);

    const rest = await refunds.refund(admin, bookingId, { reason: 'goodwill' });
    expect(rest).toMatchObject({ amountCents: 5_960, refundedTotalCents: 8_960, remainingCents: 0, paymentState: 'refunded' });

    const providerRefunds = (await objects('refund')).filter((o) => o.body.charge === charge!.id);
    expect(providerRefunds.map((o) => o.body.amount).sort((a, b) => a - b)).toEqual([3_000, 5_960]);
    expect(first.instructorReversedCents + rest.instructorReversedCents).toBe(kept);
    expect(await givenBack()).toBe(kept);
    expect((await refused(refunds.refund(admin, bookingId, { reason: 'again' }))).details.code).toBe('not_refundable');

    const audit = await database.db.selectFrom('bookingRefunds').select(['reason', 'adminId', 'state']).where('bookingId', '=', bookingId).orderBy('createdAt').execute();
    expect(audit).toEqual([
      { reason: 'lesson ran short', adminId: admin.kind === 'user' ? admin.userId : null, state: 'succeeded' },
      { reason: 'goodwill', adminId: admin.kind === 'user' ? admin.userId : null, state: 'succeeded' },
    ]);
    const postings = await database.db.selectFrom('ledgerTransactions').select('kind').where('reference', 'like', `booking:${bookingId}:refund:%`).execute();
    expect(postings.map((p) => p.kind)).toEqual(['refund_issued', 'refund_issued']);
    expect(await trialBalance()).toBe(0);
  });

  it('a crash after the provider refunded resumes with the same key: one refund', async () => {
    const admin = person((await anAdmin({ database, ids, clock })).id, ['admin']);
    const bookingId = await aPaidLesson();
    const booking = (await repository.find(database.db, bookingId))!;
    crashAfter = 'refund';
    await expect(refunds.refund(admin, bookingId, { amountCents: 1_000, reason: 'late start' }, 'refund-crash')).rejects.toBeInstanceOf(Crash);
    expect((await repository.find(database.db, bookingId))!.paymentState).toBe('captured');
    const done = await refunds.refund(admin, bookingId, { amountCents: 1_000, reason: 'late start' }, 'refund-crash');
    expect(done).toMatchObject({ state: 'succeeded', paymentState: 'partially_refunded', refundedTotalCents: 1_000 });
    const [charge] = (await objects('charge')).filter((o) => o.body.payment_intent === booking.paymentId);
    expect((await objects('refund')).filter((o) => o.body.charge === charge!.id).map((o) => o.body.amount)).toEqual([1_000]);

    // Nobody retries: the sweep finishes it with the same key.
    crashAfter = 'refund';
    await expect(refunds.refund(admin, bookingId, { amountCents: 500, reason: 'second thoughts' })).rejects.toBeInstanceOf(Crash);
    expect(await refunds.resumePending({ olderThanMs: 60_000 })).toBe(0);
    clock.advance(2 * 60_000);
    expect(await refunds.resumePending({ olderThanMs: 60_000 })).toBe(1);
    expect((await repository.find(database.db, bookingId))!.paymentState).toBe('partially_refunded');
    expect((await objects('refund')).filter((o) => o.body.charge === charge!.id).map((o) => o.body.amount).sort((a, b) => a - b)).toEqual([500, 1_000]);
    expect(await trialBalance()).toBe(0);
  });

  it('refunds are for admins, for captured payments', async () => {
    const bookingId = await aPaidLesson();
    expect((await refused(refunds.refund(person(student.id, ['student']), bookingId, { reason: 'x' }))).code).toBe('forbidden');
    expect((await refused(refunds.refund(person(instructorId, ['instructor']), bookingId, { reason: 'x' }))).code).toBe('forbidden');
    expect((await refused(refunds.refund(null, bookingId, { reason: 'x' }))).code).toBe('unauthenticated');
    expect((await refused(refunds.refund(person(ids(), ['admin']), ids(), { reason: 'x' }))).code).toBe('not_found');
  });
});

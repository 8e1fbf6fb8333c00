import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, testDatabaseKind } from '../../../../../test/support/test-database.ts';
import { PaymentError } from '../../integrations/payments/payment-error.ts';
import type { PaymentsPort } from '../../integrations/payments/payments.port.ts';
import type { Principal } from '../../platform/auth/principal.ts';
import { permissionsOf } from '../accounts/permissions.ts';
import { ControllableClock } from '../../platform/clock.ts';
import type { Database } from '../../platform/db/database.ts';
import { createIdGenerator } from '../../platform/ids.ts';
import { MemoryLocks } from '../../platform/lock/lock.memory.ts';
import type { Jobs } from '../../platform/jobs/jobs.ts';
import { LedgerRepository } from '../ledger/ledger.repository.ts';
import { LedgerService } from '../ledger/ledger.service.ts';
import { EmailRepository } from '../notifications/email.repository.ts';
import { OutboxEmailAdapter } from '../../integrations/email/outbox.ts';
import { sendEmailJob } from '../notifications/email.jobs.ts';
import { EmailService } from '../notifications/email.service.ts';
import { sendQueuedEmails } from '../notifications/email.testing.ts';
import { BookingChangeMoney } from './booking-change-money.ts';
import { BookingPayment } from './booking-payment.ts';
import { paymentTimelineOf } from './booking-payment-timeline.ts';
import { BookingPaymentsRepository } from './booking-payments.repository.ts';
import { BookingPayments, type SweepReport } from './booking-payments.service.ts';
import { BookingsRepository } from './bookings.repository.ts';
import { openLocalStripeBookings, type LocalStripeBookings } from './bookings.testing.ts';
import { NoShowsService } from './no-shows.service.ts';
import { PaymentAttentionService } from './payment-attention.service.ts';

const HOUR = 3_600_000;
const MINUTE = 60_000;
const KEYS = { secretKey: 'sk_test_timeline', publishableKey: 'pk_test_timeline' };

/** A process "dying" around one provider call: the error is not a PaymentError, so the sweep stops there. */
class Crash extends Error {}
type CrashPoint = { method: 'authorize' | 'capture' | 'transfer'; when: 'before' | 'after' };

/**
 * The 24-hour payment timeline on the Clock (issue 11 items 4 and 7) against the local Stripe:
 * each step at its time and not before, every retry, the failure path to the T-6 h cancellation
 * with its email, a lesson on the daylight-saving weekend, and crash injection at every provider
 * step boundary (intent written → call → result written → next step) proving exactly one
 * authorization, charge and transfer per booking. The ledger's trial balance stays zero.
 */
describe(`payment timeline sweeps on ${testDatabaseKind}`, () => {
  let database: Database;
  const clock = new ControllableClock('2026-10-20T15:00:00Z');
  const ids = createIdGenerator(clock);
  const repository = new BookingsRepository();
  const steps = new BookingPaymentsRepository();
  let real: PaymentsPort;
  let aPayingStudent: LocalStripeBookings['aPayingStudent'];
  let instructorId: string;
  let accountId: string;
  let serviceId: string;
  let goodStudent: { id: string; card: string };
  let failingStudent: { id: string; card: string };
  let crash: CrashPoint | null = null;
  let crashed = 0;
  /** The provider refusing the next `left` calls of `method` (as it refuses a transfer when the platform's balance is short). */
  let refusals: { method: keyof PaymentsPort; left: number } | null = null;
  let sdk: LocalStripeBookings['sdk'];

  /** The real adapter, dying once before or after the chosen call when a crash is armed. */
  const payments = new Proxy({} as PaymentsPort, {
    get(_target, name: string) {
      const method = (real as unknown as Record<string, unknown>)[name];
      if (typeof method !== 'function') return method;
      return async (...args: unknown[]) => {
        if (refusals && refusals.method === name && refusals.left > 0) {
          refusals.left -= 1;
          throw new PaymentError('invalid', 'Insufficient funds in Stripe account.', { code: 'balance_insufficient' });
        }
        const armed = crash && crash.method === name ? crash : null;
        if (armed?.when === 'before') {
          crash = null;
          crashed += 1;
          throw new Crash(`died before ${name}`);
        }
        const result = await (method as (...a: unknown[]) => Promise<unknown>).apply(real, args);
        if (armed?.when === 'after') {
          crash = null;
          crashed += 1;
          throw new Crash(`died after ${name}`);
        }
        return result;
      };
    },
  });

  let freed = 0;
  let timeline: BookingPayments;

  beforeAll(async () => {
    database = await openTestDatabase();
    ({ real, sdk, instructorId, accountId, serviceId, aPayingStudent } = await openLocalStripeBookings({ database, clock, ids, keys: KEYS }));
    goodStudent = await aPayingStudent('pm_card_visa');
    failingStudent = await aPayingStudent('pm_card_chargeCustomerFail');
    timeline = new BookingPayments(timelineDeps());
  });
  afterAll(() => database.close());

  function timelineDeps() {
    const jobs: Pick<Jobs, 'sendMany'> = { sendMany: async (_name, payloads) => payloads.map(() => 'job') };
    return {
      db: database.db,
      clock,
      payments,
      repository,
      steps,
      ledger: new LedgerService({ repository: new LedgerRepository(database.db), clock, ids }),
      emails: new EmailService(new EmailRepository(database.db), { jobs, ids, clock }),
      freeTimeChanged: async () => {
        freed += 1;
      },
    };
  }

  /** A confirmed 60-minute lesson booked now, its card authorization scheduled (T-24 h ahead). */
  async function aBooking(options: { startsAt: Date; student?: { id: string; card: string }; creditsCents?: number; pending?: boolean; paymentState?: 'not_required' }) {
    const student = options.student ?? goodStudent;
    const now = clock.now();
    const credits = options.creditsCents ?? 0;
    return database.db.transaction().execute((trx) =>
      repository.insert(trx, {
        id: ids(),
        studentId: student.id,
        instructorId,
        serviceId,
        durationMinutes: 60,
        startsAt: options.startsAt,
        endsAt: new Date(options.startsAt.getTime() + HOUR),
        bufferMinutes: 15,
        locationType: 'online',
        address: null,
        neighborhoodId: null,
        status: options.pending ? 'pending_payment' : 'confirmed',
        paymentState: options.pending ? 'awaiting_method' : (options.paymentState ?? 'scheduled'),
        lessonCents: 8_000,
        bookingFeeCents: 960,
        creditsCents: credits,
        totalCents: 8_960,
        paymentMethodId: student.card,
        paymentId: null,
        paymentStep: null,
        paymentError: null,
        authorizedAt: null,
        originalStartsAt: options.startsAt,
        holdExpiresAt: options.pending ? new Date(now.getTime() + 10 * MINUTE) : null,
        idempotencyKey: null,
        requestFingerprint: null,
        cancelledAt: null,
        cancelledBy: null,
        cancellationReason: null,
        createdAt: now,
        updatedAt: now,
      }),
    );
  }

  const booking = async (id: string) => (await repository.find(database.db, id))!;
  const stepsOf = async (id: string) => (await steps.steps(database.db, id)).map((step) => `${step.step}#${step.attempt}:${step.outcome ?? 'open'}`);
  const at = (startsAt: Date, offsetMs: number) => clock.set(startsAt.getTime() + offsetMs);

  async function providerObjects(bookingId: string) {
    const rows = await sql<{ id: string; kind: string; body: string }>`select id, kind, body from fake_stripe_objects where kind in ('payment_intent', 'charge', 'transfer', 'application_fee')`.execute(database.db);
    const objects = rows.rows.map((row) => ({ id: row.id, kind: row.kind, body: JSON.parse(row.body) as Record<string, unknown> }));
    const intents = objects.filter((o) => o.kind === 'payment_intent' && (o.body.metadata as Record<string, string>)?.bookingId === bookingId);
    const intentIds = new Set(intents.map((o) => o.id));
    const charges = objects.filter((o) => o.kind === 'charge' && intentIds.has(o.body.payment_intent as string));
    const chargeIds = new Set(charges.map((o) => o.id));
    const transfers = objects.filter((o) => o.kind === 'transfer' && (chargeIds.has(o.body.source_transaction as string) || o.body.transfer_group === `booking_${bookingId}`));
    const fees = objects.filter((o) => o.kind === 'application_fee' && chargeIds.has(o.body.charge as string)).map((o) => o.body.amount as number);
    return {
      /** The platform's application fees taken back from the destination charges' transfers. */
      fees,
      intents: intents.map((o) => ({ status: o.body.status as string, amount: o.body.amount as number, received: o.body.amount_received as number })),
      transfers: transfers.map((o) => o.body.amount as number).sort((a, b) => a - b),
    };
  }

  async function trialBalance(): Promise<number> {
    const row = await database.db.selectFrom('ledgerEntries').select((eb) => eb.fn.coalesce(eb.fn.sum<string>('amountCents'), eb.lit(0)).as('sum')).executeTakeFirstOrThrow();
    return Number(row.sum);
  }

  const ledgerKinds = async (bookingId: string) =>
    (await database.db.selectFrom('ledgerTransactions').select(['kind', 'reference']).where('reference', 'like', `booking:${bookingId}:%`).orderBy('reference').execute()).map((row) => row.reference.replace(bookingId, 'B'));

  /** Runs a sweep, and again after each injected crash, until a run goes through. */
  async function sweepThroughCrashes(sweep: () => Promise<SweepReport>): Promise<SweepReport> {
    for (let runs = 0; ; runs++) {
      try {
        return await sweep();
      } catch (error) {
        if (!(error instanceof Crash) || runs > 3) throw error;
      }
    }
  }

  it('authorizes at T-24 h and not a minute before; completes at the end; captures and transfers 24 h after, not before', async () => {
    clock.set('2026-10-21T12:00:00Z');
    const startsAt = new Date('2026-10-24T15:00:00Z');
    const b = await aBooking({ startsAt });

    at(startsAt, -24 * HOUR - MINUTE);
    await timeline.authorizeDue();
    expect((await booking(b.id)).paymentState).toBe('scheduled');
    at(startsAt, -24 * HOUR);
    expect((await timeline.authorizeDue()).steps).toEqual({ authorize: 1 });
    const authorized = await booking(b.id);
    expect(authorized).toMatchObject({ status: 'confirmed', paymentState: 'authorized', authorizedAt: clock.now() });
    expect(await providerObjects(b.id)).toEqual({ intents: [{ status: 'requires_capture', amount: 8_960, received: 0 }], transfers: [], fees: [] });

    at(startsAt, HOUR - MINUTE);
    await timeline.captureDue();
    expect((await booking(b.id)).status).toBe('confirmed');
    at(startsAt, HOUR);
    expect((await timeline.captureDue()).steps).toEqual({ complete: 1 });
    expect((await booking(b.id)).status).toBe('completed');

    at(startsAt, HOUR + 24 * HOUR - MINUTE);
    await timeline.captureDue();
    expect((await booking(b.id)).paymentState).toBe('authorized');
    at(startsAt, HOUR + 24 * HOUR);
    expect((await timeline.captureDue()).steps).toEqual({ capture: 1 });
    expect(await booking(b.id)).toMatchObject({ status: 'completed', paymentState: 'captured' });
    // 8,960 charged; the platform keeps the booking fee (960) and the entry tier's commission.
    const objects = await providerObjects(b.id);
    expect(objects.intents).toEqual([{ status: 'succeeded', amount: 8_960, received: 8_960 }]);
    // A destination charge: the whole charge goes to the instructor's account and the platform's fee comes back from it.
    expect(objects.transfers).toEqual([8_960]);
    expect(objects.fees).toHaveLength(1);
    const commission = objects.fees[0]! - 960;
    expect(commission).toBeGreaterThan(0);
    expect(8_000 - commission).toBe(8_960 - objects.fees[0]!);
    expect(await ledgerKinds(b.id)).toEqual(['booking:B:capture', 'booking:B:transfer']);
    expect(await stepsOf(b.id)).toEqual(['authorize#1:succeeded', 'complete#1:succeeded', 'capture#1:succeeded']);
    expect(await trialBalance()).toBe(0);
    // Nothing is left: further runs do nothing.
    clock.advance(2 * 24 * HOUR);
    expect((await timeline.captureDue()).steps).toEqual({});
    expect((await timeline.authorizeDue()).steps).toEqual({});
  });

  it('a lesson paid wholly with credit: at the capture time the credit becomes the fee, the commission and the instructor’s share, transferred once from the platform’s balance', async () => {
    clock.set('2026-10-22T12:00:00Z');
    const startsAt = new Date('2026-10-26T15:00:00Z');
    const b = await aBooking({ startsAt, creditsCents: 8_960, paymentState: 'not_required' });
    at(startsAt, -24 * HOUR);
    expect((await timeline.authorizeDue()).steps).toEqual({});
    at(startsAt, HOUR);
    expect((await timeline.captureDue()).steps).toEqual({ complete: 1 });
    at(startsAt, HOUR + 24 * HOUR - MINUTE);
    expect((await timeline.captureDue()).steps).toEqual({});
    expect(await ledgerKinds(b.id)).toEqual([]);

    at(startsAt, HOUR + 24 * HOUR);
    expect((await timeline.captureDue()).steps).toEqual({ capture: 1, transfer: 1 });
    expect(await booking(b.id)).toMatchObject({ status: 'completed', paymentState: 'not_required' });
    expect(await stepsOf(b.id)).toEqual(['complete#1:succeeded', 'capture#1:succeeded', 'transfer#1:succeeded']);
    const transfer = (await steps.steps(database.db, b.id)).find((step) => step.step === 'transfer')!;
    expect(transfer).toMatchObject({ idempotencyKey: `booking:${b.id}:transfer`, providerId: expect.stringMatching(/^tr_/) });
    // No card: no payment intent; one transfer of the share (the lesson less the commission).
    const objects = await providerObjects(b.id);
    expect(objects.intents).toEqual([]);
    const commission = (await steps.steps(database.db, b.id)).find((step) => step.step === 'capture')!.commissionCents!;
    expect(commission).toBeGreaterThan(0);
    expect(objects.transfers).toEqual([8_000 - commission]);
    expect(await ledgerKinds(b.id)).toEqual(['booking:B:capture', 'booking:B:transfer:credits']);
    const lines = await database.db
      .selectFrom('ledgerEntries')
      .innerJoin('ledgerAccounts', 'ledgerAccounts.id', 'ledgerEntries.accountId')
      .innerJoin('ledgerTransactions', 'ledgerTransactions.id', 'ledgerEntries.transactionId')
      .select(['ledgerAccounts.kind', 'ledgerEntries.amountCents'])
      .where('ledgerTransactions.reference', '=', `booking:${b.id}:capture`)
      .execute();
    expect(Object.fromEntries(lines.map((line) => [line.kind, line.amountCents]))).toEqual({
      student_credit: 8_960,
      revenue_booking_fee: -960,
      revenue_commission: -commission,
      instructor_payable: -(8_000 - commission),
    });
    expect(await trialBalance()).toBe(0);
    // Settled once: later runs do nothing.
    clock.advance(3 * 24 * HOUR);
    expect((await timeline.captureDue()).steps).toEqual({});
  });

  const admin: Principal = { kind: 'user', userId: 'admin', sessionId: 's', roles: ['admin'], permissions: permissionsOf(['admin']) };
  const attentionList = async () => (await new PaymentAttentionService({ db: database.db, steps }).list(admin)).items;

  it('a refused transfer of the instructor’s share is tried again 2 h later with its own key, 4 times at most, then waits on the admins’ list', async () => {
    clock.set('2026-10-23T12:00:00Z');
    const startsAt = new Date('2026-10-27T15:00:00Z');
    const b = await aBooking({ startsAt, creditsCents: 8_960, paymentState: 'not_required' });
    at(startsAt, HOUR);
    await timeline.captureDue();
    refusals = { method: 'transfer', left: 4 };
    at(startsAt, 25 * HOUR);
    expect(await timeline.captureDue()).toMatchObject({ steps: { capture: 1, transfer: 1 }, refused: 0 });
    expect(await stepsOf(b.id)).toEqual(['complete#1:succeeded', 'capture#1:succeeded', 'transfer#1:failed', 'transfer#2:open']);
    // Not before its time: the next hourly run leaves it.
    at(startsAt, 26 * HOUR);
    expect((await timeline.captureDue()).steps).toEqual({});
    for (const hours of [27, 29, 31]) {
      at(startsAt, hours * HOUR);
      await timeline.captureDue();
    }
    expect(refusals.left).toBe(0);
    const taken = await steps.steps(database.db, b.id);
    expect(taken.filter((step) => step.step === 'transfer').map((step) => [step.attempt, step.outcome, step.idempotencyKey?.replace(b.id, 'B')])).toEqual([
      [1, 'failed', 'booking:B:transfer'],
      [2, 'failed', 'booking:B:transfer:2'],
      [3, 'failed', 'booking:B:transfer:3'],
      [4, 'failed', 'booking:B:transfer:4'],
    ]);
    // Stopped: later runs ask nothing more, and the booking waits for an admin.
    at(startsAt, 60 * HOUR);
    expect(await timeline.captureDue()).toMatchObject({ steps: {} });
    expect(await stepsOf(b.id)).toHaveLength(6);
    expect(await attentionList()).toContainEqual(expect.objectContaining({ bookingId: b.id, step: 'transfer', attempts: 4, amountCents: expect.any(Number), reason: expect.stringContaining('Insufficient funds') }));
    expect(await ledgerKinds(b.id)).toEqual(['booking:B:capture']);
    expect((await providerObjects(b.id)).transfers).toEqual([]);
    refusals = null;
  });

  it('a transfer refused twice goes through at its third attempt: one transfer, one posting, off the admins’ list', async () => {
    clock.set('2026-10-24T12:00:00Z');
    const startsAt = new Date('2026-10-28T15:00:00Z');
    const b = await aBooking({ startsAt, creditsCents: 3_000 });
    refusals = { method: 'transfer', left: 2 };
    at(startsAt, -24 * HOUR);
    await timeline.authorizeDue();
    for (const hours of [1, 25, 27, 29]) {
      at(startsAt, hours * HOUR);
      await timeline.captureDue();
    }
    expect(await stepsOf(b.id)).toEqual(['authorize#1:succeeded', 'complete#1:succeeded', 'capture#1:succeeded', 'transfer#1:failed', 'transfer#2:failed', 'transfer#3:succeeded']);
    expect((await providerObjects(b.id)).transfers).toHaveLength(2); // the destination charge's and the credit-funded rest, once
    expect(await ledgerKinds(b.id)).toEqual(['booking:B:capture', 'booking:B:transfer', 'booking:B:transfer:credits']);
    expect((await attentionList()).map((item) => item.bookingId)).not.toContain(b.id);
    expect(await trialBalance()).toBe(0);
    refusals = null;
  });

  it('a capture the provider refuses is not retried and shows on the admins’ list (admins only)', async () => {
    clock.set('2026-10-25T12:00:00Z');
    const startsAt = new Date('2026-10-29T15:00:00Z');
    const b = await aBooking({ startsAt });
    at(startsAt, -24 * HOUR);
    await timeline.authorizeDue();
    // The hold is gone before the capture (cancelled at the provider).
    await sdk.paymentIntents.cancel((await booking(b.id)).paymentId!);
    at(startsAt, HOUR);
    await timeline.captureDue();
    at(startsAt, 25 * HOUR);
    expect(await timeline.captureDue()).toMatchObject({ steps: { capture: 1 }, refused: 1 });
    expect(await stepsOf(b.id)).toEqual(['authorize#1:succeeded', 'complete#1:succeeded', 'capture#1:failed']);
    expect(await booking(b.id)).toMatchObject({ paymentState: 'authorized', paymentError: expect.stringContaining('capture refused') });
    expect(await attentionList()).toContainEqual(expect.objectContaining({ bookingId: b.id, step: 'capture', attempts: 1, status: 'completed', paymentState: 'authorized' }));
    at(startsAt, 30 * HOUR);
    expect(await timeline.captureDue()).toMatchObject({ steps: {}, refused: 0 });
    const student: Principal = { kind: 'user', userId: goodStudent.id, sessionId: 's', roles: ['student'], permissions: permissionsOf(['student']) };
    await expect(new PaymentAttentionService({ db: database.db, steps }).list(student)).rejects.toMatchObject({ code: 'forbidden' });
    await expect(new PaymentAttentionService({ db: database.db, steps }).list(null)).rejects.toMatchObject({ code: 'unauthenticated' });
  });

  it('a lesson given while the sweeps were down (no authorization before its end) is charged after it; a declined card puts it on the admins’ list, never retried', async () => {
    clock.set('2026-10-26T12:00:00Z');
    const startsAt = new Date('2026-10-30T15:00:00Z');
    const paid = await aBooking({ startsAt: new Date('2026-10-30T18:00:00Z') });
    const unpaid = await aBooking({ startsAt, student: failingStudent });
    // Nothing ran from T-24 h until after both ended (the hourly sweep comes back first).
    at(new Date('2026-10-30T18:00:00Z'), 2 * HOUR);
    await timeline.captureDue();
    await timeline.authorizeDue();
    // One instant: listed in the timeline's order of steps.
    expect(await stepsOf(paid.id)).toEqual(['authorize#1:succeeded', 'complete#1:succeeded']);
    expect(await booking(paid.id)).toMatchObject({ status: 'completed', paymentState: 'authorized' });
    expect(await stepsOf(unpaid.id)).toEqual(['authorize#1:failed', 'complete#1:succeeded']);
    expect(await booking(unpaid.id)).toMatchObject({ status: 'completed', paymentState: 'authorization_failed' });
    expect(await attentionList()).toContainEqual(expect.objectContaining({ bookingId: unpaid.id, step: 'authorize', attempts: 1, status: 'completed', paymentState: 'authorization_failed' }));
    expect((await attentionList()).map((item) => item.bookingId)).not.toContain(paid.id);
    // Not retried: the timeline's retries all come before a lesson.
    at(startsAt, 30 * HOUR);
    await timeline.authorizeDue();
    await timeline.captureDue();
    expect(await stepsOf(unpaid.id)).toHaveLength(2);
    expect(await trialBalance()).toBe(0);
  });

  /** The no-shows service on the same (possibly refusing) provider, for reports, disputes and findings. */
  const noShowsOf = () => new NoShowsService({ db: database.db, clock, repository, money: new BookingChangeMoney({ ...timelineDeps(), ids }) });
  const partyOf = (userId: string, role: 'student' | 'instructor' | 'admin'): Principal => ({ kind: 'user', userId, sessionId: 's', roles: [role], permissions: permissionsOf([role]) });
  /** An admin who exists (a finding records who made it). */
  async function aRealAdmin(): Promise<Principal> {
    const id = ids();
    await database.db.insertInto('users').values({ id, email: `admin-${id.toLowerCase()}@example.com`, name: 'Ada Admin', passwordHash: 'not-a-real-hash', roles: ['admin'] }).execute();
    return partyOf(id, 'admin');
  }

  it('a hold kept by a disputed no-show report is given back and made again 6 h before it lapses; the late finding captures the new one, once', async () => {
    clock.set('2026-10-27T12:00:00Z');
    const startsAt = new Date('2026-10-31T15:00:00Z');
    const b = await aBooking({ startsAt });
    at(startsAt, -24 * HOUR);
    await timeline.authorizeDue();
    const firstHold = (await booking(b.id)).paymentId!;
    // The instructor says the student did not come; the student disputes: an admin decides.
    at(startsAt, 2 * HOUR);
    await noShowsOf().report(partyOf(instructorId, 'instructor'), b.id);
    await noShowsOf().dispute(partyOf(goodStudent.id, 'student'), b.id, { note: 'I was there' });
    at(startsAt, 30 * HOUR);
    expect((await timeline.captureDue()).steps).toEqual({});
    // 4 days 18 h after T-24 h, less 6 h: the renewal is due (and not an hour before).
    const renewAt = -24 * HOUR + (4 * 24 + 18) * HOUR - 6 * HOUR;
    at(startsAt, renewAt - HOUR);
    expect((await timeline.captureDue()).steps).toEqual({});
    at(startsAt, renewAt);
    expect((await timeline.captureDue()).steps).toEqual({ release: 1, authorize: 1 });
    // The report made the lesson completed (no 'complete' step of the sweep's own).
    expect(await stepsOf(b.id)).toEqual(['authorize#1:succeeded', 'release#1:succeeded', 'authorize#2:succeeded']);
    const renewed = await booking(b.id);
    expect(renewed).toMatchObject({ status: 'completed', paymentState: 'authorized' });
    expect(renewed.paymentId).not.toBe(firstHold);
    expect((await providerObjects(b.id)).intents.map((intent) => intent.status).sort()).toEqual(['canceled', 'requires_capture']);
    // The finding comes two days after the first hold would have lapsed: the student was absent, the renewed hold is captured.
    at(startsAt, 6 * 24 * HOUR);
    await noShowsOf().adminResolve(await aRealAdmin(), b.id, { absent: 'student' });
    await timeline.captureDue();
    expect(await booking(b.id)).toMatchObject({ status: 'no_show_student', paymentState: 'captured' });
    expect((await providerObjects(b.id)).intents.map((intent) => intent.received).sort()).toEqual([0, 8_960]);
    expect(await trialBalance()).toBe(0);
  });

  it('a renewal the card declines leaves the lesson owed, on the admins’ list; an instructor found absent then ends it with nothing held', async () => {
    clock.set('2026-10-28T12:00:00Z');
    const startsAt = new Date('2026-11-01T20:00:00Z');
    const b = await aBooking({ startsAt });
    at(startsAt, -24 * HOUR);
    await timeline.authorizeDue();
    at(startsAt, 2 * HOUR);
    await noShowsOf().report(partyOf(goodStudent.id, 'student'), b.id);
    await noShowsOf().dispute(partyOf(instructorId, 'instructor'), b.id, { note: 'I was there' });
    refusals = { method: 'authorize', left: 1 };
    at(startsAt, (4 * 24 + 18 - 30) * HOUR);
    expect((await timeline.captureDue()).steps).toEqual({ release: 1, authorize: 1 });
    refusals = null;
    expect(await booking(b.id)).toMatchObject({ status: 'completed', paymentState: 'authorization_failed' });
    expect(await attentionList()).toContainEqual(expect.objectContaining({ bookingId: b.id, step: 'authorize', attempts: 2 }));
    // Not tried again by the timeline; the finding: the instructor was absent — nothing is held, nothing charged.
    at(startsAt, 5 * 24 * HOUR);
    await timeline.captureDue();
    expect(await stepsOf(b.id)).toEqual(['authorize#1:succeeded', 'release#1:succeeded', 'authorize#2:failed']);
    await noShowsOf().adminResolve(await aRealAdmin(), b.id, { absent: 'instructor' });
    expect(await booking(b.id)).toMatchObject({ status: 'no_show_instructor' });
    expect((await attentionList()).map((item) => item.bookingId)).not.toContain(b.id);
    expect((await providerObjects(b.id)).intents.every((intent) => intent.received === 0 && intent.status !== 'requires_capture')).toBe(true);
    expect(await trialBalance()).toBe(0);
  });

  it('a hold asked for a move to within 24 h whose process died after the provider answered: the sweep settles it, gives it back (it would lapse before the capture of the lesson, still days ahead) and asks again at T-24 h', async () => {
    clock.set('2026-11-02T12:00:00Z');
    const startsAt = new Date('2026-11-07T15:00:00Z');
    const b = await aBooking({ startsAt });
    crash = { method: 'authorize', when: 'after' };
    await expect(timeline.authorizeAhead(b.id)).rejects.toThrow('died after authorize');
    expect(await stepsOf(b.id)).toEqual(['authorize#1:open']);
    clock.advance(5 * 60_000);
    expect((await timeline.authorizeDue()).steps).toEqual({ authorize: 1, release: 1 });
    expect(await stepsOf(b.id)).toEqual(['authorize#1:succeeded', 'release#1:succeeded']);
    expect(await booking(b.id)).toMatchObject({ status: 'confirmed', paymentState: 'scheduled', authorizedAt: null });
    expect((await providerObjects(b.id)).intents.map((intent) => intent.status)).toEqual(['canceled']);
    // T-24 h: the card asked again (attempt 2, its own key); captured once after the lesson.
    at(startsAt, -24 * HOUR);
    expect((await timeline.authorizeDue()).steps).toEqual({ authorize: 1 });
    at(startsAt, 25 * HOUR);
    await timeline.captureDue();
    expect(await booking(b.id)).toMatchObject({ status: 'completed', paymentState: 'captured' });
    expect((await providerObjects(b.id)).intents.map((intent) => intent.received).sort()).toEqual([0, 8_960]);
    expect(await trialBalance()).toBe(0);
  });

  it('a hold asked for a move whose process died after recording it (the move never made): the next sweep finds it by its index and gives it back; a hold that lasts is left', async () => {
    clock.set('2026-11-04T12:00:00Z');
    const far = await aBooking({ startsAt: new Date('2026-11-10T15:00:00Z') });
    const near = await aBooking({ startsAt: new Date('2026-11-06T15:00:00Z') });
    expect(await timeline.authorizeAhead(far.id)).toBe('authorized');
    expect(await timeline.authorizeAhead(near.id)).toBe('authorized');
    clock.advance(5 * 60_000);
    await timeline.authorizeDue();
    expect(await stepsOf(far.id)).toEqual(['authorize#1:succeeded', 'release#1:succeeded']);
    expect(await booking(far.id)).toMatchObject({ status: 'confirmed', paymentState: 'scheduled', authorizedAt: null });
    // Made 51 h before that lesson's end: it lasts until the capture, and is kept.
    expect(await stepsOf(near.id)).toEqual(['authorize#1:succeeded']);
    expect(await booking(near.id)).toMatchObject({ paymentState: 'authorized' });
    expect((await providerObjects(far.id)).intents.map((intent) => intent.status)).toEqual(['canceled']);
  });

  it('asks a card ahead of its time at most as often as a student may from the lesson page (10 attempts in all), then refuses without a call', async () => {
    clock.set('2026-11-03T12:00:00Z');
    const b = await aBooking({ startsAt: new Date('2026-11-09T15:00:00Z') });
    await database.db.transaction().execute(async (trx) => {
      for (let attempt = 1; attempt <= 10; attempt++) {
        await steps.insertStep(trx, { bookingId: b.id, step: 'authorize', attempt, startedAt: clock.now(), finishedAt: clock.now(), outcome: 'failed' });
        if (attempt < 10) await steps.insertStep(trx, { bookingId: b.id, step: 'release', attempt, startedAt: clock.now(), finishedAt: clock.now(), outcome: 'succeeded' });
      }
    });
    expect(await timeline.authorizeAhead(b.id)).toBe('too_many_attempts');
    expect(await stepsOf(b.id)).toHaveLength(19);
    expect((await providerObjects(b.id)).intents).toEqual([]);
  });

  it('on the daylight-saving weekend (2026-11-01) the steps are elapsed hours: T-24 h is 25 wall-clock hours earlier in New York', async () => {
    clock.set('2026-10-29T12:00:00Z');
    // 10:00 EST on Sunday 1 November = 15:00 UTC; 24 real hours before is 11:00 EDT on Saturday.
    const startsAt = new Date('2026-11-01T15:00:00Z');
    const b = await aBooking({ startsAt });
    clock.set('2026-10-31T14:59:00Z');
    await timeline.authorizeDue();
    expect((await booking(b.id)).paymentState).toBe('scheduled');
    clock.set('2026-10-31T15:00:00Z');
    await timeline.authorizeDue();
    expect((await booking(b.id)).paymentState).toBe('authorized');
    clock.set('2026-11-02T15:59:00Z');
    await timeline.captureDue();
    expect((await booking(b.id)).paymentState).toBe('authorized');
    clock.set('2026-11-02T16:00:00Z');
    await timeline.captureDue();
    expect(await booking(b.id)).toMatchObject({ status: 'completed', paymentState: 'captured' });
    expect(await trialBalance()).toBe(0);
  });

  it('retries a refused card at T-22, T-20 and T-18 h, emails at T-12 h once, and cancels at T-6 h, freeing the time', async () => {
    clock.set('2026-11-05T12:00:00Z');
    const startsAt = new Date('2026-11-08T15:00:00Z');
    const b = await aBooking({ startsAt, student: failingStudent });
    const expected: Array<[number, string]> = [
      [-24, 'authorize#1:failed'],
      [-22, 'authorize#2:failed'],
      [-20, 'authorize#3:failed'],
      [-18, 'authorize#4:failed'],
      [-12, 'payment_failed_notice#1:succeeded'],
      [-6, 'cancel_unpaid#1:succeeded'],
    ];
    const done: string[] = [];
    for (const [hours, step] of expected) {
      at(startsAt, hours * HOUR - MINUTE);
      await timeline.authorizeDue();
      expect(await stepsOf(b.id)).toEqual(done);
      at(startsAt, hours * HOUR);
      await timeline.authorizeDue();
      done.push(step);
      expect(await stepsOf(b.id)).toEqual(done);
    }
    const cancelled = await booking(b.id);
    expect(cancelled).toMatchObject({ status: 'cancelled_by_student', paymentState: 'released', cancelledBy: 'student', cancellationReason: 'payment_failed' });
    // Queued unrendered by the timeline; the send job renders them (run here by hand: no worker in this file).
    const sendJob = sendEmailJob({ repository: new EmailRepository(database.db), email: new OutboxEmailAdapter({ db: database.db, clock, ids }), clock, from: 'InstaInstru <hello@instainstru.example>', publicUrl: 'https://instainstru.example' });
    await sendQueuedEmails(database.db, (payload) => sendJob.handler(payload, { jobId: 'test', retryCount: 0, signal: new AbortController().signal }));
    const mails = await database.db.selectFrom('emailMessages').select(['template', 'toAddress', 'html']).where('userId', '=', failingStudent.id).orderBy('createdAt').execute();
    // The T-12 h notice once, then the T-6 h cancellation (both parties are told of it).
    expect(mails.map((mail) => mail.template)).toEqual(['payment_failed', 'booking_cancelled']);
    expect(mails[0]!.html).toContain(`https://instainstru.example/lessons/${b.id}?pay=1`);
    // Four refused attempts at the provider, none holding money; nothing else happens later.
    const objects = await providerObjects(b.id);
    expect(objects.intents).toHaveLength(4);
    expect(objects.intents.every((intent) => intent.received === 0 && intent.status !== 'requires_capture')).toBe(true);
    clock.advance(3 * 24 * HOUR);
    await timeline.authorizeDue();
    await timeline.captureDue();
    expect((await booking(b.id)).status).toBe('cancelled_by_student');
    expect(freed).toBeGreaterThan(0);
    expect(await trialBalance()).toBe(0);
  });

  it('a retry that goes through keeps the lesson; its timeline reads what happened and what comes next', async () => {
    clock.set('2026-11-12T12:00:00Z');
    const startsAt = new Date('2026-11-15T15:00:00Z');
    const b = await aBooking({ startsAt });
    // The card is refused at T-24 h (provider answers "declined" once), then accepted at T-22 h.
    const refuseOnce = real.authorize.bind(real);
    let refusals = 1;
    real.authorize = async (input) => (refusals-- > 0 ? refuseOnce({ ...input, paymentMethodId: failingStudent.card, customerId: (await customerOf(failingStudent.id))! }) : refuseOnce(input));
    try {
      at(startsAt, -24 * HOUR);
      await timeline.authorizeDue();
      expect((await booking(b.id)).paymentState).toBe('authorization_failed');
      const mid = paymentTimelineOf(await booking(b.id), await steps.steps(database.db, b.id), clock.nowMs());
      expect(mid).toMatchObject({
        authorizeAt: '2026-11-14T15:00:00.000Z',
        retryAt: ['2026-11-14T17:00:00.000Z', '2026-11-14T19:00:00.000Z', '2026-11-14T21:00:00.000Z'],
        paymentFailedNoticeAt: '2026-11-15T03:00:00.000Z',
        cancelUnpaidAt: '2026-11-15T09:00:00.000Z',
        captureAt: '2026-11-16T16:00:00.000Z',
        next: { step: 'retry_authorize', dueAt: '2026-11-14T17:00:00.000Z' },
        steps: [{ step: 'authorize', attempt: 1, outcome: 'failed' }],
      });
      at(startsAt, -22 * HOUR);
      await timeline.authorizeDue();
    } finally {
      real.authorize = refuseOnce;
    }
    expect(await booking(b.id)).toMatchObject({ status: 'confirmed', paymentState: 'authorized', paymentError: null });
    expect(await stepsOf(b.id)).toEqual(['authorize#1:failed', 'authorize#2:succeeded']);
    at(startsAt, -6 * HOUR);
    await timeline.authorizeDue();
    expect((await booking(b.id)).status).toBe('confirmed');
    at(startsAt, 25 * HOUR);
    await timeline.captureDue();
    expect((await booking(b.id)).paymentState).toBe('captured');
    expect((await providerObjects(b.id)).intents.filter((intent) => intent.received > 0)).toHaveLength(1);
    expect(await trialBalance()).toBe(0);
  });

  const customerOf = (userId: string) => repository.customerOf(database.db, userId);

  it('the authorization made at booking (within 24 h) is attempt 1 of the same code; the sweep closes its record and never asks twice', async () => {
    clock.set('2026-11-18T12:00:00Z');
    const b = await aBooking({ startsAt: new Date('2026-11-19T09:00:00Z'), pending: true });
    // What the bookings service does for a lesson less than 24 h away (booking-payment.ts).
    const atBooking = new BookingPayment({ db: database.db, clock, payments: real, repository });
    expect(await atBooking.recordIntent(b.id)).toBe(true);
    const outcome = await atBooking.authorize(b, { customerId: (await customerOf(goodStudent.id))!, destinationAccountId: accountId, founding: false });
    expect(outcome.kind).toBe('authorized');
    const paymentId = outcome.kind === 'authorized' ? outcome.payment.id : null;
    await database.db.transaction().execute((trx) =>
      repository.update(trx, b.id, ['pending_payment'], { status: 'confirmed', paymentState: 'authorized', paymentId, paymentStep: null, authorizedAt: clock.now(), holdExpiresAt: null, updatedAt: clock.now() }),
    );
    expect(await stepsOf(b.id)).toEqual(['authorize#1:open']);
    await timeline.authorizeDue();
    expect(await stepsOf(b.id)).toEqual(['authorize#1:succeeded']);
    expect(await booking(b.id)).toMatchObject({ status: 'confirmed', paymentState: 'authorized', paymentId });
    expect(await providerObjects(b.id)).toMatchObject({ intents: [{ status: 'requires_capture', amount: 8_960 }] });
    clock.set('2026-11-20T10:00:00Z');
    await timeline.captureDue();
    expect(await booking(b.id)).toMatchObject({ status: 'completed', paymentState: 'captured' });
    expect((await providerObjects(b.id)).intents).toEqual([{ status: 'succeeded', amount: 8_960, received: 8_960 }]);
    expect(await trialBalance()).toBe(0);
  });

  it("leaves a booking whose payment lock another process holds ('booking:{id}:payment'), and takes it once the lock is free", async () => {
    clock.set('2026-11-21T12:00:00Z');
    const startsAt = new Date('2026-11-22T11:00:00Z');
    const b = await aBooking({ startsAt });
    const locks = new MemoryLocks(clock);
    const locked = new BookingPayments({ ...timelineDeps(), locks });
    const other = (await locks.tryAcquire(`booking:${b.id}:payment`, 60_000))!;
    await locked.authorizeDue();
    expect(await stepsOf(b.id)).toEqual([]);
    await other.release();
    await locked.authorizeDue();
    expect(await stepsOf(b.id)).toEqual(['authorize#1:succeeded']);
    at(startsAt, 25 * HOUR);
    await locked.captureDue();
    expect(await stepsOf(b.id)).toEqual(['authorize#1:succeeded', 'complete#1:succeeded', 'capture#1:succeeded']);
  });

  const CRASH_POINTS: Array<CrashPoint & { credits: boolean }> = [
    { method: 'authorize', when: 'before', credits: false },
    { method: 'authorize', when: 'after', credits: false },
    { method: 'capture', when: 'before', credits: false },
    { method: 'capture', when: 'after', credits: false },
    { method: 'capture', when: 'after', credits: true },
    { method: 'transfer', when: 'before', credits: true },
    { method: 'transfer', when: 'after', credits: true },
  ];
  const RUNS_PER_POINT = 15;

  it(`survives a crash at every provider step boundary (${CRASH_POINTS.length * RUNS_PER_POINT} runs): one authorization, one charge, one transfer each`, async () => {
    let runs = 0;
    clock.set('2026-11-25T12:00:00Z');
    for (let round = 0; round < RUNS_PER_POINT; round++) {
      for (const point of CRASH_POINTS) {
        const startsAt = new Date(clock.nowMs() + 30 * HOUR);
        // 3,000 cents of credit: the card pays 5,960, less than the instructor's share, so the platform transfers the rest.
        const b = await aBooking({ startsAt, creditsCents: point.credits ? 3_000 : 0 });
        const before = crashed;
        crash = { method: point.method, when: point.when };
        at(startsAt, -24 * HOUR);
        await sweepThroughCrashes(() => timeline.authorizeDue());
        at(startsAt, 25 * HOUR);
        await sweepThroughCrashes(() => timeline.captureDue());
        crash = null;
        expect(crashed - before, `${point.method} ${point.when}`).toBe(1);

        const row = await booking(b.id);
        expect(row, `${point.method} ${point.when}`).toMatchObject({ status: 'completed', paymentState: 'captured' });
        const objects = await providerObjects(b.id);
        const card = 8_960 - (point.credits ? 3_000 : 0);
        expect(objects.intents).toEqual([{ status: 'succeeded', amount: card, received: card }]);
        const share = objects.transfers.reduce((sum, amount) => sum + amount, 0) - objects.fees.reduce((sum, amount) => sum + amount, 0);
        expect(objects.fees).toHaveLength(point.credits ? 0 : 1);
        expect(objects.transfers).toHaveLength(point.credits ? 2 : 1);
        // The instructor's share is the lesson less the commission, paid once.
        expect(share).toBeGreaterThan(8_000 * 0.7);
        expect(share).toBeLessThan(8_000);
        expect(await stepsOf(b.id)).toEqual(
          point.credits
            ? ['authorize#1:succeeded', 'complete#1:succeeded', 'capture#1:succeeded', 'transfer#1:succeeded']
            : ['authorize#1:succeeded', 'complete#1:succeeded', 'capture#1:succeeded'],
        );
        expect(await ledgerKinds(b.id)).toEqual(point.credits ? ['booking:B:capture', 'booking:B:transfer', 'booking:B:transfer:credits'] : ['booking:B:capture', 'booking:B:transfer']);
        expect(await trialBalance()).toBe(0);
        runs += 1;
        clock.advance(HOUR);
      }
    }
    expect(runs).toBe(CRASH_POINTS.length * RUNS_PER_POINT);
  }, 240_000);
});

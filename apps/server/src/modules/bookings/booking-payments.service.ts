import { PaymentError } from '../../integrations/payments/payment-error.ts';
import type { Payment, PaymentsPort } from '../../integrations/payments/payments.port.ts';
import type { Clock } from '../../platform/clock.ts';
import { forEachConcurrently } from '../../platform/concurrency.ts';
import type { Db, Tx } from '../../platform/db/database.ts';
import { LockTimeoutError, withLock, type Locks } from '../../platform/lock/lock.port.ts';
import { rewriteFreeTime } from '../availability/free-time.repository.ts';
import type { LedgerService } from '../ledger/ledger.service.ts';
import { instructorTransferred, lessonCaptured } from '../ledger/postings.policy.ts';
import { BookingEmails } from './booking-emails.ts';
import { commissionTierAt } from './commission-tier.repository.ts';
import type { EmailService } from '../notifications/email.service.ts';
import { commissionCents, destinationFeeCents } from '../payments/fees.policy.ts';
import { authorizeKey, AWAITING_BANK, BookingPayment, captureKey, ON_SESSION_INTENT, reauthorizationReleaseKey, transferKey } from './booking-payment.ts';
import { captureProviderIds } from './booking-change-money.ts';
import type { PaymentStepKind } from './booking-payment-steps.tables.ts';
import { PROVIDER_STEPS, timelineAttempts, type BookingPaymentsRepository, type PaymentStepRow } from './booking-payments.repository.ts';
import { canPaymentTransition, paymentTransition, transition } from './booking.policy.ts';
import type { BookingRow, BookingsRepository } from './bookings.repository.ts';
import type { BookingStatus } from './booking-states.ts';
import { authorizationAttemptsLeft, lessonCompletionDue, nextPaymentStep, paymentSchedule, transferRetry } from './payment-timeline.policy.ts';


export interface BookingPaymentsDeps {
  db: Db;
  clock: Clock;
  payments: PaymentsPort;
  repository: BookingsRepository;
  steps: BookingPaymentsRepository;
  ledger: Pick<LedgerService, 'post'>;
  emails: Pick<EmailService, 'queue' | 'queueAll'>;
  /** Across processes when Redis is configured; the row lock alone serializes otherwise. */
  locks?: Locks | undefined;
  freeTimeChanged: () => Promise<void>;
}

/** What one run of a sweep did, for its logs and tests. */
export interface SweepReport {
  bookings: number;
  steps: Partial<Record<PaymentStepKind, number>>;
  /** Steps left for the next run because the provider was unavailable. */
  deferred: number;
  /** Provider steps refused for good in this run: the booking is on the admins' payment attention list. */
  refused: number;
}

/** How a provider step ended: done (or a retry written), left for the next run, or refused for good (an admin's to look at). */
type StepResult = 'finished' | 'unavailable' | 'refused';
/** The statuses whose lesson is still to be paid for by card: an authorization made for any other is given back. */
const CARD_PAYING_STATUSES: readonly BookingStatus[] = ['confirmed', 'completed', 'no_show_student'];

/** A provider call decided under the row lock and made after it: the intent row already written. */
type Plan = { kind: 'call'; booking: BookingRow; step: PaymentStepRow } | { kind: 'done'; step: PaymentStepKind; freedTime: boolean } | { kind: 'idle' };

const AUTHORIZATION_STEPS: readonly PaymentStepKind[] = ['release', 'authorize'];
const CAPTURE_STEPS: readonly PaymentStepKind[] = ['capture', 'transfer'];
/** Steps one booking may take in one run (an outage's catch-up); more waits for the next run. */
const MAX_STEPS_PER_BOOKING = 8;
/**
 * Bookings a sweep advances at once: each waits mostly on the provider and the database, so a few
 * in flight make 10,000 due bookings minutes shorter; few enough to leave the process's pool of
 * connections to the rest. Each booking is still one at a time (its row lock, its Redis lock).
 */
const SWEEP_CONCURRENCY = 4;

/**
 * The 24-hour payment timeline as two sweeps (issue 11 items 4 and 7; ARCHITECTURE "Time-driven
 * workflows are sweeps" and "Money steps"): what is due is decided by the Clock through
 * `nextPaymentStep` (payment-timeline.policy.ts), each booking's steps one at a time (a few bookings at once):
 *   1. under the row lock (SELECT … FOR UPDATE, short transaction) the next step is chosen and,
 *      for a provider step, its intent (step, attempt, idempotency key, amounts) is written;
 *   2. the provider is called OUTSIDE any transaction with that key;
 *   3. the result, the booking's change (through booking.policy's machines) and its ledger
 *      postings commit in one transaction that also finishes the intent.
 * A process dying between 2 and 3 leaves the intent unfinished: the next run finds it (each sweep
 * also picks up its own half-done steps: the bookings' health check) and asks the provider again
 * with the same key, which answers the first result — never a second authorization, charge or
 * transfer. Steps without a provider call (the payment_failed notice, the T-6 h cancellation,
 * the lesson's completion) are done whole in step 1's transaction.
 */
export class BookingPayments {
  private readonly payment: BookingPayment;

  constructor(private readonly deps: BookingPaymentsDeps) {
    this.payment = new BookingPayment(deps);
  }

  /** Every 5 minutes: authorizations at T-24 h and their retries, the T-12 h notice, the T-6 h cancellation. */
  async authorizeDue(options: { batch?: number } = {}): Promise<SweepReport> {
    const batch = options.batch ?? 100;
    const report = newReport();
    const open = await this.deps.steps.withOpenSteps(this.deps.db, AUTHORIZATION_STEPS, batch, this.deps.clock.now());
    await forEachConcurrently(open, SWEEP_CONCURRENCY, (id) => this.advance(id, report));
    // Holds made too early to last until their capture: given back (payment-timeline.policy.ts).
    const early = await this.deps.steps.earlyHolds(this.deps.db, batch);
    await forEachConcurrently(early, SWEEP_CONCURRENCY, (row) => this.advance(row.id, report));
    let after: { startsAt: Date; id: string } | null = null;
    for (;;) {
      const rows = await this.deps.steps.authorizationCandidates(this.deps.db, { now: this.deps.clock.now(), after, limit: batch });
      await forEachConcurrently(rows, SWEEP_CONCURRENCY, (row) => this.advance(row.id, report));
      if (rows.length < batch) return report;
      const last = rows[rows.length - 1]!;
      after = { startsAt: last.startsAt, id: last.id };
    }
  }

  /** Hourly: lessons that ended become completed; 24 h later their payment is captured and the instructor's share transferred. */
  async captureDue(options: { batch?: number } = {}): Promise<SweepReport> {
    const batch = options.batch ?? 100;
    const report = newReport();
    const open = await this.deps.steps.withOpenSteps(this.deps.db, CAPTURE_STEPS, batch, this.deps.clock.now());
    await forEachConcurrently(open, SWEEP_CONCURRENCY, (id) => this.advance(id, report));
    let after: { endsAt: Date; id: string } | null = null;
    for (;;) {
      const rows = await this.deps.steps.captureCandidates(this.deps.db, { now: this.deps.clock.now(), after, limit: batch });
      await forEachConcurrently(rows, SWEEP_CONCURRENCY, (row) => this.advance(row.id, report));
      if (rows.length < batch) return report;
      const last = rows[rows.length - 1]!;
      after = { endsAt: last.endsAt, id: last.id };
    }
  }

  /** Takes every step of one booking that is due now, in order. */
  async advance(bookingId: string, report: SweepReport = newReport()): Promise<SweepReport> {
    const run = async () => {
      report.bookings += 1;
      for (let taken = 0; taken < MAX_STEPS_PER_BOOKING; taken++) {
        const plan = await this.plan(bookingId);
        if (plan.kind === 'idle') return;
        if (plan.kind === 'done') {
          count(report, plan.step);
          if (plan.freedTime) await this.deps.freeTimeChanged();
          continue;
        }
        const finished = await this.call(plan.booking, plan.step);
        if (finished === 'unavailable') {
          report.deferred += 1;
          return;
        }
        if (finished === 'refused') report.refused += 1;
        count(report, plan.step.step);
      }
    };
    const locks = this.deps.locks;
    if (!locks) await run();
    // Another process on this booking: it does the step; this run leaves it (the row lock is the guarantee either way).
    else await withLock(locks, `booking:${bookingId}:payment`, { ttlMs: 60_000 }, run).catch((error: unknown) => {
      if (!(error instanceof LockTimeoutError)) throw error;
    });
    return report;
  }

  /** Step 1: under the row lock, the step due now: done whole, or its intent written. */
  private async plan(bookingId: string): Promise<Plan> {
    const { db, clock, repository, steps } = this.deps;
    return db.transaction().execute(async (trx): Promise<Plan> => {
      const row = await repository.lock(trx, bookingId);
      if (!row || row.status === 'pending_payment') return { kind: 'idle' };
      const done = await steps.steps(trx, bookingId);
      const now = clock.now();
      const nowMs = now.getTime();
      // A refused transfer's retry is written ahead with its due time: not before then.
      const open = done.find((step) => step.finishedAt === null && PROVIDER_STEPS.includes(step.step) && step.startedAt.getTime() <= nowMs);
      if (open) return { kind: 'call', booking: row, step: open };

      // A lesson reported as a no-show is still turned `completed` at its end: the report (open or
      // resolved) decides its final status and holds the capture below.
      if (lessonCompletionDue({ status: row.status, paymentState: row.paymentState, endsAtMs: row.endsAt.getTime(), nowMs })) {
        await repository.update(trx, row.id, ['confirmed'], { status: transition(row.status, { type: 'lesson_ended' }), updatedAt: now });
        await steps.insertStep(trx, { bookingId: row.id, step: 'complete', attempt: 1, startedAt: now, finishedAt: now, outcome: 'succeeded' });
        return { kind: 'done', step: 'complete', freedTime: false };
      }

      // A capture that failed for good (the provider refused it) waits for an admin, not for the next run.
      if (done.some((step) => step.step === 'capture' && step.outcome === 'failed')) return { kind: 'idle' };
      const attempts = timelineAttempts(done);
      const next = nextPaymentStep({
        startsAtMs: row.startsAt.getTime(),
        endsAtMs: row.endsAt.getTime(),
        createdAtMs: row.createdAt.getTime(),
        status: row.status,
        paymentState: row.paymentState,
        attempts: attempts.counted,
        noticeSent: done.some((step) => step.step === 'payment_failed_notice'),
        // A no-show report still open holds the capture (PRODUCT.md §5: the other side may dispute).
        noShowReportOpen: await steps.noShowReportOpen(trx, row.id),
        captureTaken: done.some((step) => step.step === 'capture'),
        authorizedAtMs: row.authorizedAt?.getTime() ?? null,
        // A hold given back after the lesson ended is a renewal (a move's reauthorization comes before it).
        holdRenewals: done.filter((step) => step.step === 'release' && step.startedAt >= row.endsAt).length,
        nowMs,
      });
      if (!next.due) return { kind: 'idle' };
      switch (next.step) {
        case 'authorize':
        case 'retry_authorize':
          return { kind: 'call', booking: row, step: await this.writeAuthorizeIntent(trx, row, attempts.next, now) };
        case 'send_payment_failed_notice':
          await this.queuePaymentFailed(trx, row);
          await steps.insertStep(trx, { bookingId: row.id, step: 'payment_failed_notice', attempt: 1, startedAt: now, finishedAt: now, outcome: 'succeeded' });
          return { kind: 'done', step: 'payment_failed_notice', freedTime: false };
        case 'cancel_unpaid':
          await repository.update(trx, row.id, ['confirmed'], {
            status: transition(row.status, { type: 'cancelled', by: 'student', reason: 'payment_failed' }),
            paymentState: paymentTransition(row.paymentState, { type: 'released' }),
            cancelledAt: now,
            cancelledBy: 'student',
            cancellationReason: 'payment_failed',
            updatedAt: now,
          });
          await repository.releaseCreditUses(trx, row.id);
          await rewriteFreeTime(trx, [row.instructorId]);
          // Neither party chose it: both are told (as for an admin's cancellation).
          await new BookingEmails({ emails: this.deps.emails }).queueBookingCancelled(trx, row.id, {
            by: 'admin',
            summary: {
              student: 'Your card could not be charged, so the lesson was cancelled and the time released. Nothing was charged; any credit you used is back in your account.',
              instructor: 'The student’s card could not be charged, so the lesson was cancelled and the time is free again.',
            },
          });
          await steps.insertStep(trx, { bookingId: row.id, step: 'cancel_unpaid', attempt: 1, startedAt: now, finishedAt: now, outcome: 'succeeded' });
          // A card tried on the lesson page whose bank still waits on the student: cancelled at the
          // provider (the next step of this run), so approving it later holds no money.
          for (const waiting of done.filter((step) => step.step === 'authorize' && step.detail === AWAITING_BANK && step.providerId)) {
            await steps.insertStep(trx, { bookingId: row.id, step: 'release', attempt: waiting.attempt, idempotencyKey: reauthorizationReleaseKey(row.id, waiting.attempt), providerId: waiting.providerId, startedAt: now });
          }
          return { kind: 'done', step: 'cancel_unpaid', freedTime: true };
        case 'capture': {
          if (row.paymentState === 'not_required') {
            await this.settleCreditsOnly(trx, row);
            return { kind: 'done', step: 'capture', freedTime: false };
          }
          const fees = await this.captureFees(trx, row);
          const step = { bookingId: row.id, step: 'capture' as const, attempt: 1, idempotencyKey: captureKey(row.id), ...fees, startedAt: now };
          await steps.insertStep(trx, step);
          return { kind: 'call', booking: row, step: { ...step, finishedAt: null, outcome: null, providerId: null, detail: null } };
        }
        case 'renew_authorization': {
          // A hold that would lapse before its capture is given back, and the card asked again
          // (the next attempt, off session): at once for an open no-show report, so a late finding
          // still has a hold to capture (a decline leaves the lesson owed, on the admins' payment
          // attention list); at T-24 h for a lesson ahead holding one made too early.
          await repository.update(trx, row.id, [row.status], { paymentState: paymentTransition(row.paymentState, { type: 'reauthorization_needed' }), authorizedAt: null, updatedAt: now });
          return { kind: 'call', booking: row, step: await recordHoldRelease(trx, steps, row, now) };
        }
        case 'none':
          return { kind: 'idle' };
      }
    });
  }

  /** The intent of authorization attempt `attempt` (its own key), before the provider is called. */
  private async writeAuthorizeIntent(trx: Tx, row: BookingRow, attempt: number, now: Date): Promise<PaymentStepRow> {
    const step = { bookingId: row.id, step: 'authorize' as const, attempt, idempotencyKey: authorizeKey(row.id, attempt), amountCents: row.totalCents - row.creditsCents, startedAt: now };
    await this.deps.steps.insertStep(trx, step);
    return { ...step, applicationFeeCents: null, commissionCents: null, finishedAt: null, outcome: null, providerId: null, detail: null };
  }

  /**
   * The timeline's authorization taken NOW, ahead of its time, for a lesson whose card is not held
   * yet: a student moving it to within 24 h (booking-changes.service.ts) is asked for the card
   * before the move, as a booking made that late is at checkout. The sweep's own step (intent,
   * the call with the next attempt's key, the result), so a crash is resumed by the sweep and a
   * decline is the timeline's failed attempt: its retries, notice and T-6 h cancellation follow.
   * `busy`: another step of this booking is under way (the sweep, or a process that died in one).
   */
  async authorizeAhead(bookingId: string): Promise<'authorized' | 'refused' | 'unavailable' | 'busy' | 'not_needed' | 'too_many_attempts'> {
    const { db, clock, repository, steps } = this.deps;
    const run = async () => {
      const planned = await db.transaction().execute(async (trx) => {
        const row = await repository.lock(trx, bookingId);
        if (!row || row.status !== 'confirmed' || row.paymentState !== 'scheduled') return 'not_needed' as const;
        const done = await steps.steps(trx, bookingId);
        if (row.paymentStep !== null || done.some((step) => step.finishedAt === null && PROVIDER_STEPS.includes(step.step))) return 'busy' as const;
        const attempts = timelineAttempts(done);
        if (!authorizationAttemptsLeft(attempts.made)) return 'too_many_attempts' as const;
        return { booking: row, step: await this.writeAuthorizeIntent(trx, row, attempts.next, clock.now()) };
      });
      if (typeof planned === 'string') return planned;
      if ((await this.call(planned.booking, planned.step)) === 'unavailable') return 'unavailable';
      const after = await repository.find(db, bookingId);
      if (after?.paymentState === 'authorized') return 'authorized';
      // Declined; anything else means the booking changed meanwhile (cancelled, another step): try again.
      return after?.paymentState === 'authorization_failed' ? 'refused' : 'busy';
    };
    const locks = this.deps.locks;
    if (!locks) return run();
    try {
      return await withLock(locks, `booking:${bookingId}:payment`, { ttlMs: 60_000, waitMs: 5_000 }, run);
    } catch (error) {
      if (error instanceof LockTimeoutError) return 'busy';
      throw error;
    }
  }

  /** Steps 2 and 3 of a provider step. */
  private async call(booking: BookingRow, step: PaymentStepRow): Promise<StepResult> {
    if (step.step === 'release') return this.releaseStep(booking, step);
    if (step.step === 'authorize') return this.authorizeStep(booking, step);
    if (step.step === 'capture') return this.captureStep(booking, step);
    return this.transferStep(booking, step);
  }

  private async authorizeStep(booking: BookingRow, step: PaymentStepRow): Promise<StepResult> {
    const { db, clock, repository, steps } = this.deps;
    const payer = await steps.payer(db, booking);
    const outcome =
      payer.customerId && payer.accountId && booking.paymentMethodId
        ? await this.payment.authorize(booking, { customerId: payer.customerId, destinationAccountId: payer.accountId, founding: payer.founding, attempt: step.attempt, onSession: step.detail === ON_SESSION_INTENT })
        : ({ kind: 'refused', reason: 'no saved card or payout account to charge', code: 'missing_payment_details', paymentId: null } as const);
    if (outcome.kind === 'unavailable') return 'unavailable';
    const release = await db.transaction().execute(async (trx) => {
      const row = await repository.lock(trx, booking.id);
      const now = clock.now();
      const key = { bookingId: booking.id, step: 'authorize' as const, attempt: step.attempt };
      const paymentId = outcome.kind === 'authorized' ? outcome.payment.id : outcome.paymentId;
      const event = outcome.kind === 'authorized' ? ({ type: 'authorize_succeeded' } as const) : ({ type: 'authorize_failed' } as const);
      // The booking moved on while the call ran (cancelled, or the booking-time attempt settled by the booking itself).
      // Only a lesson still to be paid for holds it (an instructor found absent meanwhile does not).
      const takes = row && CARD_PAYING_STATUSES.includes(row.status) && canPaymentTransition(row.paymentState, event);
      if (!takes) {
        const own = row?.paymentId === paymentId && paymentId !== null;
        await steps.finishStep(trx, key, { finishedAt: now, outcome: own ? (outcome.kind === 'authorized' ? 'succeeded' : 'failed') : 'superseded', providerId: paymentId });
        // An authorization nobody will capture is given back (the booking is not holding it).
        return outcome.kind === 'authorized' && !own && row?.status !== 'pending_payment' ? outcome.payment.id : null;
      }
      if (!(await steps.finishStep(trx, key, { finishedAt: now, outcome: outcome.kind === 'authorized' ? 'succeeded' : 'failed', providerId: paymentId, detail: outcome.kind === 'refused' ? outcome.reason : null }))) return null;
      await repository.update(trx, booking.id, [row.status], {
        paymentState: paymentTransition(row.paymentState, event),
        paymentId: paymentId ?? row.paymentId,
        paymentError: outcome.kind === 'refused' ? outcome.reason.slice(0, 500) : null,
        ...(outcome.kind === 'authorized' ? { authorizedAt: now } : {}),
        updatedAt: now,
      });
      return null;
    });
    if (release) await this.payment.release(booking.id, release);
    return 'finished';
  }

  /** A hold given back for a reauthorization (booking-changes.service.ts wrote it), resumed after a crash or an outage. */
  private async releaseStep(booking: BookingRow, step: PaymentStepRow): Promise<StepResult> {
    return (await releaseHeld(this.deps, booking.id, step)) ? 'finished' : 'unavailable';
  }

  private async captureStep(booking: BookingRow, step: PaymentStepRow): Promise<StepResult> {
    const { db, clock, repository, steps, ledger, payments } = this.deps;
    const key = { bookingId: booking.id, step: 'capture' as const, attempt: step.attempt };
    let payment: Payment;
    try {
      payment = await payments.capture({ paymentId: booking.paymentId!, applicationFeeCents: step.applicationFeeCents!, idempotencyKey: step.idempotencyKey! });
    } catch (error) {
      if (!(error instanceof PaymentError)) throw error;
      if (error.kind === 'unavailable') return 'unavailable';
      // Not retried (the hold is gone, or the amount is wrong): the booking is on the admins' payment attention list.
      const recorded = await db.transaction().execute(async (trx) => {
        if (!(await steps.finishStep(trx, key, { finishedAt: clock.now(), outcome: 'failed', providerId: booking.paymentId, detail: error.message }))) return false;
        await repository.update(trx, booking.id, [booking.status], { paymentError: `capture refused: ${error.message}`.slice(0, 500), updatedAt: clock.now() });
        return true;
      });
      return recorded ? 'refused' : 'finished';
    }
    await db.transaction().execute(async (trx) => {
      const row = (await repository.lock(trx, booking.id))!;
      const now = clock.now();
      if (!(await steps.finishStep(trx, key, { finishedAt: now, outcome: 'succeeded', providerId: payment.id }))) return;
      await repository.update(trx, booking.id, [row.status], { paymentState: paymentTransition(row.paymentState, { type: 'captured' }), paymentError: null, updatedAt: now });
      const commission = step.commissionCents!;
      // The destination charge moved the card's share less the application fee at capture.
      const moved = payment.capturedCents - step.applicationFeeCents!;
      const ids = captureProviderIds(payment, moved > 0);
      await ledger.post(
        trx,
        lessonCaptured({
          bookingId: row.id,
          lessonCents: row.lessonCents,
          bookingFeeCents: row.bookingFeeCents,
          commissionCents: commission,
          // The provider's own fee on the charge, as it reported it at capture.
          providerFeeCents: payment.providerFeeCents ?? 0,
          creditAppliedCents: row.creditsCents,
          instructorId: row.instructorId,
          studentId: row.studentId,
          providerIds: ids.capture,
        }),
      );
      if (moved > 0) {
        await ledger.post(trx, instructorTransferred({ reference: transferKey(row.id), instructorId: row.instructorId, amountCents: moved, balance: 'pending', providerIds: ids.transfer }));
      }
      // Credits the platform funded paid part of the lesson: the rest of the share is a transfer of its own.
      const rest = row.lessonCents - commission - Math.max(0, moved);
      if (rest > 0) await steps.insertStep(trx, { bookingId: row.id, step: 'transfer', attempt: 1, idempotencyKey: transferKey(row.id), amountCents: rest, startedAt: now });
    });
    return 'finished';
  }

  private async transferStep(booking: BookingRow, step: PaymentStepRow): Promise<StepResult> {
    const { db, clock, steps, ledger, payments } = this.deps;
    const key = { bookingId: booking.id, step: 'transfer' as const, attempt: step.attempt };
    const payer = await steps.payer(db, booking);
    try {
      if (!payer.accountId) throw new PaymentError('invalid', 'the instructor has no payout account', { code: 'no_payout_account' });
      const transfer = await payments.transfer({
        destinationAccountId: payer.accountId,
        amountCents: step.amountCents!,
        transferGroup: `booking_${booking.id}`,
        description: `Lesson ${booking.id}: the part paid with platform credit`,
        idempotencyKey: step.idempotencyKey!,
      });
      await db.transaction().execute(async (trx) => {
        await this.deps.repository.lock(trx, booking.id);
        if (!(await steps.finishStep(trx, key, { finishedAt: clock.now(), outcome: 'succeeded', providerId: transfer.id }))) return;
        // One posting whichever attempt went through.
        await ledger.post(trx, instructorTransferred({ reference: `${transferKey(booking.id)}:credits`, instructorId: booking.instructorId, amountCents: transfer.amountCents, balance: 'available', providerIds: [transfer.id] }));
      });
    } catch (error) {
      if (!(error instanceof PaymentError)) throw error;
      if (error.kind === 'unavailable') return 'unavailable';
      // Refused (the platform's balance short, the account restricted): the provider would answer
      // this key's refusal again, so the attempt ends here; the next one, with its own key, is
      // written due 2 h later (payment-timeline.policy transferRetry), until the attempts are used up.
      const refusedAt = clock.now();
      const retry = transferRetry(step.attempt, refusedAt.getTime());
      const recorded = await db.transaction().execute(async (trx) => {
        await this.deps.repository.lock(trx, booking.id);
        if (!(await steps.finishStep(trx, key, { finishedAt: refusedAt, outcome: 'failed', detail: `transfer refused: ${error.message}` }))) return false;
        if (retry) {
          await steps.insertStep(trx, { bookingId: booking.id, step: 'transfer', attempt: retry.attempt, idempotencyKey: transferKey(booking.id, retry.attempt), amountCents: step.amountCents, startedAt: new Date(retry.dueAtMs) });
        }
        return true;
      });
      return recorded && !retry ? 'refused' : 'finished';
    }
    return 'finished';
  }

  /**
   * The "capture" of a lesson paid wholly with credit (payment `not_required`), in the plan's
   * transaction: no card to charge, so the credit the student spent becomes the booking fee and
   * the commission (the platform's revenue) and the instructor's payable (lessonCaptured with no
   * card line), and the instructor's share is a transfer from the platform's balance with its
   * own key (`booking:{id}:transfer`), as the credit-funded part of a partly credited lesson is:
   * its intent is written here and the transfer step makes it.
   */
  private async settleCreditsOnly(trx: Tx, row: BookingRow): Promise<void> {
    const { clock, steps, ledger } = this.deps;
    const now = clock.now();
    const { commissionCents: commission } = await this.captureFees(trx, row);
    await ledger.post(
      trx,
      lessonCaptured({
        bookingId: row.id,
        lessonCents: row.lessonCents,
        bookingFeeCents: row.bookingFeeCents,
        commissionCents: commission,
        providerFeeCents: 0,
        creditAppliedCents: row.creditsCents,
        instructorId: row.instructorId,
        studentId: row.studentId,
      }),
    );
    await steps.insertStep(trx, { bookingId: row.id, step: 'capture', attempt: 1, amountCents: 0, applicationFeeCents: 0, commissionCents: commission, startedAt: now, finishedAt: now, outcome: 'succeeded' });
    const share = row.lessonCents - commission;
    if (share > 0) await steps.insertStep(trx, { bookingId: row.id, step: 'transfer', attempt: 1, idempotencyKey: transferKey(row.id), amountCents: share, startedAt: now });
  }

  /** The commission by the instructor's tier at the lesson's completion, and the application fee the capture restates. */
  private async captureFees(trx: Tx, row: BookingRow) {
    const payer = await this.deps.steps.payer(trx, row);
    // The tier at completion: the lessons completed in the 90 days up to this one's end.
    const tier = await commissionTierAt(trx, { id: row.instructorId, founding: payer.founding }, row.endsAt.getTime());
    const commission = commissionCents(row.lessonCents, tier);
    const cardCents = row.totalCents - row.creditsCents;
    return { amountCents: cardCents, commissionCents: commission, applicationFeeCents: destinationFeeCents({ cardCents, bookingFeeCents: row.bookingFeeCents, commissionCents: commission, creditsCents: row.creditsCents }) };
  }

  /** The T-12 h notice (PRODUCT.md §6): the lesson emails live in booking-emails.ts. */
  private async queuePaymentFailed(trx: Tx, row: BookingRow): Promise<void> {
    await new BookingEmails({ emails: this.deps.emails }).queuePaymentFailed(trx, row.id);
  }
}

function newReport(): SweepReport {
  return { bookings: 0, steps: {}, deferred: 0, refused: 0 };
}

function count(report: SweepReport, step: PaymentStepKind): void {
  report.steps[step] = (report.steps[step] ?? 0) + 1;
}

/**
 * Writes, on the locked row, the release of the authorization the booking holds as a timeline
 * step with its own key (the attempt it gives back), to be made after the commit by
 * `releaseHeld`, or by the authorization sweep if the process dies first. The caller moves the
 * booking back to `scheduled` (payment event `reauthorization_needed`) in the same transaction,
 * so the timeline authorizes again with the next attempt's key.
 */
export async function recordHoldRelease(trx: Tx, steps: BookingPaymentsRepository, row: BookingRow, now: Date): Promise<PaymentStepRow> {
  const done = await steps.steps(trx, row.id);
  const held = done.filter((step) => step.step === 'authorize' && step.outcome === 'succeeded' && step.providerId === row.paymentId).at(-1);
  // An authorization made at booking before the timeline kept records counts as attempt 1.
  const attempt = held?.attempt ?? Math.max(1, done.filter((step) => step.step === 'authorize').length);
  const step = { bookingId: row.id, step: 'release' as const, attempt, idempotencyKey: reauthorizationReleaseKey(row.id, attempt), providerId: row.paymentId, startedAt: now };
  await steps.insertStep(trx, step);
  return { ...step, amountCents: null, applicationFeeCents: null, commissionCents: null, finishedAt: null, outcome: null, detail: null };
}

/**
 * Step 2 and 3 of a `release` step: the hold given back at the provider with the step's own key,
 * then the step finished. False when the provider was unavailable (the step stays open; the
 * authorization sweep resumes it before authorizing again). A hold the provider no longer has
 * (already cancelled or lapsed) is nothing to give back.
 */
export async function releaseHeld(deps: Pick<BookingPaymentsDeps, 'db' | 'clock' | 'payments' | 'steps'>, bookingId: string, step: PaymentStepRow): Promise<boolean> {
  try {
    await deps.payments.cancelAuthorization({ paymentId: step.providerId!, idempotencyKey: step.idempotencyKey! });
  } catch (error) {
    if (!(error instanceof PaymentError)) throw error;
    if (error.kind === 'unavailable') return false;
    if (error.kind !== 'invalid' && error.kind !== 'expired') throw error;
  }
  await deps.db.transaction().execute((trx) => deps.steps.finishStep(trx, { bookingId, step: 'release', attempt: step.attempt }, { finishedAt: deps.clock.now(), outcome: 'succeeded', providerId: step.providerId }));
  return true;
}

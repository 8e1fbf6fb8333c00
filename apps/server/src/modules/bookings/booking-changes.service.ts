import type { Principal } from '../../platform/auth/principal.ts';
import type { Clock } from '../../platform/clock.ts';
import type { Db, Executor } from '../../platform/db/database.ts';
import { DomainError, notFound } from '../../platform/errors.ts';
import { lockFreeTimeOf, rewriteFreeTime } from '../availability/free-time.repository.ts';
import { DEFAULT_STEP_MINUTES } from '../availability/slots.policy.ts';
import { dateOf } from '../availability/day-cells.ts';
import type { SlotsService } from '../availability/slots.service.ts';
import { requireOwner } from '../discovery/discovery-access.ts';
import type { BookingEmails } from './booking-emails.ts';
import { BookingChangeMoney, captureApplicationFee, type MoneyPlan } from './booking-change-money.ts';
import { EXCLUSION_VIOLATION, invalidField, slotTaken, sqlState, tooManyPaymentAttempts } from './booking-errors.ts';
import type { Canceller } from './booking-states.ts';
import type { ChangeStep } from './booking-changes.tables.ts';
import { paymentTransition, transition } from './booking.policy.ts';
import type { PaymentStepRow } from './booking-payments.repository.ts';
import type { BookingPayments } from './booking-payments.service.ts';
import type { BookingRow, BookingsRepository } from './bookings.repository.ts';
import { assertCancellable, cancellationDeadlines, cancellationOutcome, type CancellationOutcome } from './cancellation.policy.ts';
import { MAX_AUTHORIZATION_ATTEMPTS } from './payment-timeline.policy.ts';
import { reschedulePlan, reschedulesLeft } from './reschedule.policy.ts';

const MINUTE_MS = 60_000;
/** A step still recorded this long after its decision was left by a process that died. */
export const INTERRUPTED_AFTER_MS = 5 * MINUTE_MS;

export interface CancellationView extends CancellationOutcome {
  bookingId: string;
  /** Free (nothing charged) while now is before this; null when it does not depend on the time. */
  freeUntil: string | null;
  /** The 12–24 h tier (charged, lesson price back as credit) until this instant included. */
  lateUntil: string | null;
}

/**
 * Cancelling and rescheduling a booking (issue 11 items 5 and 6), for its student or its
 * instructor (anyone else: 404, the booking's existence is not theirs to know).
 *
 * DECISIONS
 * - Every tier's money moves at the cancellation itself: the 12–24 h tier captures (the
 *   platform keeps all of it; the lesson price becomes credit) and the < 12 h tier captures with
 *   the instructor's share transferred. The capture sweep only captures completed lessons and
 *   student no-shows, so nothing is left behind for it to find.
 * - A cancellation is decided once: its outcome is stored on the booking, and cancelling again
 *   answers it (200, the same outcome) without calling the provider — unless the first call
 *   died between its decision and the provider's answer, when the same step is finished with
 *   the same idempotency key.
 * - A reschedule keeps an authorization already held unless its capture (the new end + 24 h)
 *   would come after the hold lapses (4 days 18 h at the shortest, reschedule.policy.ts `releaseAuthorization`):
 *   then the hold is released as a money step with its own key (`booking:{id}:release:{attempt}`,
 *   written in the move's transaction, made after it; the authorization sweep finishes it after
 *   a crash) and the booking goes back to `scheduled`, so the timeline authorizes again at the
 *   new T-24 h (or at once) with the next attempt's key.
 * - The payment timeline follows the new start by itself: its steps are computed from
 *   `starts_at` (payment-timeline.policy.ts); the terms stay on `original_starts_at`.
 */
export class BookingChangesService {
  constructor(
    private readonly deps: {
      db: Db;
      clock: Clock;
      repository: BookingsRepository;
      money: BookingChangeMoney;
      slots: SlotsService;
      freeTimeChanged: () => Promise<void>;
      emails: BookingEmails;
      /** The payment timeline: its authorization taken ahead of its time, and its due steps for one booking (booking-payments.service.ts). */
      timeline: Pick<BookingPayments, 'authorizeAhead' | 'advance'>;
    },
  ) {}

  async cancellationPreview(principal: Principal | null, id: string): Promise<CancellationView> {
    const { row, by } = await this.party(principal, id, 'bookings:read:own');
    if (row.cancellationOutcome) return this.view(row, row.cancellationOutcome);
    assertCancellable({ status: row.status, startsAtMs: row.startsAt.getTime() }, by, this.deps.clock.nowMs());
    return this.view(row, await this.outcomeOf(this.deps.db, row, by));
  }

  async cancel(principal: Principal | null, id: string): Promise<CancellationView> {
    const { by } = await this.party(principal, id, 'bookings:cancel:own');
    const { db, clock, repository, money } = this.deps;
    const decided = await db.transaction().execute(async (trx) => {
      const row = (await repository.lock(trx, id))!;
      if (row.cancellationOutcome) return { row, outcome: row.cancellationOutcome, fresh: false };
      if (row.paymentStep !== null || row.changeStep !== null) throw stepInFlight();
      const now = clock.now();
      assertCancellable({ status: row.status, startsAtMs: row.startsAt.getTime() }, by, now.getTime());
      const outcome = await this.outcomeOf(trx, row, by);
      const status = transition(row.status, { type: 'cancelled', by });
      const step = stepOf(outcome);
      const updated = (await repository.update(trx, id, [row.status], {
        status,
        cancelledAt: now,
        cancelledBy: by,
        cancellationReason: 'requested',
        cancellationOutcome: outcome,
        changeStep: step,
        holdExpiresAt: null,
        updatedAt: now,
      }))!;
      if (outcome.countsAgainstInstructor) await money.countAgainstInstructor(trx, row.instructorId);
      await rewriteFreeTime(trx, [row.instructorId]);
      // The other party is told, the one who cancelled gets a confirmation (issue 11 item 13).
      await this.deps.emails.queueBookingCancelled(trx, id, { by, summary: outcome.summary });
      const settled = step ? updated : await money.settle(trx, updated, planOf(outcome, row.bookingFeeCents), { kind: 'none' });
      return { row: settled, outcome, fresh: true };
    });
    if (decided.fresh) await this.deps.freeTimeChanged();
    const row = decided.row.changeStep ? await this.finishStep(decided.row, decided.outcome) : decided.row;
    // The stored outcome: a declined late charge corrected it (nothing charged), and the answer says so.
    return this.view(row, row.cancellationOutcome ?? decided.outcome);
  }

  /** Moves a confirmed lesson to another open time (the student only, at most twice). */
  async reschedule(principal: Principal | null, id: string, body: { startsAt: string }) {
    const { row: seen, by } = await this.party(principal, id, 'bookings:cancel:own');
    const { db, clock, repository } = this.deps;
    const newStart = new Date(body.startsAt);
    // The checks that need no lock first, so a refusal names the reason before the slot search.
    const first = reschedulePlan(this.planInput(seen, by, newStart, clock.nowMs()));
    if (newStart.getTime() % (DEFAULT_STEP_MINUTES * MINUTE_MS) !== 0) throw invalidField('body.startsAt', `must be on a ${DEFAULT_STEP_MINUTES}-minute boundary`, 'validation_failed');
    await this.checkOpen(seen, newStart);
    // Within 24 h and the card not held yet: the card first (reschedule.policy `authorizeFirst`),
    // once every other check the move can fail on has passed — a move sure to fail must not ask
    // the card (each ask is a hold on it and an attempt of the lesson's).
    let heldFirst = false;
    if (first.authorizeFirst) {
      await this.checkStudentFree(seen, first);
      heldFirst = await this.authorizeBeforeMove(id);
    }
    let moved: BookingRow;
    let release: PaymentStepRow | null = null;
    try {
      moved = await db.transaction().execute(async (trx) => {
        const row = (await repository.lock(trx, id))!;
        // As a new booking does (bookings.service): the instructor's time, then the student's.
        await lockFreeTimeOf(trx, [row.instructorId]);
        await repository.lockStudentTime(trx, row.studentId);
        if (row.paymentStep !== null || row.changeStep !== null) throw stepInFlight();
        const now = clock.now();
        const plan = reschedulePlan(this.planInput(row, by, newStart, now.getTime()));
        // Still to be authorized here means another request gave the hold back meanwhile: never a
        // move to within 24 h without the card held (it would be asked, and could fail, after).
        if (plan.authorizeFirst) throw stepInFlight();
        const status = transition(row.status, { type: 'rescheduled' });
        // The exclusion constraints refuse a time someone took meanwhile (or this student's other lesson).
        const updated = await repository.update(trx, id, [row.status], {
          status,
          startsAt: new Date(plan.startsAtMs),
          endsAt: new Date(plan.endsAtMs),
          rescheduleCount: plan.rescheduleCount,
          ...(plan.releaseAuthorization ? { paymentState: paymentTransition(row.paymentState, { type: 'reauthorization_needed' }), authorizedAt: null } : {}),
          updatedAt: now,
        });
        release = plan.releaseAuthorization ? await this.deps.money.recordReauthorization(trx, row) : null;
        await rewriteFreeTime(trx, [row.instructorId]);
        return updated!;
      });
    } catch (error) {
      // The hold asked for this move, now at the old time: the timeline gives it back if it would
      // lapse before that capture (payment-timeline.policy `renew_authorization`), as the sweep would.
      if (heldFirst) await this.deps.timeline.advance(id);
      const state = sqlState(error);
      if (state?.code === EXCLUSION_VIOLATION) {
        if (state.constraint === 'bookings_student_no_overlap') throw new DomainError('conflict', 'You already have a lesson at this time.', { code: 'student_busy' });
        throw slotTaken();
      }
      throw error;
    }
    await this.deps.freeTimeChanged();
    // Unavailable: the step stays open and the authorization sweep makes it before authorizing again.
    if (release) await this.deps.money.releaseHeld(moved.id, release);
    return {
      bookingId: moved.id,
      startsAt: moved.startsAt.toISOString(),
      endsAt: moved.endsAt.toISOString(),
      originalStartsAt: moved.originalStartsAt.toISOString(),
      rescheduleCount: moved.rescheduleCount,
      reschedulesLeft: reschedulesLeft(moved.rescheduleCount),
      paymentState: moved.paymentState,
    };
  }

  /** The student's own overlap (their exclusion constraint), asked before the card is. */
  private async checkStudentFree(row: BookingRow, plan: { startsAtMs: number; endsAtMs: number }): Promise<void> {
    const busy = await this.deps.repository.studentBusy(this.deps.db, { studentId: row.studentId, startsAt: new Date(plan.startsAtMs), endsAt: new Date(plan.endsAtMs), except: row.id });
    if (busy) throw new DomainError('conflict', 'You already have a lesson at this time.', { code: 'student_busy' });
  }

  /** The authorization a move to within 24 h needs, asked of the saved card now; true when it holds, a refusal otherwise. */
  private async authorizeBeforeMove(id: string): Promise<boolean> {
    const result = await this.deps.timeline.authorizeAhead(id);
    if (result === 'busy') throw stepInFlight();
    if (result === 'too_many_attempts') throw tooManyPaymentAttempts(MAX_AUTHORIZATION_ATTEMPTS);
    if (result === 'unavailable') throw new DomainError('service_unavailable', 'The card could not be checked right now, so the lesson was not moved; try again in a minute.');
    if (result === 'refused') {
      throw new DomainError('unprocessable', 'The card for this lesson was declined, so the lesson was not moved and stays at its time. Choose another card for it, then move it.', {
        code: 'card_declined',
        errors: [{ field: 'body.startsAt', reason: 'needs the card authorized now (within 24 hours), and it was declined' }],
      });
    }
    return result === 'authorized';
  }

  /**
   * Finishes the cancellations a process left between their decision and the provider's answer
   * (`change_step` still set a few minutes later): the same step with the same key, then the
   * result. Run by the hourly no-show job; a provider outage leaves them for the next run.
   */
  async finishInterrupted(): Promise<number> {
    const { db, clock } = this.deps;
    const stale = await db
      .selectFrom('bookings')
      .selectAll()
      .where('changeStep', 'in', ['cancel_release', 'cancel_capture', 'cancel_charge', 'cancel_refund'])
      .where('updatedAt', '<=', new Date(clock.nowMs() - INTERRUPTED_AFTER_MS))
      .limit(200)
      .execute();
    let finished = 0;
    for (const row of stale) {
      try {
        await this.finishStep(row, row.cancellationOutcome!);
        finished += 1;
      } catch (error) {
        if (!(error instanceof DomainError) || error.code !== 'service_unavailable') throw error;
      }
    }
    return finished;
  }

  /** Finishes a decided step: the provider call with its key outside any transaction, then the result. */
  private async finishStep(row: BookingRow, outcome: CancellationOutcome): Promise<BookingRow> {
    const { db, repository, money } = this.deps;
    const plan = planOf(outcome, row.bookingFeeCents);
    const result = await money.callProvider(row, row.changeStep!, { applicationFeeCents: captureApplicationFee(row, plan) });
    if (result.kind === 'unavailable') {
      // The decision stands and the step stays recorded: cancelling again finishes it with the same key.
      throw new DomainError('service_unavailable', 'The lesson is cancelled, but the payment could not be settled right now; ask again in a minute to finish it.');
    }
    return db.transaction().execute(async (trx) => {
      const locked = (await repository.lock(trx, row.id))!;
      if (locked.changeStep === null) return locked; // another request recorded it
      const settledPlan = result.kind === 'declined' ? { ...plan, kind: 'void' as const, creditsReturnedCents: locked.creditsCents, creditIssuedCents: 0 } : plan;
      const settled = await money.settle(trx, locked, settledPlan, result);
      if (result.kind === 'declined') {
        // The card refused the late charge: nothing was charged, which is what the booking says now.
        const corrected: CancellationOutcome = {
          ...outcome,
          cardAction: 'none',
          cardChargeCents: 0,
          creditIssuedCents: 0,
          creditsReturnedCents: locked.creditsCents,
          instructorPaid: false,
          instructorCents: 0,
          platformKeepsCents: 0,
          summary: `${outcome.summary} The card was declined, so nothing could be charged.`,
        };
        return (await trx.updateTable('bookings').set({ cancellationOutcome: corrected }).where('id', '=', row.id).returningAll().executeTakeFirstOrThrow());
      }
      return settled;
    });
  }

  private async outcomeOf(executor: Executor, row: BookingRow, by: Canceller): Promise<CancellationOutcome> {
    return cancellationOutcome({
      by,
      nowMs: this.deps.clock.nowMs(),
      originalStartsAtMs: row.originalStartsAt.getTime(),
      lessonCents: row.lessonCents,
      bookingFeeCents: row.bookingFeeCents,
      creditsUsedCents: row.creditsCents,
      cardCents: row.totalCents - row.creditsCents,
      paymentState: row.paymentState,
      commissionTier: await this.deps.money.commissionTierOf(executor, row.instructorId),
    });
  }

  private view(row: BookingRow, outcome: CancellationOutcome): CancellationView {
    // The student's tiers depend on the time; an instructor's or a failed payment's outcome does not.
    const timed = outcome.tier === 'free' || outcome.tier === 'late' || outcome.tier === 'very_late';
    const deadlines = cancellationDeadlines(row.originalStartsAt.getTime());
    return {
      bookingId: row.id,
      ...outcome,
      freeUntil: timed ? new Date(deadlines.freeUntilMs).toISOString() : null,
      lateUntil: timed ? new Date(deadlines.lateUntilMs).toISOString() : null,
    };
  }

  private planInput(row: BookingRow, by: Canceller, newStart: Date, nowMs: number) {
    return {
      by,
      status: row.status,
      paymentState: row.paymentState,
      startsAtMs: row.startsAt.getTime(),
      endsAtMs: row.endsAt.getTime(),
      originalStartsAtMs: row.originalStartsAt.getTime(),
      rescheduleCount: row.rescheduleCount,
      newStartsAtMs: newStart.getTime(),
      nowMs,
      authorizedAtMs: row.authorizedAt?.getTime() ?? null,
    };
  }

  /**
   * The new time is one of the instructor's open slots for this lesson, as the booking page
   * lists them (working hours, notice, other lessons). The lesson's own current time counts as
   * busy there, so a move overlapping it (15 minutes later) is refused as `slot_taken`: cancel
   * and book again, or pick a time clear of it. The exclusion constraint has the final word in
   * the transaction.
   */
  private async checkOpen(row: BookingRow, newStart: Date): Promise<void> {
    const open = await this.deps.slots.bookableSlots({
      instructorId: row.instructorId,
      serviceId: row.serviceId,
      durationMinutes: row.durationMinutes,
      from: dateOf(newStart.getTime()),
      to: dateOf(newStart.getTime()),
    });
    if (!open.slots.some((slot) => new Date(slot.start).getTime() === newStart.getTime())) throw slotTaken();
  }

  /** The booking and which side the caller is; 404 for anyone else. */
  private async party(principal: Principal | null, id: string, permission: 'bookings:read:own' | 'bookings:cancel:own'): Promise<{ row: BookingRow; by: Canceller }> {
    const userId = requireOwner(principal, permission);
    const row = await this.deps.repository.find(this.deps.db, id);
    if (!row) throw notFound('Booking');
    if (row.studentId === userId) return { row, by: 'student' };
    if (row.instructorId === userId) return { row, by: 'instructor' };
    throw notFound('Booking');
  }
}

const stepInFlight = () =>
  new DomainError('conflict', 'A payment step of this booking is in progress; try again in a moment.', { code: 'payment_step_in_flight' });

function stepOf(outcome: CancellationOutcome): ChangeStep | null {
  switch (outcome.cardAction) {
    case 'none':
      return null;
    case 'release':
      return 'cancel_release';
    case 'capture':
      return 'cancel_capture';
    case 'charge':
      return 'cancel_charge';
    case 'refund':
      return 'cancel_refund';
  }
}

export function planOf(outcome: CancellationOutcome, bookingFeeCents: number): MoneyPlan {
  const kind = outcome.tier === 'late' ? 'late' : outcome.tier === 'very_late' ? 'paid' : 'void';
  return {
    kind,
    creditsReturnedCents: outcome.creditsReturnedCents,
    creditIssuedCents: outcome.creditIssuedCents,
    // Paid: what the platform keeps beyond the booking fee is the commission.
    commissionCents: kind === 'paid' ? outcome.platformKeepsCents - bookingFeeCents : 0,
  };
}

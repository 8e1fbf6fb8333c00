import { sql, type Insertable, type Selectable } from 'kysely';
import type { Executor, Tx } from '../../platform/db/database.ts';
import { PAYMENT_STEP_KINDS, type BookingPaymentStepsTable, type PaymentStepKind, type PaymentStepOutcome } from './booking-payment-steps.tables.ts';
import { AUTHORIZE_BEFORE_MS, CAPTURE_AFTER_END_MS, EARLY_HOLD_SECONDS, TRANSFER_MAX_ATTEMPTS } from './payment-timeline.policy.ts';

export type PaymentStepRow = Selectable<BookingPaymentStepsTable>;

/** The provider steps a sweep resumes when a crash or an outage left them half-done. */
export const PROVIDER_STEPS: readonly PaymentStepKind[] = ['release', 'authorize', 'capture', 'transfer'];

/**
 * Authorization attempts as the timeline counts them (payment-timeline.policy.ts `attempts`):
 * every attempt made, less the holds given back for a reauthorization (a lesson moved past the
 * hold's life), which were no failure of the card. The next attempt's number (its idempotency
 * key) counts every authorize step.
 */
export function timelineAttempts(steps: readonly Pick<PaymentStepRow, 'step'>[]): { made: number; counted: number; next: number } {
  const made = steps.filter((step) => step.step === 'authorize').length;
  const released = steps.filter((step) => step.step === 'release').length;
  return { made, counted: made - released, next: made + 1 };
}

/** The payment timeline's queries (one per method); bookings' own columns stay with BookingsRepository. */
export class BookingPaymentsRepository {
  /** A booking's steps, oldest first; steps of one instant (a sweep catching up) in the timeline's order. */
  steps(executor: Executor, bookingId: string): Promise<PaymentStepRow[]> {
    return executor
      .selectFrom('bookingPaymentSteps')
      .selectAll()
      .where('bookingId', '=', bookingId)
      .orderBy('startedAt')
      .orderBy(sql`array_position(${sql.val([...PAYMENT_STEP_KINDS])}::text[], step)`)
      .orderBy('attempt')
      .execute();
  }

  /** Writes a step (an intent when unfinished); false when that step and attempt were already written. */
  async insertStep(tx: Tx, row: Insertable<BookingPaymentStepsTable>): Promise<boolean> {
    const inserted = await tx.insertInto('bookingPaymentSteps').values(row).onConflict((oc) => oc.doNothing()).returning('bookingId').executeTakeFirst();
    return inserted !== undefined;
  }

  /**
   * An authorization attempt recorded as not held because the student's bank asked (3-D Secure)
   * and later approved: the attempt is the one that holds the money, so it reads succeeded.
   */
  async settleAuthenticatedAttempt(tx: Tx, bookingId: string, providerId: string, finishedAt: Date): Promise<void> {
    await tx
      .updateTable('bookingPaymentSteps')
      .set({ outcome: 'succeeded', detail: null, finishedAt })
      .where('bookingId', '=', bookingId)
      .where('step', '=', 'authorize')
      .where('providerId', '=', providerId)
      .where('outcome', '=', 'failed')
      .execute();
  }

  /** Finishes an intent; false when another process finished it first. */
  async finishStep(
    tx: Tx,
    key: { bookingId: string; step: PaymentStepKind; attempt: number },
    result: { finishedAt: Date; outcome: PaymentStepOutcome; providerId?: string | null; detail?: string | null },
  ): Promise<boolean> {
    const updated = await tx
      .updateTable('bookingPaymentSteps')
      .set({ finishedAt: result.finishedAt, outcome: result.outcome, providerId: result.providerId ?? null, detail: result.detail?.slice(0, 500) ?? null })
      .where('bookingId', '=', key.bookingId)
      .where('step', '=', key.step)
      .where('attempt', '=', key.attempt)
      .where('finishedAt', 'is', null)
      .executeTakeFirst();
    return Number(updated.numUpdatedRows) > 0;
  }
  /**
   * Closes the booking-time authorization's record (attempt 1) where the booking settles it —
   * confirmed, refused, or its hold ended — so no sweep asks the provider again under a key it
   * may have forgotten (after 24 h), which would make a second hold.
   */
  finishBookingAttempt(tx: Tx, bookingId: string, result: { finishedAt: Date; outcome: PaymentStepOutcome; providerId: string | null; detail?: string | null }): Promise<boolean> {
    return this.finishStep(tx, { bookingId, step: 'authorize', attempt: 1 }, result);
  }


  /**
   * Bookings the authorization sweep looks at, soonest first after `after`: confirmed lessons
   * with a card step left that start within 24 h (T-24 h passed), and lessons that ended
   * unauthorized after an outage.
   */
  async authorizationCandidates(executor: Executor, query: { now: Date; after: { startsAt: Date; id: string } | null; limit: number }): Promise<Array<{ id: string; startsAt: Date }>> {
    let builder = executor
      .selectFrom('bookings')
      .select(['id', 'startsAt'])
      .where('status', 'in', ['confirmed', 'completed', 'no_show_student'])
      .where('paymentState', 'in', ['scheduled', 'authorization_failed'])
      .where('startsAt', '<=', new Date(query.now.getTime() + AUTHORIZE_BEFORE_MS));
    if (query.after) {
      const { startsAt, id } = query.after;
      builder = builder.where((eb) => eb.or([eb('startsAt', '>', startsAt), eb.and([eb('startsAt', '=', startsAt), eb('id', '>', id)])]));
    }
    return builder.orderBy('startsAt').orderBy('id').limit(query.limit).execute();
  }

  /**
   * Lessons ahead holding an authorization made too early to last until their capture (a move's
   * hold left by a failed or interrupted move): few, and found through their partial index
   * (migration 0031, whose predicate this repeats to the letter).
   */
  earlyHolds(executor: Executor, limit: number): Promise<Array<{ id: string }>> {
    return executor
      .selectFrom('bookings')
      .select('id')
      .where('status', '=', 'confirmed')
      .where('paymentState', '=', 'authorized')
      .where(sql<boolean>`extract(epoch from (ends_at - authorized_at)) > ${sql.lit(EARLY_HOLD_SECONDS)}`)
      .limit(limit)
      .execute();
  }

  /** Bookings the completion and capture sweep looks at: confirmed lessons that ended, and paid-for ones (by card or wholly by credit) whose capture is due. */
  async captureCandidates(executor: Executor, query: { now: Date; after: { endsAt: Date; id: string } | null; limit: number }): Promise<Array<{ id: string; endsAt: Date }>> {
    let builder = executor
      .selectFrom('bookings')
      .select(['id', 'endsAt'])
      .where((eb) =>
        eb.or([
          eb.and([eb('status', '=', 'confirmed'), eb('endsAt', '<=', query.now)]),
          eb.and([
            eb('status', 'in', ['completed', 'no_show_student']),
            eb('paymentState', '=', 'authorized'),
            eb('endsAt', '<=', new Date(query.now.getTime() - CAPTURE_AFTER_END_MS)),
          ]),
          // Paid wholly with credit: settled once (its capture step), then never looked at again.
          eb.and([
            eb('status', 'in', ['completed', 'no_show_student']),
            eb('paymentState', '=', 'not_required'),
            eb('endsAt', '<=', new Date(query.now.getTime() - CAPTURE_AFTER_END_MS)),
            eb.not(
              eb.exists(
                eb
                  .selectFrom('bookingPaymentSteps')
                  .select('bookingPaymentSteps.bookingId')
                  .whereRef('bookingPaymentSteps.bookingId', '=', 'bookings.id')
                  .where('bookingPaymentSteps.step', '=', 'capture'),
              ),
            ),
          ]),
        ]),
      );
    if (query.after) {
      const { endsAt, id } = query.after;
      builder = builder.where((eb) => eb.or([eb('endsAt', '>', endsAt), eb.and([eb('endsAt', '=', endsAt), eb('id', '>', id)])]));
    }
    return builder.orderBy('endsAt').orderBy('id').limit(query.limit).execute();
  }

  /**
   * Bookings with a provider step left half-done (a crash or an outage) or a retry now due (a
   * refused transfer's next attempt is written with its due time as `started_at`), oldest first:
   * the sweeps' health check.
   */
  async withOpenSteps(executor: Executor, steps: readonly PaymentStepKind[], limit: number, now: Date): Promise<string[]> {
    const rows = await executor
      .selectFrom('bookingPaymentSteps')
      .innerJoin('bookings', 'bookings.id', 'bookingPaymentSteps.bookingId')
      .select('bookingPaymentSteps.bookingId')
      .where('bookingPaymentSteps.finishedAt', 'is', null)
      .where('bookingPaymentSteps.startedAt', '<=', now)
      .where('bookingPaymentSteps.step', 'in', [...steps])
      // A pending hold's authorization is the hold sweep's (booking-holds.ts).
      .where('bookings.status', '<>', 'pending_payment')
      .orderBy('bookingPaymentSteps.startedAt')
      .limit(limit)
      .execute();
    return [...new Set(rows.map((row) => row.bookingId))];
  }

  /**
   * Bookings whose money waits for an admin, newest failure first: a capture the provider refused
   * (never retried: the hold is gone or the amount is wrong), an instructor's transfer refused
   * at every attempt, and a lesson given before its card could be authorized (the sweeps were
   * down from T-24 h to its end) whose card then declined: the money is owed, and no retry of
   * the timeline (all before the lesson) is left. Nothing else of the timeline stops for good.
   */
  needingAttention(executor: Executor, limit: number) {
    return executor
      .selectFrom('bookingPaymentSteps as s')
      .innerJoin('bookings as b', 'b.id', 's.bookingId')
      .select(['s.bookingId', 's.step', 's.attempt', 's.detail', 's.finishedAt', 's.amountCents', 'b.status', 'b.paymentState', 'b.studentId', 'b.instructorId'])
      .where('s.outcome', '=', 'failed')
      .where((eb) => {
        const succeeded = eb.exists(
          eb.selectFrom('bookingPaymentSteps as done').select('done.bookingId').whereRef('done.bookingId', '=', 's.bookingId').whereRef('done.step', '=', 's.step').where('done.outcome', '=', 'succeeded'),
        );
        const laterAttempt = eb.exists(
          eb.selectFrom('bookingPaymentSteps as later').select('later.bookingId').whereRef('later.bookingId', '=', 's.bookingId').where('later.step', '=', 'authorize').whereRef('later.attempt', '>', 's.attempt'),
        );
        return eb.or([
          eb.and([eb('s.step', '=', 'capture'), eb.not(succeeded)]),
          eb.and([eb('s.step', '=', 'transfer'), eb('s.attempt', '>=', TRANSFER_MAX_ATTEMPTS), eb.not(succeeded)]),
          eb.and([eb('s.step', '=', 'authorize'), eb('b.status', 'in', ['completed', 'no_show_student']), eb('b.paymentState', '=', 'authorization_failed'), eb.not(laterAttempt)]),
        ]);
      })
      .orderBy('s.finishedAt', 'desc')
      .orderBy('s.bookingId')
      .limit(limit)
      .execute();
  }

  /** Who pays and who is paid: the student's provider customer, the instructor's payout account and founding flag. */
  async payer(executor: Executor, booking: { studentId: string; instructorId: string }) {
    const customer = await executor.selectFrom('paymentCustomers').select('customerId').where('userId', '=', booking.studentId).executeTakeFirst();
    const instructor = await executor
      .selectFrom('instructorProfiles')
      .leftJoin('payoutAccounts', 'payoutAccounts.userId', 'instructorProfiles.userId')
      .select(['instructorProfiles.isFounding', 'payoutAccounts.accountId'])
      .where('instructorProfiles.userId', '=', booking.instructorId)
      .executeTakeFirst();
    return { customerId: customer?.customerId ?? null, accountId: instructor?.accountId ?? null, founding: instructor?.isFounding ?? false };
  }

  /** The student's address and name for the payment_failed email. */
  student(executor: Executor, userId: string) {
    return executor.selectFrom('users').select(['email', 'name']).where('id', '=', userId).executeTakeFirstOrThrow();
  }

  /** Whether a no-show report on the booking awaits its resolution (no-shows.service.ts writes them). */
  async noShowReportOpen(trx: Tx, bookingId: string): Promise<boolean> {
    const open = await trx.selectFrom('noShowReports').select('bookingId').where('bookingId', '=', bookingId).where('resolvedAt', 'is', null).executeTakeFirst();
    return open !== undefined;
  }
}

import type { PaymentsPort } from '../../integrations/payments/payments.port.ts';
import type { Clock } from '../../platform/clock.ts';
import type { Db, Tx } from '../../platform/db/database.ts';
import type { JobDefinition } from '../../platform/jobs/job-types.ts';
import { rewriteFreeTime } from '../availability/free-time.repository.ts';
import { confirmAuthenticatedHold } from './booking-authentication.ts';
import type { BookingEmails } from './booking-emails.ts';
import { BookingPayment } from './booking-payment.ts';
import { BookingPaymentsRepository } from './booking-payments.repository.ts';
import type { BookingRow, BookingsRepository } from './bookings.repository.ts';

/** Ends a pending hold: the time is free again (the caller rewrites free time) and its credits go back. */
export async function expireHold(
  repository: BookingsRepository,
  trx: Tx,
  row: BookingRow,
  now: Date,
  settled: { error: string; paymentId: string | null } | null,
): Promise<void> {
  await repository.update(trx, row.id, ['pending_payment'], {
    status: 'expired',
    paymentState: 'released',
    paymentStep: null,
    ...(settled ? { paymentError: settled.error, paymentId: settled.paymentId } : {}),
    holdExpiresAt: null,
    updatedAt: now,
  });
  await repository.releaseCreditUses(trx, row.id);
}

/**
 * The hold sweep (issue 11 item 1): pending holds whose `hold_expires_at` passed by the Clock
 * expire, freeing their time in the same transaction as the search's free time, and giving
 * their credits back. A hold left with an authorization in flight (a process died during it,
 * or the provider was down) is settled first: the provider is asked again with the same key
 * and whatever it holds is released, so an expired booking never charges. Safe to run twice
 * and from several processes (rows are locked, SKIP LOCKED).
 */
export class BookingHolds {
  private readonly payment: BookingPayment;

  constructor(
    private readonly deps: {
      db: Db;
      clock: Clock;
      payments: PaymentsPort;
      repository: BookingsRepository;
      freeTimeChanged: () => Promise<void>;
      /** For a hold whose student authenticated (3-D Secure) but whose confirmation did not arrive: it is confirmed, and mailed. */
      emails: BookingEmails;
    },
  ) {
    this.payment = new BookingPayment(deps);
  }

  /** How many holds expired. */
  async expireDue(options: { batch?: number } = {}): Promise<number> {
    const { db, clock, repository } = this.deps;
    const batch = options.batch ?? 100;
    let expired = 0;
    for (;;) {
      const now = clock.now();
      const due = await db.transaction().execute(async (trx) => {
        const rows = await repository.expiredHolds(trx, now, batch);
        const settled = rows.filter((row) => row.paymentStep === null);
        for (const row of settled) await expireHold(repository, trx, row, now, null);
        if (settled.length > 0) await rewriteFreeTime(trx, settled.map((row) => row.instructorId));
        return { settled: settled.length, inFlight: rows.filter((row) => row.paymentStep !== null), full: rows.length === batch };
      });
      expired += due.settled;
      for (const row of due.inFlight) if (await this.settleInFlight(row)) expired += 1;
      if (due.settled > 0 || due.inFlight.length > 0) await this.deps.freeTimeChanged();
      if (!due.full || due.settled === 0) return expired;
    }
  }

  private async settleInFlight(row: BookingRow): Promise<boolean> {
    const { db, clock, repository } = this.deps;
    const instructor = await repository.bookableInstructor(db, row.instructorId);
    const customerId = await repository.customerOf(db, row.studentId);
    let paymentId: string | null = null;
    // Waiting on the student's bank (3-D Secure): if they authenticated and neither their browser
    // nor the webhook said so yet, the booking is theirs; otherwise the payment is released below.
    if (row.paymentId && (await this.confirmedByProvider(row))) return false;
    if (instructor?.accountId && customerId && row.paymentMethodId) {
      const outcome = await this.payment.authorize(row, { customerId, destinationAccountId: instructor.accountId, founding: instructor.isFounding });
      if (outcome.kind === 'unavailable') return false; // the next sweep asks again
      paymentId = outcome.kind === 'authorized' ? outcome.payment.id : outcome.paymentId;
      if (paymentId) await this.payment.release(row.id, paymentId);
    }
    return db.transaction().execute(async (trx) => {
      const locked = await repository.lock(trx, row.id);
      if (!locked || locked.status !== 'pending_payment') return false;
      await expireHold(repository, trx, locked, clock.now(), { error: 'the hold expired with its authorization in flight; anything held was released', paymentId });
      // The hold ended, and whatever the provider held was given back above.
      await new BookingPaymentsRepository().finishBookingAttempt(trx, row.id, { finishedAt: clock.now(), outcome: 'superseded', providerId: paymentId });
      await rewriteFreeTime(trx, [locked.instructorId]);
      return true;
    });
  }

  /** Whether the hold's recorded payment is authorized at the provider, and so the hold confirmed now. */
  private async confirmedByProvider(row: BookingRow): Promise<boolean> {
    const payment = await this.deps.payments.payment(row.paymentId!).catch(() => null);
    if (payment?.state !== 'authorized') return false;
    return this.deps.db.transaction().execute((trx) => confirmAuthenticatedHold(trx, this.deps, row.id, payment));
  }
}

/** Every minute (schedules.ts): expires the holds that are due. */
export function expireHoldsJob(holds: BookingHolds): JobDefinition<'bookings.expire_holds'> {
  return {
    name: 'bookings.expire_holds',
    retryLimit: 2,
    expireInSeconds: 5 * 60,
    concurrency: 1,
    handler: async () => {
      await holds.expireDue();
    },
  };
}

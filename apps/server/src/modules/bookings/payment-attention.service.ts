import type { Principal } from '../../platform/auth/principal.ts';
import type { Db } from '../../platform/db/database.ts';
import { requireAdmin } from './booking-refunds.service.ts';
import type { BookingPaymentsRepository } from './booking-payments.repository.ts';
import type { BookingStatus, PaymentState } from './booking-states.ts';

export interface PaymentAttentionItem {
  bookingId: string;
  status: BookingStatus;
  paymentState: PaymentState;
  /** capture: the lesson's card capture was refused; transfer: the instructor's share could not be transferred; authorize: the lesson was given before its card could be authorized, and the card declined. */
  step: 'capture' | 'transfer' | 'authorize';
  attempts: number;
  amountCents: number | null;
  reason: string | null;
  failedAt: string;
  studentId: string;
  instructorId: string;
}

/**
 * The bookings whose money the payment timeline stopped on and left for an admin (issue 11
 * fixes 3 and 4): a refused capture, an instructor's transfer refused at every attempt, a lesson
 * given whose card declined after it (the timeline was down until its end). The one
 * place such a failure shows (the sweep's report counts them as `refused`); read from the
 * timeline's own step records, so nothing else has to remember to raise it.
 */
export class PaymentAttentionService {
  constructor(private readonly deps: { db: Db; steps: BookingPaymentsRepository }) {}

  async list(principal: Principal | null): Promise<{ items: PaymentAttentionItem[] }> {
    requireAdmin(principal);
    const rows = await this.deps.steps.needingAttention(this.deps.db, 200);
    return {
      items: rows.map((row) => ({
        bookingId: row.bookingId,
        status: row.status,
        paymentState: row.paymentState,
        step: row.step as PaymentAttentionItem['step'],
        attempts: row.attempt,
        amountCents: row.amountCents,
        reason: row.detail,
        failedAt: row.finishedAt!.toISOString(),
        studentId: row.studentId,
        instructorId: row.instructorId,
      })),
    };
  }
}

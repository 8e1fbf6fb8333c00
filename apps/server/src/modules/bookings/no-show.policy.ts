import { DomainError } from '../../platform/errors.ts';
import { commissionCents, type CommissionTier } from '../payments/fees.policy.ts';
import type { BookingStatus, Canceller, PaymentState } from './booking-states.ts';
import { canTransition, transition, type NoShowFinding } from './booking.policy.ts';

/**
 * No-shows (PRODUCT.md §5, issue 11 item 7). Pure.
 * - Either party may report the OTHER absent, from the lesson's end until 24 h after it
 *   (half-open: at end + 24 h the window is closed, which is also when the capture falls due —
 *   so a report can never start after the money moved). One report per booking.
 * - Only the party reported absent may dispute, within 24 h after the report (half-open too).
 * - An undisputed report is resolved once its dispute window closed (the hourly sweep): the
 *   report's claim stands. A disputed one waits for an admin, who may find either absent or
 *   that the lesson took place (`nobody`).
 * - Money: a student's no-show pays the instructor as a completed lesson would (the capture is
 *   the payment timeline's `capture` step, due at once since end + 24 h has passed); an
 *   instructor's no-show refunds the student in full (release, or refund if captured, credits
 *   returned) and counts against the instructor; `nobody` leaves a completed lesson.
 */
const HOUR_MS = 60 * 60_000;
export const NO_SHOW_REPORT_WINDOW_MS = 24 * HOUR_MS;
export const NO_SHOW_DISPUTE_WINDOW_MS = 24 * HOUR_MS;

export interface NoShowReport {
  reporter: Canceller;
  reportedAtMs: number;
  disputedAtMs: number | null;
  resolvedAtMs: number | null;
}

/** The party a report says was absent: always the other side. */
export function absentParty(reporter: Canceller): Canceller {
  return reporter === 'student' ? 'instructor' : 'student';
}

export function noShowReportWindow(endsAtMs: number): { opensAtMs: number; closesAtMs: number } {
  return { opensAtMs: endsAtMs, closesAtMs: endsAtMs + NO_SHOW_REPORT_WINDOW_MS };
}

export function disputeDeadlineMs(reportedAtMs: number): number {
  return reportedAtMs + NO_SHOW_DISPUTE_WINDOW_MS;
}

const refuse = (message: string, code: string) => new DomainError('conflict', message, { code });

/**
 * The status a report is judged on: a lesson whose end passed but whose completion sweep has not
 * run yet is completed first (booking.policy.ts) — unless its card is failing, when it never
 * took place as a paid lesson and the T-6 h cancellation ends it instead.
 */
export function statusAtReport(input: { status: BookingStatus; paymentState: PaymentState; endsAtMs: number; nowMs: number }): BookingStatus {
  if (input.status === 'confirmed' && input.nowMs >= input.endsAtMs && input.paymentState !== 'authorization_failed') {
    return transition(input.status, { type: 'lesson_ended' });
  }
  return input.status;
}

/** Refuses a report that is not the parties' to make now (the service checked they are a party). */
export function assertMayReport(input: { status: BookingStatus; endsAtMs: number; nowMs: number; reporter: Canceller; existing: NoShowReport | null }): void {
  if (!canTransition(input.status, { type: 'no_show_reported', by: input.reporter })) {
    throw new DomainError('conflict', `A booking that is ${input.status.replace(/_/g, ' ')} cannot take a no-show report.`, {
      code: 'illegal_transition',
      from: input.status,
      event: 'no_show_reported',
    });
  }
  const { opensAtMs, closesAtMs } = noShowReportWindow(input.endsAtMs);
  if (input.nowMs < opensAtMs) throw refuse('A no-show can be reported once the lesson has ended.', 'no_show_too_early');
  if (input.nowMs >= closesAtMs) throw refuse('No-shows can be reported only within 24 hours after the lesson.', 'no_show_window_closed');
  if (input.existing) throw refuse('A no-show was already reported for this lesson.', 'no_show_already_reported');
}

/** Refuses a dispute by anyone but the party reported absent, after the window, or twice. */
export function assertMayDispute(input: { report: NoShowReport; disputer: Canceller; nowMs: number }): void {
  const { report } = input;
  if (input.disputer !== absentParty(report.reporter)) {
    throw new DomainError('forbidden', 'Only the party reported absent can dispute the report.', { code: 'not_the_reported_party' });
  }
  if (report.resolvedAtMs !== null) throw refuse('This no-show report was already resolved.', 'no_show_resolved');
  if (report.disputedAtMs !== null) throw refuse('This no-show report is already disputed.', 'no_show_already_disputed');
  if (input.nowMs >= disputeDeadlineMs(report.reportedAtMs)) throw refuse('A report can be disputed only within 24 hours.', 'dispute_window_closed');
}

/** Whether the hourly sweep resolves this report now: undisputed, unresolved, its dispute window closed. */
export function undisputedResolutionDue(report: NoShowReport, nowMs: number): boolean {
  return report.resolvedAtMs === null && report.disputedAtMs === null && nowMs >= disputeDeadlineMs(report.reportedAtMs);
}

/** What an undisputed report finds: its claim. */
export function undisputedFinding(report: NoShowReport): NoShowFinding {
  return absentParty(report.reporter);
}

export interface NoShowOutcome {
  status: BookingStatus;
  /** The provider call the resolution makes itself; a capture is left to the payment timeline. */
  cardAction: 'none' | 'release' | 'refund';
  releaseAuthorization: boolean;
  refundCents: number;
  creditsReturnedCents: number;
  /** The whole price stays paid (card + credits) and is captured on the timeline. */
  studentPaysCents: number;
  instructorPaid: boolean;
  instructorCents: number;
  platformKeepsCents: number;
  countsAgainstInstructor: boolean;
}

export function noShowResolution(input: {
  status: BookingStatus;
  absent: NoShowFinding;
  paymentState: PaymentState;
  lessonCents: number;
  bookingFeeCents: number;
  creditsUsedCents: number;
  cardCents: number;
  commissionTier: CommissionTier;
}): NoShowOutcome {
  const { lessonCents: lesson, bookingFeeCents: fee, creditsUsedCents: credits, cardCents: card } = input;
  for (const [name, value] of Object.entries({ lesson, fee, credits, card })) {
    if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`${name} must be whole cents ≥ 0, got ${value}`);
  }
  if (card + credits !== lesson + fee) throw new RangeError('card + credits must pay exactly the lesson and the booking fee');
  const status = transition(input.status, { type: 'no_show_resolved', absent: input.absent });

  if (input.absent === 'instructor') {
    const state = input.paymentState;
    if (state === 'released' || state === 'refunded' || state === 'partially_refunded') {
      throw new DomainError('conflict', `This booking's payment is already ${state.replace(/_/g, ' ')}.`, { code: 'payment_settled', paymentState: state });
    }
    const cardAction = state === 'authorized' ? 'release' : state === 'captured' ? 'refund' : 'none';
    return {
      status,
      cardAction,
      releaseAuthorization: cardAction === 'release',
      refundCents: cardAction === 'refund' ? card : 0,
      creditsReturnedCents: credits,
      studentPaysCents: 0,
      instructorPaid: false,
      instructorCents: 0,
      platformKeepsCents: 0,
      countsAgainstInstructor: true,
    };
  }
  // The student's absence or a lesson that took place: paid as a completed lesson.
  const commission = commissionCents(lesson, input.commissionTier);
  return {
    status,
    cardAction: 'none',
    releaseAuthorization: false,
    refundCents: 0,
    creditsReturnedCents: 0,
    studentPaysCents: lesson + fee,
    instructorPaid: true,
    instructorCents: lesson - commission,
    platformKeepsCents: fee + commission,
    countsAgainstInstructor: false,
  };
}

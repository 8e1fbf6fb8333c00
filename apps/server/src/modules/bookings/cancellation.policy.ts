import { DomainError } from '../../platform/errors.ts';
import { formatCents } from '../instructors/pricing.policy.ts';
import { commissionCents, type CommissionTier } from '../payments/fees.policy.ts';
import type { BookingStatus, Canceller, PaymentState } from './booking-states.ts';
import { canTransition, type CancelReason } from './booking.policy.ts';

/**
 * What a cancellation does to the money (PRODUCT.md §6, issue 11 item 5): the same answer for
 * the preview (`GET …/cancellation-preview`) and for the cancellation itself. Pure.
 *
 * The tiers are measured from the ORIGINAL start (PRODUCT.md §5): a reschedule never moves them,
 * so moving a lesson that is inside 24 h and then cancelling costs what cancelling the original
 * would have — and once the original start has passed, a student's cancellation is `very_late`
 * even when the lesson was moved later.
 *
 * Student, by time left before the original start:
 *   more than 24 h        → free: nothing charged (an authorization is released, a charge
 *                           refunded), credits used are returned;
 *   12 h to 24 h, both ends included (exactly 24 h and exactly 12 h are "12–24 h") → late:
 *                           the lesson and fee are charged, the student receives the lesson
 *                           price as credit, the instructor is not paid, the fee is kept;
 *   less than 12 h        → very late: charged in full, the instructor paid their share.
 * Instructor, any time     → full refund (release, or refund if captured), credits returned,
 *                           counted against the instructor.
 * A failed payment (T-6 h) → nothing was charged; credits returned; no tier applies (its own
 *                           `payment_failed` outcome).
 * A hold never confirmed (`awaiting_method`) cancels free whatever the time: nothing was promised.
 *
 * Money is conserved: cardChargeCents + credits kept (used − returned)
 *   = instructorCents + platformKeepsCents + creditIssuedCents.
 */
const HOUR_MS = 60 * 60_000;
export const FREE_CANCELLATION_BEFORE_MS = 24 * HOUR_MS;
export const CREDIT_CANCELLATION_BEFORE_MS = 12 * HOUR_MS;

export type CancellationTier = 'free' | 'late' | 'very_late' | 'instructor' | 'payment_failed';

/** The provider call the cancellation makes: none, cancel the authorization, capture it, charge at once, or refund a capture. */
export type CardAction = 'none' | 'release' | 'capture' | 'charge' | 'refund';

export interface CancellationInput {
  by: Canceller;
  reason?: CancelReason;
  nowMs: number;
  originalStartsAtMs: number;
  lessonCents: number;
  bookingFeeCents: number;
  creditsUsedCents: number;
  /** What the card pays: lesson + fee − credits used. */
  cardCents: number;
  paymentState: PaymentState;
  /** The instructor's commission tier now: it prices their share when a very late cancellation pays them. */
  commissionTier: CommissionTier;
}

export interface CancellationOutcome {
  tier: CancellationTier;
  cardAction: CardAction;
  /** What the student's card pays for this booking in the end. */
  cardChargeCents: number;
  releaseAuthorization: boolean;
  /** Given back to the card from a capture already made. */
  refundCents: number;
  /** New platform credit for the student (the 12–24 h tier: the lesson price). */
  creditIssuedCents: number;
  /** Credits used at checkout that go back to the student. */
  creditsReturnedCents: number;
  instructorPaid: boolean;
  instructorCents: number;
  /** Booking fee (and commission, when the instructor is paid) kept by the platform. */
  platformKeepsCents: number;
  countsAgainstInstructor: boolean;
  /** Plain words for the preview. */
  summary: string;
}

/** The instants the tiers change, for "free until …" (free while now < freeUntilMs; late while now ≤ lateUntilMs). */
export function cancellationDeadlines(originalStartsAtMs: number): { freeUntilMs: number; lateUntilMs: number } {
  if (!Number.isSafeInteger(originalStartsAtMs)) throw new RangeError(`originalStartsAtMs must be epoch milliseconds, got ${originalStartsAtMs}`);
  return { freeUntilMs: originalStartsAtMs - FREE_CANCELLATION_BEFORE_MS, lateUntilMs: originalStartsAtMs - CREDIT_CANCELLATION_BEFORE_MS };
}

/** The student's tier at `nowMs`, by the original start. */
export function studentCancellationTier(originalStartsAtMs: number, nowMs: number): 'free' | 'late' | 'very_late' {
  const { freeUntilMs, lateUntilMs } = cancellationDeadlines(originalStartsAtMs);
  if (nowMs < freeUntilMs) return 'free';
  return nowMs <= lateUntilMs ? 'late' : 'very_late';
}

/**
 * Whether a booking may be cancelled now: only a hold or a confirmed lesson, and only before it
 * starts (after the start, an absence is a no-show report, not a cancellation).
 */
export function assertCancellable(booking: { status: BookingStatus; startsAtMs: number }, by: Canceller, nowMs: number): void {
  if (!canTransition(booking.status, { type: 'cancelled', by })) {
    throw new DomainError('conflict', `A booking that is ${booking.status.replace(/_/g, ' ')} cannot be cancelled.`, { code: 'illegal_transition', from: booking.status, event: 'cancelled' });
  }
  if (nowMs >= booking.startsAtMs) {
    throw new DomainError('conflict', 'The lesson has started: it can no longer be cancelled (report a no-show instead).', { code: 'lesson_started' });
  }
}

function wholeCents(name: string, value: number): number {
  if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`${name} must be whole cents ≥ 0, got ${value}`);
  return value;
}

const SETTLED: readonly PaymentState[] = ['released', 'refunded', 'partially_refunded'];

export function cancellationOutcome(input: CancellationInput): CancellationOutcome {
  const lesson = wholeCents('lessonCents', input.lessonCents);
  const fee = wholeCents('bookingFeeCents', input.bookingFeeCents);
  const creditsUsed = wholeCents('creditsUsedCents', input.creditsUsedCents);
  const card = wholeCents('cardCents', input.cardCents);
  if (card + creditsUsed !== lesson + fee) throw new RangeError('card + credits must pay exactly the lesson and the booking fee');
  const state = input.paymentState;
  if (SETTLED.includes(state)) {
    throw new DomainError('conflict', `This booking's payment is already ${state.replace(/_/g, ' ')}.`, { code: 'payment_settled', paymentState: state });
  }
  const reason = input.reason ?? 'requested';
  if (reason === 'payment_failed' && (input.by !== 'student' || state !== 'authorization_failed')) {
    throw new DomainError('conflict', 'Only a booking whose card failed is cancelled for a failed payment, on the student’s side.', { code: 'illegal_transition' });
  }

  const tier: CancellationTier =
    reason === 'payment_failed'
      ? 'payment_failed'
      : input.by === 'instructor'
        ? 'instructor'
        : state === 'awaiting_method'
          ? 'free'
          : studentCancellationTier(input.originalStartsAtMs, input.nowMs);

  if (tier === 'free' || tier === 'instructor' || tier === 'payment_failed') {
    // Nothing is charged: undo whatever the card already carries; credits go back.
    const cardAction: CardAction = state === 'authorized' ? 'release' : state === 'captured' ? 'refund' : 'none';
    const outcome = {
      tier,
      cardAction,
      cardChargeCents: 0,
      releaseAuthorization: cardAction === 'release',
      refundCents: cardAction === 'refund' ? card : 0,
      creditIssuedCents: 0,
      creditsReturnedCents: creditsUsed,
      instructorPaid: false,
      instructorCents: 0,
      platformKeepsCents: 0,
      countsAgainstInstructor: tier === 'instructor',
    };
    return { ...outcome, summary: summaryOf(outcome, { card, creditsUsed, lesson, fee }) };
  }

  // Late and very late: the whole price is paid (card + credits kept); capture what is held,
  // charge what is not yet (a lesson moved later may not be authorized yet), nothing if captured.
  const cardAction: CardAction = card === 0 || state === 'captured' ? 'none' : state === 'authorized' ? 'capture' : 'charge';
  const commission = tier === 'very_late' ? commissionCents(lesson, input.commissionTier) : 0;
  const outcome = {
    tier,
    cardAction,
    cardChargeCents: card,
    releaseAuthorization: false,
    refundCents: 0,
    creditIssuedCents: tier === 'late' ? lesson : 0,
    creditsReturnedCents: 0,
    instructorPaid: tier === 'very_late',
    instructorCents: tier === 'very_late' ? lesson - commission : 0,
    platformKeepsCents: fee + commission,
    countsAgainstInstructor: false,
  };
  return { ...outcome, summary: summaryOf(outcome, { card, creditsUsed, lesson, fee }) };
}

function summaryOf(
  outcome: Omit<CancellationOutcome, 'summary'>,
  amounts: { card: number; creditsUsed: number; lesson: number; fee: number },
): string {
  const { card, creditsUsed, lesson, fee } = amounts;
  const cardBack =
    outcome.cardAction === 'release'
      ? `the ${formatCents(card)} hold on the card is released`
      : outcome.cardAction === 'refund'
        ? `${formatCents(card)} is refunded to the card`
        : null;
  const creditsBack = outcome.creditsReturnedCents > 0 ? `${formatCents(outcome.creditsReturnedCents)} of credit is returned` : null;
  const giveBack = [cardBack, creditsBack].filter(Boolean).join(' and ');
  const paid = [card > 0 ? `${formatCents(card)} on the card` : null, creditsUsed > 0 ? `${formatCents(creditsUsed)} of credit` : null].filter(Boolean).join(' and ');
  switch (outcome.tier) {
    case 'free':
      return `Free cancellation: nothing is charged${giveBack ? `; ${giveBack}` : ''}.`;
    case 'payment_failed':
      return `Cancelled because the card could not be charged: nothing is charged${giveBack ? `; ${giveBack}` : ''}.`;
    case 'instructor':
      return `The instructor cancels: the student is refunded in full${giveBack ? ` (${giveBack})` : ''}. This cancellation counts against the instructor.`;
    case 'late':
      return `Late cancellation (12 to 24 hours before the lesson): the lesson and booking fee, ${formatCents(lesson + fee)}, are charged (${paid}), and ${formatCents(lesson)} comes back as credit for a future lesson. The instructor is not paid.`;
    case 'very_late':
      return `Cancellation less than 12 hours before the lesson: the full ${formatCents(lesson + fee)} is charged (${paid}) and the instructor is paid. Nothing is refunded.`;
  }
}

import type { BookingStatus, PaymentState } from './booking-states.ts';

/**
 * The 24-hour payment timeline (PRODUCT.md §6, issue 11 item 4), in absolute hours around the
 * lesson's CURRENT start (a reschedule moves the payment with the lesson; only the cancellation
 * terms stay on the original start):
 *   authorize at T-24 h, or at once when the booking was made later than that;
 *   after a failed authorization, retry at T-22 h, T-20 h, T-18 h (the ones still ahead of the
 *     first authorization: a booking made at T-21 h has two retries);
 *   at T-12 h (or at once, if the first authorization came later) the `payment_failed` notice;
 *   at T-6 h (or at once, likewise) cancel the unpaid booking (cancelled_by_student, reason
 *     payment_failed: see booking.policy.ts);
 *   capture 24 h after the lesson ends, unless a no-show report is still open (a lesson paid
 *     wholly with credit is settled then too: no card, the credit is spent and the instructor's
 *     share transferred).
 *
 * Hours are ELAPSED hours (epoch milliseconds), never wall-clock hours in the marketplace zone:
 * the card hold, the student's time to fix a card and the provider's own clocks all run in real
 * time, so on a daylight-saving weekend T-24 h is 24 real hours before the lesson even though
 * the wall clock then reads 23 or 25 hours earlier. Pure: the sweep passes `nowMs` from the Clock.
 */
const HOUR_MS = 60 * 60_000;

export const AUTHORIZE_BEFORE_MS = 24 * HOUR_MS;
export const RETRY_BEFORE_MS: readonly number[] = [22 * HOUR_MS, 20 * HOUR_MS, 18 * HOUR_MS];
export const PAYMENT_FAILED_NOTICE_BEFORE_MS = 12 * HOUR_MS;
export const CANCEL_UNPAID_BEFORE_MS = 6 * HOUR_MS;
export const CAPTURE_AFTER_END_MS = 24 * HOUR_MS;
/**
 * A card authorization lapses this long after it was made, at the shortest: integrations.md
 * §1.1 gives 7 days for card-not-present payments, but 4 days 18 h for a Visa merchant-initiated
 * one — which the timeline's T-24 h authorization is (off session); the local Stripe cancels
 * each at its own time. One bound for every card, so a Visa hold is never counted on too long.
 * A hold must be captured before: the margin covers the hourly capture sweep and a short outage.
 */
export const AUTHORIZATION_LIFETIME_MS = (4 * 24 + 18) * HOUR_MS;
export const AUTHORIZATION_CAPTURE_MARGIN_MS = 6 * HOUR_MS;
/**
 * A hold made more than this before its lesson's end lapses before the capture
 * (`authorizationLapsesBeforeCapture`), in seconds: the authorization sweep's query for such
 * holds and its partial index (migration 0031) say it as this literal.
 */
export const EARLY_HOLD_SECONDS = (AUTHORIZATION_LIFETIME_MS - CAPTURE_AFTER_END_MS - AUTHORIZATION_CAPTURE_MARGIN_MS) / 1000;
/**
 * The transfer of the instructor's share the platform pays from its balance (the part credits
 * funded): a refusal (the balance short, the account restricted) is tried again 2 h later, like
 * the authorization retries, each try with its own key (the provider answers a key's first
 * result again); after the 4th refusal it stops and waits for an admin (the bookings' payment
 * attention list).
 */
export const TRANSFER_MAX_ATTEMPTS = 4;
/**
 * Authorizations asked of one lesson's card in all (the timeline's, the lesson page's, a move's
 * ahead of time): a bound so a loop of declined cards ends, and each attempt's key stays within
 * what the steps table holds (renewals and reauthorizations need room after it).
 */
export const MAX_AUTHORIZATION_ATTEMPTS = 10;

/** Whether a lesson whose card was asked `made` times may be asked again by a student's action. */
export function authorizationAttemptsLeft(made: number): boolean {
  return made < MAX_AUTHORIZATION_ATTEMPTS;
}
/**
 * How many times a hold kept by an open no-show report is renewed (each one 4 days 18 h): a
 * dispute left by the admins past that (about 15 days) lets the hold lapse, and a later finding
 * against the student shows as a refused capture on the payment attention list.
 */
export const MAX_HOLD_RENEWALS = 3;
export const TRANSFER_RETRY_AFTER_MS = 2 * HOUR_MS;

/** The retry after transfer attempt `attempt` was refused at `refusedAtMs`, or null when the attempts are used up. */
export function transferRetry(attempt: number, refusedAtMs: number): { attempt: number; dueAtMs: number } | null {
  if (!Number.isSafeInteger(attempt) || attempt < 1) throw new RangeError(`attempt must be a whole number ≥ 1, got ${attempt}`);
  return attempt >= TRANSFER_MAX_ATTEMPTS ? null : { attempt: attempt + 1, dueAtMs: refusedAtMs + TRANSFER_RETRY_AFTER_MS };
}

export interface LessonTimes {
  startsAtMs: number;
  endsAtMs: number;
  createdAtMs: number;
}

export interface PaymentSchedule {
  authorizeAtMs: number;
  /** The retries still ahead of the first authorization, in order. */
  retryAtMs: number[];
  paymentFailedNoticeAtMs: number;
  cancelUnpaidAtMs: number;
  captureAtMs: number;
}

function checkTimes({ startsAtMs, endsAtMs, createdAtMs }: LessonTimes): void {
  for (const [name, value] of Object.entries({ startsAtMs, endsAtMs, createdAtMs })) {
    if (!Number.isSafeInteger(value)) throw new RangeError(`${name} must be epoch milliseconds, got ${value}`);
  }
  if (endsAtMs <= startsAtMs) throw new RangeError('a lesson must end after it starts');
}

/** When each step of the timeline falls due (the lesson page shows these; the sweep uses `nextPaymentStep`). */
export function paymentSchedule(times: LessonTimes): PaymentSchedule {
  checkTimes(times);
  const { startsAtMs, endsAtMs, createdAtMs } = times;
  const authorizeAtMs = Math.max(startsAtMs - AUTHORIZE_BEFORE_MS, createdAtMs);
  // Nothing on the failure path can fall due before the first authorization was even tried.
  const notBeforeAuthorize = (before: number) => Math.max(startsAtMs - before, authorizeAtMs);
  return {
    authorizeAtMs,
    retryAtMs: RETRY_BEFORE_MS.map((before) => startsAtMs - before).filter((at) => at > authorizeAtMs),
    paymentFailedNoticeAtMs: notBeforeAuthorize(PAYMENT_FAILED_NOTICE_BEFORE_MS),
    cancelUnpaidAtMs: notBeforeAuthorize(CANCEL_UNPAID_BEFORE_MS),
    captureAtMs: endsAtMs + CAPTURE_AFTER_END_MS,
  };
}

export type PaymentStep = 'authorize' | 'retry_authorize' | 'send_payment_failed_notice' | 'cancel_unpaid' | 'capture' | 'renew_authorization' | 'none';

export interface PaymentStepInput extends LessonTimes {
  status: BookingStatus;
  paymentState: PaymentState;
  /**
   * Authorization attempts made since the booking was made, the first one included. Never reset:
   * after a card update or a reschedule the retries already used stay used, so a student cannot
   * buy more attempts than the timeline gives.
   */
  attempts: number;
  /** Whether the `payment_failed` notice went out. */
  noticeSent: boolean;
  /** A no-show report awaiting its dispute window or an admin: the capture waits for the finding. */
  noShowReportOpen?: boolean;
  /**
   * Whether the capture step was taken. Only read for a lesson paid wholly with credit
   * (`not_required`, a final payment state): its "capture" has no card to charge — the credit
   * becomes the platform's revenue and the instructor's payable, and the instructor's share is
   * transferred from the platform's balance — so the step's own record says it is done.
   */
  captureTaken?: boolean;
  /**
   * When the hold now on the card was made: a hold that would lapse before the capture is
   * renewed — while a no-show report holds the capture (a late finding must not find it lapsed),
   * or at once for a lesson ahead holding one made too early (given back; asked again at T-24 h).
   */
  authorizedAtMs?: number | null;
  /** The renewals of that hold already made (MAX_HOLD_RENEWALS at most). */
  holdRenewals?: number;
  nowMs: number;
}

export interface NextPaymentStep {
  step: PaymentStep;
  /** When it falls due; null for `none`. */
  dueAtMs: number | null;
  /** Whether the sweep running at `nowMs` takes it now. */
  due: boolean;
}

const NOTHING: NextPaymentStep = { step: 'none', dueAtMs: null, due: false };

/**
 * The next payment step of one booking and when it falls due: a sweep takes each booking whose
 * step is `due`, does it, records the result and asks again (one run may catch up several steps
 * after an outage, still in order). Once T-6 h has passed the cancellation wins over any retry
 * or notice left undone: the lesson is too close to wait for a card.
 */
export function nextPaymentStep(input: PaymentStepInput): NextPaymentStep {
  const schedule = paymentSchedule(input);
  const { status, paymentState, attempts, nowMs } = input;
  if (!Number.isSafeInteger(attempts) || attempts < 0) throw new RangeError(`attempts must be a whole number ≥ 0, got ${attempts}`);
  const at = (step: PaymentStep, dueAtMs: number): NextPaymentStep => ({ step, dueAtMs, due: dueAtMs <= nowMs });

  if (status === 'confirmed') {
    if (paymentState === 'scheduled') return at('authorize', schedule.authorizeAtMs);
    // A hold made too early to last until the capture (one asked for a move to within 24 h that
    // then failed or was interrupted, settled later by the sweep): given back at once, and the
    // card asked again at T-24 h — a hold counted on past its life would be a refused capture.
    if (paymentState === 'authorized' && input.authorizedAtMs != null && authorizationLapsesBeforeCapture({ authorizedAtMs: input.authorizedAtMs, endsAtMs: input.endsAtMs })) {
      return at('renew_authorization', input.authorizedAtMs);
    }
    if (paymentState !== 'authorization_failed') return NOTHING;
    if (attempts < 1) throw new RangeError('a failed authorization means at least one attempt');
    if (nowMs >= schedule.cancelUnpaidAtMs) return at('cancel_unpaid', schedule.cancelUnpaidAtMs);
    const retry = schedule.retryAtMs[attempts - 1];
    if (retry !== undefined) return at('retry_authorize', retry);
    if (!input.noticeSent) return at('send_payment_failed_notice', schedule.paymentFailedNoticeAtMs);
    return at('cancel_unpaid', schedule.cancelUnpaidAtMs);
  }

  // The instructor is paid for a completed lesson and for a student's no-show (PRODUCT.md §5).
  if (status === 'completed' || status === 'no_show_student') {
    // Only after an outage that let the lesson end unauthorized: the money is still owed.
    if (paymentState === 'scheduled') return at('authorize', schedule.authorizeAtMs);
    if (paymentState === 'authorized' && !input.noShowReportOpen) return at('capture', schedule.captureAtMs);
    // A report still open as the hold nears its lapse: the hold is given back and made again
    // (a new 4 days 18 h), so the instructor can still be paid whatever the finding and whenever.
    if (paymentState === 'authorized' && input.noShowReportOpen && input.authorizedAtMs != null && (input.holdRenewals ?? 0) < MAX_HOLD_RENEWALS) {
      return at('renew_authorization', input.authorizedAtMs + AUTHORIZATION_LIFETIME_MS - AUTHORIZATION_CAPTURE_MARGIN_MS);
    }
    // Paid wholly with credit: settled at the same time as a card lesson's capture, after the no-show window.
    if (paymentState === 'not_required' && !input.captureTaken && !input.noShowReportOpen) return at('capture', schedule.captureAtMs);
  }
  return NOTHING;
}

/**
 * Whether a hold made at `authorizedAtMs` would lapse before the capture of a lesson ending at
 * `endsAtMs` (end + 24 h, with the margin): a lesson rescheduled that far gives it back and is
 * authorized again on the timeline (reschedule.policy.ts, payment event `reauthorization_needed`).
 */
export function authorizationLapsesBeforeCapture(input: { authorizedAtMs: number; endsAtMs: number }): boolean {
  return input.endsAtMs + CAPTURE_AFTER_END_MS + AUTHORIZATION_CAPTURE_MARGIN_MS > input.authorizedAtMs + AUTHORIZATION_LIFETIME_MS;
}

/**
 * Whether the completion sweep turns a confirmed lesson `completed` now: at its end, unless its
 * authorization is failing — then the T-6 h cancellation (already due) comes first, and an
 * unpaid lesson is never counted as given.
 */
export function lessonCompletionDue(input: { status: BookingStatus; paymentState: PaymentState; endsAtMs: number; nowMs: number }): boolean {
  return input.status === 'confirmed' && input.nowMs >= input.endsAtMs && input.paymentState !== 'authorization_failed';
}

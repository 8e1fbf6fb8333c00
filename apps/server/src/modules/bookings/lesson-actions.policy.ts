import { DomainError } from '../../platform/errors.ts';
import type { BookingViewer } from './booking-view.ts';
import type { BookingStatus, Canceller, PaymentState } from './booking-states.ts';
import { assertCancellable } from './cancellation.policy.ts';
import { assertCardChangeable } from './card-change.policy.ts';
import { assertMayDispute, assertMayReport, statusAtReport, type NoShowReport } from './no-show.policy.ts';
import { assertMayReschedule } from './reschedule.policy.ts';
import { isRefundable, tipClosedRefusal } from './tips-refunds.policy.ts';

/**
 * What the reader of a booking may do with it now (issue 11 §14: the web shows exactly these).
 * Pure, and no rule of its own: each answer asks the policy the action's route asks —
 * cancellation.policy (cancel), card-change.policy (pay with another card), reschedule.policy (reschedule), no-show.policy (report,
 * dispute, an admin's finding), tips-refunds.policy (tip, refund) — with the booking's data and
 * the time, so the page and the API cannot disagree. What only a running step decides (a
 * payment step in flight, a card the provider refuses) is left to the action's answer.
 *
 * Only the parties act on their lesson; an admin refunds and decides disputed no-shows.
 */
export const LESSON_ACTIONS = ['cancel', 'reschedule', 'reportNoShow', 'disputeNoShow', 'tip', 'payWithAnotherCard', 'refund', 'resolveNoShow'] as const;
export type LessonAction = (typeof LESSON_ACTIONS)[number];
export type AllowedActions = Record<LessonAction, boolean>;

export interface LessonActionsInput {
  viewer: BookingViewer;
  status: BookingStatus;
  paymentState: PaymentState;
  startsAtMs: number;
  endsAtMs: number;
  /** When the booking was made (the payment timeline starts from it). */
  createdAtMs: number;
  rescheduleCount: number;
  /** The provider's charge, once there is one (a refund needs it). */
  paymentId: string | null;
  /** The card saved on the booking (a tip is charged to it). */
  paymentMethodId: string | null;
  noShowReport: NoShowReport | null;
  /** A tip given or being charged for this lesson (a declined one does not count). */
  tipGiven: boolean;
  nowMs: number;
}

/** True when `check` passes; false when it refuses with a DomainError (a bug's error still throws). */
function passes(check: () => void): boolean {
  try {
    check();
    return true;
  } catch (error) {
    if (error instanceof DomainError) return false;
    throw error;
  }
}

export function allowedActions(input: LessonActionsInput): AllowedActions {
  const party: Canceller | null = input.viewer === 'admin' ? null : input.viewer;
  const admin = input.viewer === 'admin';
  const report = input.noShowReport;
  return {
    cancel: party !== null && passes(() => assertCancellable({ status: input.status, startsAtMs: input.startsAtMs }, party, input.nowMs)),
    reschedule:
      party !== null &&
      passes(() =>
        assertMayReschedule({
          by: party,
          status: input.status,
          paymentState: input.paymentState,
          startsAtMs: input.startsAtMs,
          rescheduleCount: input.rescheduleCount,
          nowMs: input.nowMs,
        }),
      ),
    reportNoShow:
      party !== null &&
      passes(() =>
        assertMayReport({
          status: statusAtReport({ status: input.status, paymentState: input.paymentState, endsAtMs: input.endsAtMs, nowMs: input.nowMs }),
          endsAtMs: input.endsAtMs,
          nowMs: input.nowMs,
          reporter: party,
          existing: report,
        }),
      ),
    disputeNoShow: party !== null && report !== null && passes(() => assertMayDispute({ report, disputer: party, nowMs: input.nowMs })),
    tip:
      input.viewer === 'student' &&
      tipClosedRefusal({ status: input.status, endsAtMs: input.endsAtMs, nowMs: input.nowMs, tipGiven: input.tipGiven, hasSavedCard: input.paymentMethodId !== null }) === null,
    // Offered when the card was refused (the payment_failed email's link); the route also takes a card before the first authorization.
    payWithAnotherCard: input.viewer === 'student' && input.paymentState === 'authorization_failed' && passes(() => assertCardChangeable(input)),
    refund: admin && isRefundable({ paymentState: input.paymentState, paymentId: input.paymentId }),
    resolveNoShow: admin && report !== null && report.resolvedAtMs === null,
  };
}

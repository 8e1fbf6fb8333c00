import { z } from 'zod';
import { PAYMENT_STEP_KINDS } from './booking-payment-steps.tables.ts';
import { timelineAttempts, type PaymentStepRow } from './booking-payments.repository.ts';
import type { BookingView } from './booking-view.ts';
import type { BookingRow } from './bookings.repository.ts';
import { nextPaymentStep, paymentSchedule, type PaymentStep } from './payment-timeline.policy.ts';

const NEXT_STEPS = ['authorize', 'retry_authorize', 'send_payment_failed_notice', 'cancel_unpaid', 'capture'] as const satisfies readonly PaymentStep[];

export const PaymentTimelineSchema = z
  .object({
    authorizeAt: z.string().describe('T-24 h (or the booking time, when it was made later)'),
    retryAt: z.array(z.string()).describe('Retries after a refused authorization (T-22/-20/-18 h, those after the first attempt)'),
    paymentFailedNoticeAt: z.string().describe('T-12 h: the student is emailed if the card still fails'),
    cancelUnpaidAt: z.string().describe('T-6 h: an unpaid lesson is cancelled'),
    captureAt: z.string().describe('24 h after the lesson ends'),
    next: z.object({ step: z.enum(NEXT_STEPS), dueAt: z.string() }).nullable().describe('What the timeline does next, or null when nothing is left or it waits for a no-show finding'),
    steps: z
      .array(
        z.object({
          step: z.enum(PAYMENT_STEP_KINDS),
          attempt: z.number().int(),
          startedAt: z.string(),
          finishedAt: z.string().nullable().describe('Null while the step is in flight'),
          outcome: z.enum(['succeeded', 'failed', 'superseded']).nullable(),
        }),
      )
      .describe('What happened, oldest first'),
  })
  .meta({ id: 'PaymentTimeline' });

export type PaymentTimelineView = z.infer<typeof PaymentTimelineSchema>;

/**
 * The payment timeline a booking's reader sees (GET /bookings/{id}): when each step falls due
 * by payment-timeline.policy.ts, what comes next at `nowMs`, and the steps taken. Decline
 * reasons and provider ids stay out (the instructor reads this too).
 */
export function paymentTimelineOf(row: BookingRow, steps: readonly PaymentStepRow[], nowMs: number, report: { noShowReportOpen: boolean } = { noShowReportOpen: false }): PaymentTimelineView {
  const times = { startsAtMs: row.startsAt.getTime(), endsAtMs: row.endsAt.getTime(), createdAtMs: row.createdAt.getTime() };
  const schedule = paymentSchedule(times);
  const iso = (ms: number) => new Date(ms).toISOString();
  const attempts = timelineAttempts(steps).counted;
  const next =
    row.paymentState === 'authorization_failed' && attempts === 0
      ? null
      : nextPaymentStep({
          ...times,
          status: row.status,
          paymentState: row.paymentState,
          attempts,
          noticeSent: steps.some((step) => step.step === 'payment_failed_notice'),
          captureTaken: steps.some((step) => step.step === 'capture'),
          // As the sweep sees it: an open no-show report holds the capture until the finding.
          noShowReportOpen: report.noShowReportOpen,
          nowMs,
        });
  return {
    authorizeAt: iso(schedule.authorizeAtMs),
    retryAt: schedule.retryAtMs.map(iso),
    paymentFailedNoticeAt: iso(schedule.paymentFailedNoticeAtMs),
    cancelUnpaidAt: iso(schedule.cancelUnpaidAtMs),
    captureAt: iso(schedule.captureAtMs),
    // The renewal of a hold kept by an open report is the platform's own care (never asked here:
    // no `authorizedAtMs`): the reader waits for the finding.
    next: next && next.step !== 'none' && next.step !== 'renew_authorization' && next.dueAtMs !== null ? { step: next.step, dueAt: iso(next.dueAtMs) } : null,
    steps: steps.map((step) => ({
      step: step.step,
      attempt: step.attempt,
      startedAt: step.startedAt.toISOString(),
      finishedAt: step.finishedAt?.toISOString() ?? null,
      outcome: step.outcome,
    })),
  };
}

/** The booking view with its payment timeline (the detail route's answer). */
export function withPaymentTimeline(
  view: BookingView,
  row: BookingRow,
  steps: readonly PaymentStepRow[],
  nowMs: number,
  report?: { noShowReportOpen: boolean },
): BookingView & { paymentTimeline: PaymentTimelineView } {
  return { ...view, paymentTimeline: paymentTimelineOf(row, steps, nowMs, report) };
}

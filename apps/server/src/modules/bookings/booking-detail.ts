import { z } from 'zod';
import type { Db } from '../../platform/db/database.ts';
import { tipView } from './booking-tips.service.ts';
import { BookingPaymentsRepository } from './booking-payments.repository.ts';
import { PaymentTimelineSchema, withPaymentTimeline } from './booking-payment-timeline.ts';
import { bookingView, type BookingViewer } from './booking-view.ts';
import type { BookingWithNames } from './bookings.repository.ts';
import { allowedActions, LESSON_ACTIONS, type LessonAction } from './lesson-actions.policy.ts';
import { absentParty, disputeDeadlineMs } from './no-show.policy.ts';
import { reschedulesLeft } from './reschedule.policy.ts';
import { BookingSchema } from './bookings.schemas.ts';
import { TipSchema } from './tips-refunds.routes.ts';

const instant = z.string().datetime({ offset: true });
const side = z.enum(['student', 'instructor']);

export const AllowedActionsSchema = z
  .object(Object.fromEntries(LESSON_ACTIONS.map((action) => [action, z.boolean()])) as Record<LessonAction, z.ZodBoolean>)
  .describe(
    'What you may do with this lesson now, by the same rules the action routes apply: cancel (POST …/cancel), reschedule (the student, before the start, at most twice), reportNoShow and disputeNoShow (within 24 h of the end / the report), tip (the student, on a completed lesson, up to 30 days, once), refund and resolveNoShow (admins)',
  )
  .meta({ id: 'BookingAllowedActions' });

export const BookingNoShowSchema = z
  .object({
    reporter: side,
    absent: side.describe('The side the report says was absent'),
    reportedAt: instant,
    disputeDeadline: instant.describe('The absent side may dispute until this instant'),
    disputedAt: instant.nullable(),
    resolvedAt: instant.nullable(),
    finding: z.enum(['student', 'instructor', 'nobody']).nullable().describe('Who was found absent once resolved; nobody: the lesson took place'),
  })
  .meta({ id: 'BookingNoShow' });

/** One booking read alone: its payment timeline, what the reader may do, the no-show report and the tip. */
export const BookingDetailSchema = BookingSchema.extend({
  paymentTimeline: PaymentTimelineSchema,
  viewer: z.enum(['student', 'instructor', 'admin']).describe('How you read this booking'),
  allowedActions: AllowedActionsSchema,
  reschedulesLeft: z.number().int().describe('Moves left (at most 2 per booking), whatever the status'),
  noShow: BookingNoShowSchema.nullable().describe('The no-show report, when one was made'),
  tip: TipSchema.nullable().describe('The tip given (or being charged) for this lesson; a declined attempt is not shown'),
}).meta({ id: 'BookingDetail' });

export type BookingDetailView = z.infer<typeof BookingDetailSchema>;

/** The detail route's answer for this reader at `nowMs`. */
export async function bookingDetail(db: Db, row: BookingWithNames, viewer: BookingViewer, nowMs: number): Promise<BookingDetailView> {
  const [steps, report, tips] = await Promise.all([
    new BookingPaymentsRepository().steps(db, row.id),
    db.selectFrom('noShowReports').selectAll().where('bookingId', '=', row.id).executeTakeFirst(),
    db.selectFrom('bookingTips').selectAll().where('bookingId', '=', row.id).where('state', '!=', 'failed').orderBy('createdAt', 'desc').limit(1).execute(),
  ]);
  const tip = tips[0] ?? null;
  const policyReport = report
    ? { reporter: report.reporter, reportedAtMs: report.reportedAt.getTime(), disputedAtMs: report.disputedAt?.getTime() ?? null, resolvedAtMs: report.resolvedAt?.getTime() ?? null }
    : null;
  return {
    ...withPaymentTimeline(bookingView(row, viewer), row, steps, nowMs),
    viewer,
    allowedActions: allowedActions({
      viewer,
      status: row.status,
      paymentState: row.paymentState,
      startsAtMs: row.startsAt.getTime(),
      endsAtMs: row.endsAt.getTime(),
      createdAtMs: row.createdAt.getTime(),
      rescheduleCount: row.rescheduleCount,
      paymentId: row.paymentId,
      paymentMethodId: row.paymentMethodId,
      noShowReport: policyReport,
      tipGiven: tip !== null,
      nowMs,
    }),
    reschedulesLeft: reschedulesLeft(row.rescheduleCount),
    noShow: report
      ? {
          reporter: report.reporter,
          absent: absentParty(report.reporter),
          reportedAt: report.reportedAt.toISOString(),
          disputeDeadline: new Date(disputeDeadlineMs(report.reportedAt.getTime())).toISOString(),
          disputedAt: report.disputedAt?.toISOString() ?? null,
          resolvedAt: report.resolvedAt?.toISOString() ?? null,
          finding: report.finding,
        }
      : null,
    tip: tip ? tipView(tip) : null,
  };
}

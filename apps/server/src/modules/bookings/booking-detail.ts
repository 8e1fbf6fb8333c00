import { z } from 'zod';
import type { Db } from '../../platform/db/database.ts';
import { tipView } from './booking-tips.service.ts';
import { BookingPaymentsRepository } from './booking-payments.repository.ts';
import { PaymentTimelineSchema, withPaymentTimeline } from './booking-payment-timeline.ts';
import { bookingView, type BookingViewer } from './booking-view.ts';
import type { BookingWithNames } from './bookings.repository.ts';
import { allowedActions, type AllowedActions } from './lesson-actions.policy.ts';
import { absentParty, disputeDeadlineMs } from './no-show.policy.ts';
import { reschedulesLeft } from './reschedule.policy.ts';
import { AllowedActionsSchema, BookingListItemSchema, BookingSchema } from './bookings.schemas.ts';
import { TipSchema } from './tips-refunds.routes.ts';

const instant = z.string().datetime({ offset: true });
const side = z.enum(['student', 'instructor']);

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
export type BookingListItemView = z.infer<typeof BookingListItemSchema>;

type NoShowReportRow = { bookingId: string; reporter: 'student' | 'instructor'; reportedAt: Date; disputedAt: Date | null; resolvedAt: Date | null };

/** What the reader may do with the booking now (lesson-actions.policy), from its row, its no-show report and whether a tip was given. */
function actionsOf(row: BookingWithNames, viewer: BookingViewer, report: NoShowReportRow | undefined, tipGiven: boolean, nowMs: number): AllowedActions {
  return allowedActions({
    viewer,
    status: row.status,
    paymentState: row.paymentState,
    startsAtMs: row.startsAt.getTime(),
    endsAtMs: row.endsAt.getTime(),
    createdAtMs: row.createdAt.getTime(),
    rescheduleCount: row.rescheduleCount,
    paymentId: row.paymentId,
    paymentMethodId: row.paymentMethodId,
    noShowReport: report
      ? { reporter: report.reporter, reportedAtMs: report.reportedAt.getTime(), disputedAtMs: report.disputedAt?.getTime() ?? null, resolvedAtMs: report.resolvedAt?.getTime() ?? null }
      : null,
    tipGiven,
    nowMs,
  });
}

/** A page of the reader's bookings, each with what they may do with it now (two reads for the page, not two per booking). */
export async function bookingListItems(db: Db, rows: readonly BookingWithNames[], viewer: BookingViewer, nowMs: number): Promise<BookingListItemView[]> {
  const ids = rows.map((row) => row.id);
  const [reports, tipped] =
    ids.length === 0
      ? [[], []]
      : await Promise.all([
          db.selectFrom('noShowReports').selectAll().where('bookingId', 'in', ids).execute(),
          db.selectFrom('bookingTips').select('bookingId').where('bookingId', 'in', ids).where('state', '!=', 'failed').execute(),
        ]);
  const reportOf = new Map(reports.map((report) => [report.bookingId, report]));
  const tippedIds = new Set(tipped.map((tip) => tip.bookingId));
  return rows.map((row) => ({ ...bookingView(row, viewer), allowedActions: actionsOf(row, viewer, reportOf.get(row.id), tippedIds.has(row.id), nowMs) }));
}

/** The detail route's answer for this reader at `nowMs`. */
export async function bookingDetail(db: Db, row: BookingWithNames, viewer: BookingViewer, nowMs: number): Promise<BookingDetailView> {
  const [steps, report, tips] = await Promise.all([
    new BookingPaymentsRepository().steps(db, row.id),
    db.selectFrom('noShowReports').selectAll().where('bookingId', '=', row.id).executeTakeFirst(),
    db.selectFrom('bookingTips').selectAll().where('bookingId', '=', row.id).where('state', '!=', 'failed').orderBy('createdAt', 'desc').limit(1).execute(),
  ]);
  const tip = tips[0] ?? null;
  return {
    ...withPaymentTimeline(bookingView(row, viewer), row, steps, nowMs, { noShowReportOpen: report !== undefined && report.resolvedAt === null }),
    viewer,
    allowedActions: actionsOf(row, viewer, report, tip !== null, nowMs),
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

import { hasPermission, type Principal } from '../../platform/auth/principal.ts';
import type { Clock } from '../../platform/clock.ts';
import type { Db, Tx } from '../../platform/db/database.ts';
import { DomainError, notFound } from '../../platform/errors.ts';
import type { JobDefinition } from '../../platform/jobs/job-types.ts';
import { requireOwner } from '../discovery/discovery-access.ts';
import { BookingChangeMoney, type MoneyPlan } from './booking-change-money.ts';
import { INTERRUPTED_AFTER_MS, type BookingChangesService } from './booking-changes.service.ts';
import type { Canceller } from './booking-states.ts';
import type { ChangeStep, NoShowReportsTable } from './booking-changes.tables.ts';
import { transition, type NoShowFinding } from './booking.policy.ts';
import type { BookingRow, BookingsRepository } from './bookings.repository.ts';
import {
  absentParty,
  assertMayDispute,
  assertMayReport,
  disputeDeadlineMs,
  noShowResolution,
  NO_SHOW_DISPUTE_WINDOW_MS,
  statusAtReport,
  type NoShowOutcome,
  type NoShowReport,
} from './no-show.policy.ts';

type ReportRow = NoShowReportsTable;

export interface NoShowView {
  bookingId: string;
  reporter: Canceller;
  absent: Canceller;
  reportedAt: string;
  disputeDeadline: string;
  disputedAt: string | null;
  disputeNote: string | null;
  resolvedAt: string | null;
  finding: NoShowFinding | null;
  status: BookingRow['status'];
  paymentState: BookingRow['paymentState'];
}

/**
 * No-shows (issue 11 item 7, no-show.policy.ts): either side reports the other absent within
 * 24 h after the lesson, the reported side may dispute within 24 h; the hourly sweep resolves
 * undisputed reports as claimed, an admin resolves disputed ones.
 *
 * Money of a resolution: an instructor's absence releases the authorization (or refunds a
 * capture) and gives the credits back, counted against the instructor; a student's absence, or
 * a lesson found to have taken place, leaves the authorization for the payment timeline's
 * capture (due at once, the report kept it waiting), which pays the instructor.
 */
export class NoShowsService {
  constructor(private readonly deps: { db: Db; clock: Clock; repository: BookingsRepository; money: BookingChangeMoney }) {}

  async report(principal: Principal | null, id: string): Promise<NoShowView> {
    const { by } = await this.party(principal, id);
    const { db, clock, repository } = this.deps;
    await db.transaction().execute(async (trx) => {
      const row = (await repository.lock(trx, id))!;
      const now = clock.now();
      let status = statusAtReport({ status: row.status, paymentState: row.paymentState, endsAtMs: row.endsAt.getTime(), nowMs: now.getTime() });
      const existing = await this.reportOf(trx, id);
      assertMayReport({ status, endsAtMs: row.endsAt.getTime(), nowMs: now.getTime(), reporter: by, existing: existing ? asPolicyReport(existing) : null });
      status = transition(status, { type: 'no_show_reported', by });
      if (status !== row.status) await repository.update(trx, id, [row.status], { status, updatedAt: now });
      await trx.insertInto('noShowReports').values({ bookingId: id, reporter: by, reportedAt: now, disputedAt: null, disputeNote: null, resolvedAt: null, finding: null, resolvedBy: null }).execute();
    });
    return this.view(id);
  }

  async dispute(principal: Principal | null, id: string, body: { note?: string | undefined }): Promise<NoShowView> {
    const { by } = await this.party(principal, id);
    const { db, clock } = this.deps;
    await db.transaction().execute(async (trx) => {
      await this.deps.repository.lock(trx, id);
      const report = await this.reportOf(trx, id);
      if (!report) throw notFound('No-show report');
      const now = clock.now();
      assertMayDispute({ report: asPolicyReport(report), disputer: by, nowMs: now.getTime() });
      await trx.updateTable('noShowReports').set({ disputedAt: now, disputeNote: body.note ?? null }).where('bookingId', '=', id).execute();
    });
    return this.view(id);
  }

  /** The admin queue: reports not yet resolved, disputed ones first, oldest first. */
  async openReports(principal: Principal | null): Promise<{ items: NoShowView[] }> {
    this.requireAdmin(principal);
    const rows = await this.deps.db
      .selectFrom('noShowReports')
      .innerJoin('bookings', 'bookings.id', 'noShowReports.bookingId')
      .selectAll('noShowReports')
      .select(['bookings.status', 'bookings.paymentState'])
      .where('noShowReports.resolvedAt', 'is', null)
      .orderBy((eb) => eb.case().when('noShowReports.disputedAt', 'is not', null).then(0).else(1).end())
      .orderBy('noShowReports.reportedAt')
      .limit(200)
      .execute();
    return { items: rows.map((row) => viewOf(row, row)) };
  }

  /** An admin's finding on a report (disputed or not): who was absent, or `nobody`. */
  async adminResolve(principal: Principal | null, id: string, body: { absent: NoShowFinding }): Promise<NoShowView> {
    const adminId = this.requireAdmin(principal);
    const report = await this.reportOf(this.deps.db, id);
    if (!report) throw notFound('No-show report');
    await this.resolve(id, body.absent, adminId);
    return this.view(id);
  }

  /** The hourly sweep: undisputed reports whose dispute window closed are resolved as claimed. How many. */
  async resolveDue(): Promise<number> {
    const due = await this.deps.db
      .selectFrom('noShowReports')
      .select(['bookingId', 'reporter'])
      .where('resolvedAt', 'is', null)
      .where('disputedAt', 'is', null)
      .where('reportedAt', '<=', new Date(this.deps.clock.nowMs() - NO_SHOW_DISPUTE_WINDOW_MS))
      .orderBy('reportedAt')
      .limit(500)
      .execute();
    let resolved = 0;
    for (const report of due) {
      try {
        if (await this.resolve(report.bookingId, absentParty(report.reporter), null, { undisputedOnly: true })) resolved += 1;
      } catch (error) {
        // One booking's provider outage does not stop the others; its step stays recorded for the next run.
        if (!(error instanceof DomainError) || error.code !== 'service_unavailable') throw error;
      }
    }
    return resolved;
  }

  /** Finishes resolutions a process left between their decision and the provider's answer (see BookingChangesService.finishInterrupted). */
  async finishInterrupted(): Promise<number> {
    const { db, clock } = this.deps;
    const stale = await db
      .selectFrom('bookings')
      .innerJoin('noShowReports', 'noShowReports.bookingId', 'bookings.id')
      .select(['bookings.id', 'noShowReports.finding'])
      .where('bookings.changeStep', 'in', ['no_show_release', 'no_show_refund'])
      .where('bookings.updatedAt', '<=', new Date(clock.nowMs() - INTERRUPTED_AFTER_MS))
      .limit(200)
      .execute();
    let finished = 0;
    for (const row of stale) {
      try {
        if (await this.resolve(row.id, row.finding ?? 'instructor', null)) finished += 1;
      } catch (error) {
        if (!(error instanceof DomainError) || error.code !== 'service_unavailable') throw error;
      }
    }
    return finished;
  }

  /**
   * Resolves one report: the finding, status and decided step under the lock, the provider call
   * outside, the result recorded (a step left by a crash is finished with the same key).
   */
  private async resolve(id: string, absent: NoShowFinding, resolvedBy: string | null, options: { undisputedOnly?: boolean } = {}): Promise<boolean> {
    const { db, clock, repository, money } = this.deps;
    const decided = await db.transaction().execute(async (trx) => {
      const row = (await repository.lock(trx, id))!;
      const report = (await this.reportOf(trx, id))!;
      if (report.resolvedAt !== null) return row.changeStep ? { row, outcome: null } : null;
      if (options.undisputedOnly && (report.disputedAt !== null || clock.nowMs() < disputeDeadlineMs(report.reportedAt.getTime()))) return null;
      if (row.paymentStep !== null || row.changeStep !== null) throw new DomainError('conflict', 'A payment step of this booking is in progress; try again in a moment.', { code: 'payment_step_in_flight' });
      const outcome = noShowResolution({
        status: row.status,
        absent,
        paymentState: row.paymentState,
        lessonCents: row.lessonCents,
        bookingFeeCents: row.bookingFeeCents,
        creditsUsedCents: row.creditsCents,
        cardCents: row.totalCents - row.creditsCents,
        commissionTier: await money.commissionTierOf(trx, row.instructorId),
      });
      const now = clock.now();
      const step: ChangeStep | null = outcome.cardAction === 'release' ? 'no_show_release' : outcome.cardAction === 'refund' ? 'no_show_refund' : null;
      const updated = (await repository.update(trx, id, [row.status], { status: outcome.status, changeStep: step, updatedAt: now }))!;
      await trx.updateTable('noShowReports').set({ resolvedAt: now, finding: absent, resolvedBy }).where('bookingId', '=', id).execute();
      if (outcome.countsAgainstInstructor) await money.countAgainstInstructor(trx, row.instructorId);
      if (step) return { row: updated, outcome };
      if (absent === 'instructor') await money.settle(trx, updated, planOf(outcome), { kind: 'none' });
      return { row: updated, outcome: null };
    });
    if (!decided) return false;
    if (decided.row.changeStep) {
      const plan = decided.outcome ? planOf(decided.outcome) : { kind: 'void' as const, creditsReturnedCents: decided.row.creditsCents, creditIssuedCents: 0, commissionCents: 0 };
      const result = await money.callProvider(decided.row, decided.row.changeStep, { applicationFeeCents: Math.min(decided.row.totalCents - decided.row.creditsCents, decided.row.bookingFeeCents) });
      if (result.kind === 'unavailable') throw new DomainError('service_unavailable', 'The no-show is resolved, but the refund could not be made right now; it is retried.');
      await db.transaction().execute(async (trx) => {
        const locked = (await repository.lock(trx, id))!;
        if (locked.changeStep !== null) await money.settle(trx, locked, plan, result);
      });
    }
    return true;
  }

  private async view(id: string): Promise<NoShowView> {
    const row = (await this.deps.repository.find(this.deps.db, id))!;
    const report = (await this.reportOf(this.deps.db, id))!;
    return viewOf(report, row);
  }

  private reportOf(executor: Db | Tx, id: string): Promise<ReportRow | undefined> {
    return executor.selectFrom('noShowReports').selectAll().where('bookingId', '=', id).executeTakeFirst();
  }

  /** The admin's user id (null for a machine client acting for admins). */
  private requireAdmin(principal: Principal | null): string | null {
    if (!principal) throw new DomainError('unauthenticated', 'You need to log in to do this.');
    if (!hasPermission(principal, 'bookings:manage:any')) throw new DomainError('forbidden', 'This needs the "bookings:manage:any" permission, which your account does not have.');
    return principal.kind === 'user' ? principal.userId : null;
  }

  private async party(principal: Principal | null, id: string): Promise<{ row: BookingRow; by: Canceller }> {
    const userId = requireOwner(principal, 'bookings:read:own');
    const row = await this.deps.repository.find(this.deps.db, id);
    if (!row) throw notFound('Booking');
    if (row.studentId === userId) return { row, by: 'student' };
    if (row.instructorId === userId) return { row, by: 'instructor' };
    throw notFound('Booking');
  }
}

function asPolicyReport(row: ReportRow): NoShowReport {
  return { reporter: row.reporter, reportedAtMs: row.reportedAt.getTime(), disputedAtMs: row.disputedAt?.getTime() ?? null, resolvedAtMs: row.resolvedAt?.getTime() ?? null };
}

function planOf(outcome: NoShowOutcome): MoneyPlan {
  return { kind: 'void', creditsReturnedCents: outcome.creditsReturnedCents, creditIssuedCents: 0, commissionCents: 0 };
}

function viewOf(report: ReportRow, row: Pick<BookingRow, 'status' | 'paymentState'>): NoShowView {
  return {
    bookingId: report.bookingId,
    reporter: report.reporter,
    absent: absentParty(report.reporter),
    reportedAt: report.reportedAt.toISOString(),
    disputeDeadline: new Date(disputeDeadlineMs(report.reportedAt.getTime())).toISOString(),
    disputedAt: report.disputedAt?.toISOString() ?? null,
    disputeNote: report.disputeNote,
    resolvedAt: report.resolvedAt?.toISOString() ?? null,
    finding: report.finding,
    status: row.status,
    paymentState: row.paymentState,
  };
}

/**
 * Hourly (schedule `resolve-no-shows`): undisputed reports past their dispute window; first,
 * the cancellations and resolutions a dead process left with their provider step in flight.
 */
export function resolveNoShowsJob(noShows: NoShowsService, changes: Pick<BookingChangesService, 'finishInterrupted'>): JobDefinition<'bookings.resolve_no_shows'> {
  return {
    name: 'bookings.resolve_no_shows',
    retryLimit: 2,
    expireInSeconds: 10 * 60,
    concurrency: 1,
    handler: async () => {
      await changes.finishInterrupted();
      await noShows.finishInterrupted();
      await noShows.resolveDue();
    },
  };
}

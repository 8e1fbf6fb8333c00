import type { Principal } from '../../platform/auth/principal.ts';
import type { Clock } from '../../platform/clock.ts';
import type { Db, Executor } from '../../platform/db/database.ts';
import { DomainError, notFound, type FieldError } from '../../platform/errors.ts';
import { MARKETPLACE_TIME_ZONE } from '@instainstru/marketplace-time';
import type { AvailabilityRepository } from './availability.repository.ts';
import {
  BOOKING_BUFFER_STEP_MINUTES,
  cellsProblem,
  MAX_BOOKING_BUFFER_MINUTES,
  MIN_BOOKING_BUFFER_MINUTES,
  emptyCells,
  EMPTY_TEMPLATE_DAY,
  ifMatchAllows,
  MAX_BLACKOUT_LIST_DAYS,
  MAX_BLACKOUT_RANGE_DAYS,
  MAX_TEMPLATE_APPLY_WEEKS,
  normalizeCells,
  templateCellsFor,
  templateDayOf,
  weekDates,
  weekEtag,
  WEEKDAYS,
  weekStartProblem,
  weekStartsCovering,
  type Weekday,
} from './availability.policy.ts';
import { addDays, cellCount, dateOf, datesFrom, daysBetween } from './day-cells.ts';
import { rewriteFreeTime } from './free-time.repository.ts';

export interface DayView {
  date: string;
  cellCount: number;
  cells: string;
}

export interface BlackoutView {
  date: string;
  reason: string | null;
}

export interface WeekView {
  weekStart: string;
  timeZone: string;
  days: DayView[];
  blackouts: BlackoutView[];
  /** The same value as the ETag header: send it back as If-Match to change this week. */
  etag: string;
}

export interface WeekInput {
  days: Array<{ date: string; cells: string }>;
  blackouts: Array<{ date: string; reason?: string | null | undefined }>;
}

/** Blackout dates from `from` to `to` (both included, New York dates), ascending. */
export interface BlackoutsView {
  from: string;
  to: string;
  timeZone: string;
  blackouts: BlackoutView[];
}

/** After blocking dates: the blackouts of the range, and the new ETags of the weeks it touched. */
export interface BlackoutsChangedView extends BlackoutsView {
  weeks: Array<{ weekStart: string; etag: string }>;
}

export interface BlackoutRangeInput {
  from: string;
  to: string;
  reason?: string | null | undefined;
}

export interface BufferView {
  bufferMinutes: number;
  minMinutes: number;
  maxMinutes: number;
  stepMinutes: number;
}

const bufferView = (minutes: number): BufferView => ({
  bufferMinutes: minutes,
  minMinutes: MIN_BOOKING_BUFFER_MINUTES,
  maxMinutes: MAX_BOOKING_BUFFER_MINUTES,
  stepMinutes: BOOKING_BUFFER_STEP_MINUTES,
});

export interface TemplateView {
  timeZone: string;
  days: Record<Weekday, string>;
  /** When the template was last saved; null when there is none yet (all days empty). */
  updatedAt: string | null;
}

/** The signed-in instructor editing their own availability. */
export function requireAvailabilityEditor(principal: Principal | null | undefined): string {
  if (!principal) throw new DomainError('unauthenticated', 'You need to log in to do this.');
  if (principal.kind !== 'user' || !principal.permissions.has('availability:manage_own')) {
    throw new DomainError('forbidden', 'Only an instructor can manage their own availability.');
  }
  return principal.userId;
}

function invalid(errors: FieldError[]): DomainError {
  return new DomainError('validation_failed', errors.map((error) => `${error.field}: ${error.reason}`).join('; '), { errors });
}

function requireWeekStart(weekStart: string, field: string): void {
  const problem = weekStartProblem(weekStart);
  if (problem) throw invalid([{ field, reason: problem }]);
}

/**
 * The date-dependent checks Zod cannot make: each date of the week exactly once, bitmaps of
 * the right length for their date, blackouts inside the week and not repeated.
 */
function weekInputProblems(weekStart: string, input: WeekInput): FieldError[] {
  const dates = new Set(weekDates(weekStart));
  const errors: FieldError[] = [];
  const notInWeek = `is not in the week starting ${weekStart}`;
  const listed = new Set<string>();
  input.days.forEach((day, index) => {
    const field = `body.days.${index}`;
    if (!dates.has(day.date)) errors.push({ field: `${field}.date`, reason: notInWeek });
    else if (listed.has(day.date)) errors.push({ field: `${field}.date`, reason: 'appears more than once' });
    else {
      listed.add(day.date);
      const problem = cellsProblem(day.date, day.cells);
      if (problem) errors.push({ field: `${field}.cells`, reason: problem });
    }
  });
  const missing = [...dates].filter((date) => !listed.has(date));
  // Only worth saying when the listed days were otherwise fine (a wrong date explains the gap).
  if (missing.length > 0 && errors.length === 0) {
    errors.push({ field: 'body.days', reason: `must list each of the 7 dates of the week once (missing ${missing.join(', ')})` });
  }
  const blackedOut = new Set<string>();
  input.blackouts.forEach((blackout, index) => {
    const field = `body.blackouts.${index}.date`;
    if (!dates.has(blackout.date)) errors.push({ field, reason: notInWeek });
    else if (blackedOut.has(blackout.date)) errors.push({ field, reason: 'appears more than once' });
    blackedOut.add(blackout.date);
  });
  return errors;
}

/**
 * An instructor's own availability (PRODUCT.md §3): weeks of per-date bitmaps guarded by
 * ETags, blackout dates, and the weekly template. Slot search is in slots.service.ts.
 */
export class AvailabilityService {
  constructor(private readonly deps: { db: Db; repository: AvailabilityRepository; clock: Clock }) {}

  async getWeek(principal: Principal | null, weekStart: string): Promise<WeekView> {
    const instructorId = requireAvailabilityEditor(principal);
    requireWeekStart(weekStart, 'query.weekStart');
    return this.readWeek(instructorId, weekStart, this.deps.db);
  }

  /**
   * Replaces the week (its 7 days and its blackouts) if `ifMatch` names the week's current
   * ETag. The version check and the write share one transaction holding the week's row lock,
   * so of two editors who read the same version exactly one succeeds; the other gets 412
   * with the week as it now is.
   */
  async putWeek(principal: Principal | null, weekStart: string, ifMatch: string | undefined, input: WeekInput): Promise<WeekView> {
    const instructorId = requireAvailabilityEditor(principal);
    requireWeekStart(weekStart, 'query.weekStart');
    if (!ifMatch?.trim() || ifMatch.trim() === '*') {
      throw new DomainError(
        'precondition_required',
        'Send If-Match with the ETag you got when you read this week, so an edit made elsewhere in the meantime is not overwritten.',
      );
    }
    const errors = weekInputProblems(weekStart, input);
    if (errors.length > 0) throw invalid(errors);

    const { db, repository, clock } = this.deps;
    const dates = weekDates(weekStart);
    const [first, last] = [dates[0]!, dates[dates.length - 1]!];
    return db.transaction().execute(async (tx) => {
      const now = clock.now();
      await repository.ensureWeekRow(tx, instructorId, weekStart, now);
      const version = await repository.lockWeekVersion(tx, instructorId, weekStart);
      if (!ifMatchAllows(ifMatch, weekEtag(weekStart, version))) {
        const current = await this.readWeek(instructorId, weekStart, tx);
        const message =
          'This week changed since you read it (in another tab or device): redo your edit on the current week and send its ETag.';
        throw new DomainError('precondition_failed', message, { current });
      }
      const cellsByDate = new Map(input.days.map((day) => [day.date, normalizeCells(day.cells)]));
      await repository.deleteDaysBetween(tx, instructorId, first, last);
      await repository.insertDays(
        tx,
        dates
          .map((date) => ({ instructorId, date, cells: cellsByDate.get(date)!, updatedAt: now }))
          // No row means nothing available: empty days are not stored.
          .filter((row) => /[^0]/.test(row.cells)),
      );
      await repository.deleteBlackoutsBetween(tx, instructorId, first, last);
      await repository.upsertBlackouts(
        tx,
        input.blackouts.map((blackout) => ({ instructorId, date: blackout.date, reason: blackout.reason?.trim() || null, createdAt: now })),
      );
      const [bumped] = await repository.bumpWeekVersions(tx, instructorId, [weekStart], now);
      await rewriteFreeTime(tx, [instructorId]);
      return {
        weekStart,
        timeZone: MARKETPLACE_TIME_ZONE,
        days: dates.map((date) => ({ date, cellCount: cellCount(date), cells: cellsByDate.get(date)! })),
        blackouts: input.blackouts
          .map((blackout) => ({ date: blackout.date, reason: blackout.reason?.trim() || null }))
          .sort((a, b) => a.date.localeCompare(b.date)),
        etag: weekEtag(weekStart, bumped!.version),
      };
    });
  }

  /** The instructor's buffer after each lesson. */
  async getBuffer(principal: Principal | null): Promise<BufferView> {
    const instructorId = requireAvailabilityEditor(principal);
    const minutes = await this.deps.repository.bufferMinutes(instructorId);
    if (minutes === null) throw notFound('Instructor profile');
    return bufferView(minutes);
  }

  /**
   * Changes the buffer. Existing bookings keep the buffer they were made with (the exclusion
   * constraint reads it from the booking); the open slots and search's free time follow the
   * new one at once (free time rewritten in the same transaction, cached pages forgotten by the
   * module's write hook).
   */
  async putBuffer(principal: Principal | null, input: { bufferMinutes: number }): Promise<BufferView> {
    const instructorId = requireAvailabilityEditor(principal);
    if (input.bufferMinutes % BOOKING_BUFFER_STEP_MINUTES !== 0) {
      throw invalid([{ field: 'body.bufferMinutes', reason: `must be a multiple of ${BOOKING_BUFFER_STEP_MINUTES} minutes` }]);
    }
    await this.deps.db.transaction().execute(async (tx) => {
      if (!(await this.deps.repository.setBufferMinutes(tx, instructorId, input.bufferMinutes))) throw notFound('Instructor profile');
      await rewriteFreeTime(tx, [instructorId]);
    });
    return bufferView(input.bufferMinutes);
  }

  async getTemplate(principal: Principal | null): Promise<TemplateView> {
    const instructorId = requireAvailabilityEditor(principal);
    const row = await this.deps.repository.findTemplate(instructorId);
    const days = Object.fromEntries(WEEKDAYS.map((weekday) => [weekday, row?.[weekday] ?? EMPTY_TEMPLATE_DAY])) as Record<Weekday, string>;
    return { timeZone: MARKETPLACE_TIME_ZONE, days, updatedAt: row ? row.updatedAt.toISOString() : null };
  }

  /** Saves the recurring week. It changes no dates until applied (applyTemplate). */
  async putTemplate(principal: Principal | null, input: { days: Record<Weekday, string> }): Promise<TemplateView> {
    const instructorId = requireAvailabilityEditor(principal);
    const days = Object.fromEntries(WEEKDAYS.map((weekday) => [weekday, normalizeCells(input.days[weekday])])) as Record<Weekday, string>;
    const now = this.deps.clock.now();
    await this.deps.repository.saveTemplate({ instructorId, ...days, updatedAt: now });
    return { timeZone: MARKETPLACE_TIME_ZONE, days, updatedAt: now.toISOString() };
  }

  /**
   * Overwrites the days of `weeks` weeks from `fromWeek` with the template (blackouts stay),
   * laid on each date by wall-clock time. Every week's ETag changes, so an editor holding an
   * older one gets 412 rather than undoing the template.
   */
  async applyTemplate(
    principal: Principal | null,
    input: { fromWeek: string; weeks: number },
  ): Promise<{ weeks: Array<{ weekStart: string; etag: string }> }> {
    const instructorId = requireAvailabilityEditor(principal);
    requireWeekStart(input.fromWeek, 'body.fromWeek');
    if (!Number.isInteger(input.weeks) || input.weeks < 1 || input.weeks > MAX_TEMPLATE_APPLY_WEEKS) {
      throw invalid([{ field: 'body.weeks', reason: `must be between 1 and ${MAX_TEMPLATE_APPLY_WEEKS}` }]);
    }
    const { db, repository, clock } = this.deps;
    const template = await repository.findTemplate(instructorId);
    if (!template)
      throw new DomainError('conflict', 'There is no weekly template to apply yet: save one first (PUT /api/v1/me/availability/template).');
    const weekStarts = Array.from({ length: input.weeks }, (_, index) => addDays(input.fromWeek, index * 7));
    const [first, last] = [input.fromWeek, addDays(input.fromWeek, input.weeks * 7 - 1)];
    return db.transaction().execute(async (tx) => {
      const now = clock.now();
      // Versions first: the week rows are the locks every writer of these weeks takes before touching days.
      const bumped = await repository.bumpWeekVersions(tx, instructorId, weekStarts, now);
      await repository.deleteDaysBetween(tx, instructorId, first, last);
      await repository.insertDays(
        tx,
        weekStarts
          .flatMap((weekStart) => weekDates(weekStart))
          .map((date) => ({ instructorId, date, cells: templateCellsFor(date, templateDayOf(template, date)), updatedAt: now }))
          .filter((row) => /[^0]/.test(row.cells)),
      );
      await rewriteFreeTime(tx, [instructorId]);
      return {
        weeks: bumped
          .map((row) => ({ weekStart: row.weekStart, etag: weekEtag(row.weekStart, row.version) }))
          .sort((a, b) => a.weekStart.localeCompare(b.weekStart)),
      };
    });
  }

  /**
   * The instructor's blackout dates from `from` (default: today in New York) to `to` (default:
   * a year on), both included, at most MAX_BLACKOUT_LIST_DAYS dates.
   */
  async listBlackouts(principal: Principal | null, query: { from?: string | undefined; to?: string | undefined }): Promise<BlackoutsView> {
    const instructorId = requireAvailabilityEditor(principal);
    const from = query.from ?? dateOf(this.deps.clock.nowMs());
    const to = query.to ?? addDays(from, MAX_BLACKOUT_LIST_DAYS - 1);
    const span = daysBetween(from, to);
    if (span < 0) throw invalid([{ field: 'query.to', reason: 'must not be before from' }]);
    if (span >= MAX_BLACKOUT_LIST_DAYS) {
      throw invalid([{ field: 'query.to', reason: `must be within ${MAX_BLACKOUT_LIST_DAYS} days of from, both included` }]);
    }
    const rows = await this.deps.repository.blackoutsBetween(instructorId, from, to);
    return { from, to, timeZone: MARKETPLACE_TIME_ZONE, blackouts: rows.map((row) => ({ date: row.date, reason: row.reason })) };
  }

  /**
   * Blocks every date from `from` to `to` (both included; today or later in New York, at most
   * MAX_BLACKOUT_RANGE_DAYS dates). Dates already blocked keep one row and take the new reason.
   * Every week touched gets a new version in the same transaction, taken first and in week
   * order (as applyTemplate does), so an editor holding an older ETag gets 412 instead of
   * saving the week without these blackouts.
   */
  async addBlackouts(principal: Principal | null, input: BlackoutRangeInput): Promise<BlackoutsChangedView> {
    const instructorId = requireAvailabilityEditor(principal);
    const { db, repository, clock } = this.deps;
    const today = dateOf(clock.nowMs());
    const errors: FieldError[] = [];
    if (input.from < today) errors.push({ field: 'body.from', reason: `must not be in the past (today is ${today} in New York)` });
    const span = daysBetween(input.from, input.to);
    if (span < 0) errors.push({ field: 'body.to', reason: 'must not be before from' });
    else if (span >= MAX_BLACKOUT_RANGE_DAYS) {
      errors.push({ field: 'body.to', reason: `must be within ${MAX_BLACKOUT_RANGE_DAYS} days of from, both included` });
    }
    if (errors.length > 0) throw invalid(errors);

    const reason = input.reason?.trim() || null;
    const weekStarts = weekStartsCovering(input.from, input.to);
    return db.transaction().execute(async (tx) => {
      const now = clock.now();
      // Versions first: the week rows are the locks every writer of these weeks takes before touching its dates.
      const bumped = await repository.bumpWeekVersions(tx, instructorId, weekStarts, now);
      await repository.upsertBlackouts(
        tx,
        datesFrom(input.from, input.to).map((date) => ({ instructorId, date, reason, createdAt: now })),
      );
      await rewriteFreeTime(tx, [instructorId]);
      const rows = await repository.blackoutsBetween(instructorId, input.from, input.to, tx);
      return {
        from: input.from,
        to: input.to,
        timeZone: MARKETPLACE_TIME_ZONE,
        blackouts: rows.map((row) => ({ date: row.date, reason: row.reason })),
        weeks: bumped
          .map((row) => ({ weekStart: row.weekStart, etag: weekEtag(row.weekStart, row.version) }))
          .sort((a, b) => a.weekStart.localeCompare(b.weekStart)),
      };
    });
  }

  /**
   * Unblocks `date`, or every date from `date` to `to` (both included, at most
   * MAX_BLACKOUT_RANGE_DAYS), in one transaction: 404 when none was blocked. The weeks touched
   * get new versions, taken first as addBlackouts does; nothing blocked rolls the bumps back.
   */
  async removeBlackouts(principal: Principal | null, date: string, to: string = date): Promise<void> {
    const instructorId = requireAvailabilityEditor(principal);
    const span = daysBetween(date, to);
    if (span < 0) throw invalid([{ field: 'query.to', reason: 'must not be before the date' }]);
    if (span >= MAX_BLACKOUT_RANGE_DAYS) {
      throw invalid([{ field: 'query.to', reason: `must be within ${MAX_BLACKOUT_RANGE_DAYS} days of the date, both included` }]);
    }
    const { db, repository, clock } = this.deps;
    await db.transaction().execute(async (tx) => {
      await repository.bumpWeekVersions(tx, instructorId, weekStartsCovering(date, to), clock.now());
      if ((await repository.deleteBlackoutsBetween(tx, instructorId, date, to)) === 0) throw notFound('Blackout');
      await rewriteFreeTime(tx, [instructorId]);
    });
  }

  private async readWeek(instructorId: string, weekStart: string, executor: Executor): Promise<WeekView> {
    const { repository } = this.deps;
    const dates = weekDates(weekStart);
    const [first, last] = [dates[0]!, dates[dates.length - 1]!];
    // The version is read before the rows: if a write commits in between, the reader holds an
    // ETag older than what they see and their next write gets 412, never the other way round.
    const version = await repository.weekVersion(instructorId, weekStart, executor);
    const rows = await repository.daysBetween(instructorId, first, last, executor);
    const blackouts = await repository.blackoutsBetween(instructorId, first, last, executor);
    const stored = new Map(rows.map((row) => [row.date, row.cells]));
    return {
      weekStart,
      timeZone: MARKETPLACE_TIME_ZONE,
      days: dates.map((date) => ({ date, cellCount: cellCount(date), cells: stored.get(date) ?? emptyCells(date) })),
      blackouts: blackouts.map((row) => ({ date: row.date, reason: row.reason })),
      etag: weekEtag(weekStart, version),
    };
  }
}

import { sql, type Insertable } from 'kysely';
import type { Executor, Tx } from '../../platform/db/database.ts';
import { onlyPublicProfiles } from '../instructors/public-visibility.ts';
import type { AvailabilityBlackoutsTable, AvailabilityDaysTable, AvailabilityTemplatesTable } from './availability.tables.ts';
import type { BusyTime } from './slots.policy.ts';
import { TIME_HOLDING_STATUSES } from '../bookings/booking-states.ts';

/** One query per method; accepts the database or a transaction. Date ranges include both ends. */
export class AvailabilityRepository {
  constructor(private readonly db: Executor) {}

  /** The week's version (its ETag), 0 for a week never written. */
  async weekVersion(instructorId: string, weekStart: string, executor: Executor = this.db): Promise<number> {
    const row = await executor
      .selectFrom('availabilityWeeks')
      .select('version')
      .where('instructorId', '=', instructorId)
      .where('weekStart', '=', weekStart)
      .executeTakeFirst();
    return row?.version ?? 0;
  }

  /**
   * Makes sure the week has a version row, so there is always a row to lock. Two editors
   * creating it at once: the second waits for the first's transaction and then does nothing.
   */
  ensureWeekRow(tx: Tx, instructorId: string, weekStart: string, now: Date) {
    return tx
      .insertInto('availabilityWeeks')
      .values({ instructorId, weekStart, version: 0, updatedAt: now })
      .onConflict((oc) => oc.columns(['instructorId', 'weekStart']).doNothing())
      .execute();
  }

  /** The week's version, its row locked until the transaction ends (the If-Match compare happens under this lock). */
  async lockWeekVersion(tx: Tx, instructorId: string, weekStart: string): Promise<number> {
    const row = await tx
      .selectFrom('availabilityWeeks')
      .select('version')
      .where('instructorId', '=', instructorId)
      .where('weekStart', '=', weekStart)
      .forUpdate()
      .executeTakeFirstOrThrow();
    return row.version;
  }

  /** Increments the versions of the weeks (creating them at 1), in week order so concurrent writers lock alike; returns the new versions. */
  bumpWeekVersions(tx: Tx, instructorId: string, weekStarts: readonly string[], now: Date) {
    return tx
      .insertInto('availabilityWeeks')
      .values([...weekStarts].sort().map((weekStart) => ({ instructorId, weekStart, version: 1, updatedAt: now })))
      .onConflict((oc) =>
        oc.columns(['instructorId', 'weekStart']).doUpdateSet({
          version: sql<number>`availability_weeks.version + 1`,
          updatedAt: (eb) => eb.ref('excluded.updatedAt'),
        }),
      )
      .returning(['weekStart', 'version'])
      .execute();
  }

  daysBetween(instructorId: string, from: string, to: string, executor: Executor = this.db) {
    return executor
      .selectFrom('availabilityDays')
      .select(['date', 'cells'])
      .where('instructorId', '=', instructorId)
      .where('date', '>=', from)
      .where('date', '<=', to)
      .orderBy('date')
      .execute();
  }

  deleteDaysBetween(tx: Tx, instructorId: string, from: string, to: string) {
    return tx
      .deleteFrom('availabilityDays')
      .where('instructorId', '=', instructorId)
      .where('date', '>=', from)
      .where('date', '<=', to)
      .execute();
  }

  async insertDays(tx: Tx, rows: Insertable<AvailabilityDaysTable>[]): Promise<void> {
    if (rows.length > 0) await tx.insertInto('availabilityDays').values(rows).execute();
  }

  blackoutsBetween(instructorId: string, from: string, to: string, executor: Executor = this.db) {
    return executor
      .selectFrom('availabilityBlackouts')
      .select(['date', 'reason'])
      .where('instructorId', '=', instructorId)
      .where('date', '>=', from)
      .where('date', '<=', to)
      .orderBy('date')
      .execute();
  }

  /** Unblocks the dates from `from` to `to` (both included); how many were blocked. */
  async deleteBlackoutsBetween(tx: Tx, instructorId: string, from: string, to: string): Promise<number> {
    const result = await tx
      .deleteFrom('availabilityBlackouts')
      .where('instructorId', '=', instructorId)
      .where('date', '>=', from)
      .where('date', '<=', to)
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  }

  /** Blocks the dates; a date already blocked keeps its one row and takes the new reason. */
  async upsertBlackouts(tx: Tx, rows: Insertable<AvailabilityBlackoutsTable>[]): Promise<void> {
    if (rows.length === 0) return;
    await tx
      .insertInto('availabilityBlackouts')
      .values(rows)
      .onConflict((oc) => oc.columns(['instructorId', 'date']).doUpdateSet({ reason: (eb) => eb.ref('excluded.reason') }))
      .execute();
  }

  findTemplate(instructorId: string, executor: Executor = this.db) {
    return executor
      .selectFrom('availabilityTemplates')
      .select(['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday', 'updatedAt'])
      .where('instructorId', '=', instructorId)
      .executeTakeFirst();
  }

  saveTemplate(template: Insertable<AvailabilityTemplatesTable>, executor: Executor = this.db) {
    const { instructorId: _instructorId, ...changes } = template;
    return executor
      .insertInto('availabilityTemplates')
      .values(template)
      .onConflict((oc) => oc.column('instructorId').doUpdateSet(changes))
      .execute();
  }

  /**
   * An instructor students may see and book (the instructors module owns the profile tables
   * and the rule: public-visibility.ts).
   */
  findPublicInstructor(id: string, executor: Executor = this.db) {
    return executor
      .selectFrom('instructorProfiles')
      .select(['userId', 'bookingBufferMinutes'])
      .where('userId', '=', id)
      .$call(onlyPublicProfiles)
      .executeTakeFirst();
  }

  /**
   * What the instructor sells of an active catalog service: one row per priced lesson length
   * (`durationMinutes` null when the service is offered but has no price yet); no rows when
   * the instructor does not offer it (the instructors and catalog modules own these tables).
   */
  offeredDurations(instructorId: string, serviceId: string, executor: Executor = this.db) {
    return executor
      .selectFrom('instructorServices')
      .innerJoin('services', 'services.id', 'instructorServices.serviceId')
      .leftJoin('instructorServiceRates', (join) =>
        join
          .onRef('instructorServiceRates.instructorId', '=', 'instructorServices.instructorId')
          .onRef('instructorServiceRates.serviceId', '=', 'instructorServices.serviceId'),
      )
      .select('instructorServiceRates.durationMinutes')
      .where('instructorServices.instructorId', '=', instructorId)
      .where('instructorServices.serviceId', '=', serviceId)
      .where('services.isActive', '=', true)
      .orderBy('instructorServiceRates.durationMinutes')
      .execute();
  }

  /** Sets the instructor's buffer (the instructors module's profile column); false for no such instructor. */
  async setBufferMinutes(tx: Tx, instructorId: string, minutes: number): Promise<boolean> {
    const result = await tx.updateTable('instructorProfiles').set({ bookingBufferMinutes: minutes }).where('userId', '=', instructorId).executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }

  /** The instructor's buffer (kept free around each lesson, PRODUCT.md §3); null for no such instructor. */
  async bufferMinutes(instructorId: string, executor: Executor = this.db): Promise<number | null> {
    const row = await executor.selectFrom('instructorProfiles').select('bookingBufferMinutes').where('userId', '=', instructorId).executeTakeFirst();
    return row?.bookingBufferMinutes ?? null;
  }

  /**
   * The instructor's bookings that hold time (TIME_HOLDING_STATUSES: confirmed, and pending
   * holds, PRODUCT.md §3) overlapping [from, to), the bookings module's table read for the
   * slots and search's free time. The policies widen each booking by the instructor's current
   * buffer on both sides; the database keeps each booking's own buffer after it
   * (bookings_instructor_no_overlap). A booking made with a longer buffer than today's is
   * returned that much longer, so what the policies offer is always something the database
   * accepts (and exactly that while the buffer has not changed).
   */
  async bookingsBetween(instructorId: string, from: Date, to: Date, executor: Executor = this.db): Promise<BusyTime[]> {
    const rows = await executor
      .selectFrom('bookings')
      .innerJoin('instructorProfiles', 'instructorProfiles.userId', 'bookings.instructorId')
      .select([
        'bookings.startsAt',
        'bookings.endsAt',
        sql<number>`greatest(0, bookings.buffer_minutes - instructor_profiles.booking_buffer_minutes)`.as('extraMinutes'),
      ])
      .where('bookings.instructorId', '=', instructorId)
      .where('bookings.status', 'in', [...TIME_HOLDING_STATUSES])
      .where('bookings.startsAt', '<', to)
      .where(sql<boolean>`bookings.ends_at + make_interval(mins => bookings.buffer_minutes) > ${from}`)
      .orderBy('bookings.startsAt')
      .execute();
    return rows.map((row) => ({ start: row.startsAt, end: new Date(row.endsAt.getTime() + Number(row.extraMinutes) * 60_000) }));
  }
}

import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB } from '../../platform/db/database.ts';
import { AvailabilityRepository } from './availability.repository.ts';
import { freeIntervals, tstzrangeLiteral } from './free-time.policy.ts';
import { DEFAULT_BUFFER_MINUTES, type AvailabilityDay } from './slots.policy.ts';

/** Instructors per statement: keeps every statement well under PostgreSQL's 65,535 parameters. */
const INSTRUCTORS_PER_BATCH = 500;
/** Ranges per insert (two parameters each). */
const ROWS_PER_INSERT = 5_000;
/** Bookings are loaded over all time the instructor could be free (the table is rewritten whole). */
const ALL_TIME = { from: new Date(Date.UTC(2000, 0, 1)), to: new Date(Date.UTC(2100, 0, 1)) };

/**
 * Recomputes the derived free time of these instructors from availability days, blackouts and
 * the bookings holding their time, each widened by the instructor's buffer. Call inside the writing transaction, so a
 * reader never sees availability and free time disagree.
 */
export async function rewriteFreeTime(executor: Kysely<DB> | Transaction<DB>, instructorIds: readonly string[]): Promise<void> {
  const unique = [...new Set(instructorIds)];
  await lockFreeTimeOf(executor, unique);
  for (let index = 0; index < unique.length; index += INSTRUCTORS_PER_BATCH) {
    await rewriteBatch(executor, unique.slice(index, index + INSTRUCTORS_PER_BATCH));
  }
}

async function rewriteBatch(executor: Kysely<DB> | Transaction<DB>, ids: string[]): Promise<void> {
  const availability = new AvailabilityRepository(executor);
  const [days, blackouts, buffers] = await Promise.all([
    executor.selectFrom('availabilityDays').select(['instructorId', 'date', 'cells']).where('instructorId', 'in', ids).execute(),
    executor.selectFrom('availabilityBlackouts').select(['instructorId', 'date']).where('instructorId', 'in', ids).execute(),
    executor.selectFrom('instructorProfiles').select(['userId', 'bookingBufferMinutes']).where('userId', 'in', ids).execute(),
  ]);
  const bufferOf = new Map(buffers.map((row) => [row.userId, row.bookingBufferMinutes]));
  const daysOf = groupBy(days, (row) => row.instructorId);
  const blackoutsOf = groupBy(blackouts, (row) => row.instructorId);
  const rows: Array<{ instructorId: string; during: string }> = [];
  for (const instructorId of ids) {
    const bookings = await availability.bookingsBetween(instructorId, ALL_TIME.from, ALL_TIME.to);
    const free = freeIntervals({
      days: (daysOf.get(instructorId) ?? []) as AvailabilityDay[],
      blackouts: (blackoutsOf.get(instructorId) ?? []).map((row) => row.date),
      bookings,
      bufferMinutes: bufferOf.get(instructorId) ?? DEFAULT_BUFFER_MINUTES,
    });
    for (const interval of free) rows.push({ instructorId, during: tstzrangeLiteral(interval) });
  }
  await executor.deleteFrom('instructorFreeTime').where('instructorId', 'in', ids).execute();
  for (let index = 0; index < rows.length; index += ROWS_PER_INSERT) {
    await executor.insertInto('instructorFreeTime').values(rows.slice(index, index + ROWS_PER_INSERT)).execute();
  }
}

/**
 * Whether the instructor is free for the whole of [startsAt, endsAt) in the derived free time:
 * open, not blacked out, clear of every booking widened by the buffer — what slot search
 * computes from the sources in five reads, in one. Minimum notice and the start grid are the
 * caller's to check (free-time.policy.ts). Inside a transaction holding lockFreeTimeOf, the
 * answer cannot change before it commits.
 */
export async function isFreeTime(executor: Kysely<DB> | Transaction<DB>, instructorId: string, startsAt: Date, endsAt: Date): Promise<boolean> {
  const { rows } = await sql<{ free: boolean }>`
    select exists (
      select 1 from instructor_free_time
       where instructor_id = ${instructorId} and during @> tstzrange(${startsAt}::timestamptz, ${endsAt}::timestamptz)
    ) as free`.execute(executor);
  return rows[0]?.free === true;
}

/**
 * A new booking's time leaves its instructor's free time, in one statement: the free ranges it
 * meets are replaced by what is left of them once the booking, widened as rewriteFreeTime
 * widens it (the instructor's buffer before, the larger of theirs and the booking's after), is
 * cut out. Free time is availability minus the union of blocked times, so one more blocked
 * time is one more cut: the rows are exactly those rewriteFreeTime would write
 * (free-time.db.test.ts compares them), for one statement instead of seven. The caller has
 * taken lockFreeTimeOf and inserted the booking in the same transaction.
 */
export async function takeFromFreeTime(
  executor: Kysely<DB> | Transaction<DB>,
  booking: { instructorId: string; startsAt: Date; endsAt: Date; bufferMinutes: number },
): Promise<void> {
  const { instructorId, startsAt, endsAt, bufferMinutes } = booking;
  // The deleted ranges are the booking's own transaction's, so the pieces inserted in their place
  // do not meet them under instructor_free_time_disjoint.
  await sql`
    with instructor as (
      select coalesce((select booking_buffer_minutes from instructor_profiles where user_id = ${instructorId}), ${DEFAULT_BUFFER_MINUTES}::int) as buffer
    ), blocked as (
      select tstzrange(${startsAt}::timestamptz - make_interval(mins => buffer), ${endsAt}::timestamptz + make_interval(mins => greatest(buffer, ${bufferMinutes}::int))) as during
      from instructor
    ), cut as (
      delete from instructor_free_time as free using blocked
      where free.instructor_id = ${instructorId} and free.during && blocked.during
      returning free.during as free, blocked.during as taken
    )
    insert into instructor_free_time (instructor_id, during)
    select ${instructorId}, piece from cut cross join lateral unnest(tstzmultirange(cut.free) - tstzmultirange(cut.taken)) as piece
  `.execute(executor);
}

/** Advisory lock namespace of free-time rewrites (the first key of pg_advisory_xact_lock(int, int)). */
const FREE_TIME_LOCK_NAMESPACE = 120_012;
/** Instructors share this many lock keys, so a rewrite of thousands (seeding) takes a bounded number of locks. */
const FREE_TIME_LOCK_KEYS = 256;

/**
 * Serializes changes to one instructor's time until the transaction ends. Two
 * transactions changing one instructor at once (two bookings of different times, a booking
 * and an availability save) would otherwise each read the sources without the other's
 * uncommitted change and the second to commit would fail on instructor_free_time_disjoint or
 * leave time free that is booked. Under the lock, each statement after it reads what the other
 * committed (READ COMMITTED). Keys are taken in ascending order, so rewrites never deadlock on
 * each other; outside a transaction the lock is released at once and changes nothing.
 * A booking write takes it before it writes (bookings.service, booking-changes.service): two
 * overlapping inserts in flight at once would each wait on the other's uncommitted row under the
 * exclusion constraint, a deadlock PostgreSQL only breaks after deadlock_timeout (1 s), holding
 * connections meanwhile. Under the lock the second insert meets a committed row and fails at once.
 */
export async function lockFreeTimeOf(executor: Kysely<DB> | Transaction<DB>, instructorIds: readonly string[]): Promise<void> {
  const keys = [...new Set(instructorIds.map(lockKeyOf))].sort((a, b) => a - b);
  for (const key of keys) await sql`select pg_advisory_xact_lock(${FREE_TIME_LOCK_NAMESPACE}::int, ${key}::int)`.execute(executor);
}

/** FNV-1a of the id, folded into the shared keys. */
function lockKeyOf(instructorId: string): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < instructorId.length; index++) hash = Math.imul(hash ^ instructorId.charCodeAt(index), 0x01000193);
  return (hash >>> 0) % FREE_TIME_LOCK_KEYS;
}

function groupBy<T>(rows: readonly T[], key: (row: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const row of rows) {
    const list = groups.get(key(row));
    if (list) list.push(row);
    else groups.set(key(row), [row]);
  }
  return groups;
}

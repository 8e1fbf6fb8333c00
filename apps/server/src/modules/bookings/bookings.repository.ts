import { sql, type Insertable, type Selectable } from 'kysely';
import type { Executor, Tx } from '../../platform/db/database.ts';
import { onlyPublicProfiles } from '../instructors/public-visibility.ts';
import type { LessonType } from '../instructors/profile.policy.ts';
import { TIME_HOLDING_STATUSES, type BookingStatus, type PaymentState } from './booking-states.ts';
import type { BookingsTable } from './bookings.tables.ts';
import type { CreditUse } from './credits.policy.ts';

export type BookingRow = Selectable<BookingsTable>;

/** What the lists and the detail show besides the booking's own columns. */
export type BookingWithNames = BookingRow & { serviceName: string; instructorName: string; studentName: string; studioAddress: string | null };

/** Which bookings a list shows (GET /me/bookings?when=…). */
export type BookingsWhen = 'upcoming' | 'past' | 'cancelled';

const UPCOMING: BookingStatus[] = ['pending_payment', 'confirmed'];
const PAST: BookingStatus[] = ['confirmed', 'completed', 'no_show_student', 'no_show_instructor'];
const CANCELLED: BookingStatus[] = ['cancelled_by_student', 'cancelled_by_instructor', 'expired'];

/** One Kysely query per method; every method takes the database or the caller's transaction. */
export class BookingsRepository {
  /**
   * What booking needs to know of an instructor, when their profile is public (the instructors
   * module's rule): the buffer, where they teach, and their payout account (payouts module).
   */
  bookableInstructor(executor: Executor, instructorId: string) {
    return executor
      .selectFrom('instructorProfiles')
      .leftJoin('payoutAccounts', 'payoutAccounts.userId', 'instructorProfiles.userId')
      .select([
        'instructorProfiles.userId',
        'instructorProfiles.bookingBufferMinutes',
        'instructorProfiles.travelsToStudents',
        'instructorProfiles.teachesAtStudio',
        'instructorProfiles.teachesOnline',
        'instructorProfiles.isFounding',
        'payoutAccounts.accountId',
        'payoutAccounts.payoutsEnabled',
        'payoutAccounts.chargesEnabled',
      ])
      .where('instructorProfiles.userId', '=', instructorId)
      .$call(onlyPublicProfiles)
      .executeTakeFirst();
  }

  /** The instructor's offer of an active service: its lesson types and the price of each length. */
  async serviceOffer(executor: Executor, instructorId: string, serviceId: string) {
    const offer = await executor
      .selectFrom('instructorServices')
      .innerJoin('services', 'services.id', 'instructorServices.serviceId')
      .select(['instructorServices.lessonTypes', 'services.name'])
      .where('instructorServices.instructorId', '=', instructorId)
      .where('instructorServices.serviceId', '=', serviceId)
      .where('services.isActive', '=', true)
      .executeTakeFirst();
    if (!offer) return null;
    const rates = await executor
      .selectFrom('instructorServiceRates')
      .select(['durationMinutes', 'rateCents'])
      .where('instructorId', '=', instructorId)
      .where('serviceId', '=', serviceId)
      .orderBy('durationMinutes')
      .execute();
    return { lessonTypes: offer.lessonTypes as LessonType[], serviceName: offer.name, rates };
  }

  /** The user's provider customer (payments module), or null before their first saved card. */
  async customerOf(executor: Executor, userId: string): Promise<string | null> {
    const row = await executor.selectFrom('paymentCustomers').select('customerId').where('userId', '=', userId).executeTakeFirst();
    return row?.customerId ?? null;
  }

  /** The student's credits with something left, oldest first (the policy drops expired ones). */
  availableCredits(executor: Executor, studentId: string) {
    return executor
      .selectFrom('studentCredits')
      .select(['id', 'remainingCents', 'issuedAt', 'expiresAt'])
      .where('studentId', '=', studentId)
      .where('remainingCents', '>', 0)
      .orderBy('issuedAt')
      .orderBy('id')
      .execute();
  }

  /** Locks the student's credits with something left, so two checkouts do not spend the same cents. */
  /**
   * Serializes one student's booking writes until the transaction ends, for the same reason as
   * the instructor's lock (lockFreeTimeOf): the student's own exclusion constraint. Taken after
   * the instructor's, everywhere, so the two never deadlock.
   */
  async lockStudentTime(tx: Tx, studentId: string): Promise<void> {
    await sql`select pg_advisory_xact_lock(hashtextextended(${`student-bookings:${studentId}`}, 0))`.execute(tx);
  }

  /** Whether the student has another lesson holding time within [startsAt, endsAt) (the student's exclusion constraint, asked ahead). */
  async studentBusy(executor: Executor, query: { studentId: string; startsAt: Date; endsAt: Date; except: string }): Promise<boolean> {
    const row = await executor
      .selectFrom('bookings')
      .select('id')
      .where('studentId', '=', query.studentId)
      .where('status', 'in', [...TIME_HOLDING_STATUSES])
      .where('id', '<>', query.except)
      .where('startsAt', '<', query.endsAt)
      .where('endsAt', '>', query.startsAt)
      .executeTakeFirst();
    return row !== undefined;
  }

  lockAvailableCredits(tx: Tx, studentId: string) {
    return tx
      .selectFrom('studentCredits')
      .select(['id', 'remainingCents', 'issuedAt', 'expiresAt'])
      .where('studentId', '=', studentId)
      .where('remainingCents', '>', 0)
      .orderBy('issuedAt')
      .orderBy('id')
      .forUpdate()
      .execute();
  }

  /** Records what the booking used of each credit; the database takes it from the credit (trigger). */
  async insertCreditUses(tx: Tx, bookingId: string, uses: readonly CreditUse[]): Promise<void> {
    if (uses.length === 0) return;
    await tx
      .insertInto('bookingCreditUses')
      .values(uses.map((use) => ({ bookingId, creditId: use.creditId, cents: use.cents })))
      .execute();
  }

  /** Gives the booking's credits back (the trigger returns the cents to each credit). */
  async releaseCreditUses(tx: Tx, bookingId: string): Promise<void> {
    await tx.deleteFrom('bookingCreditUses').where('bookingId', '=', bookingId).execute();
  }

  creditUses(executor: Executor, bookingId: string) {
    return executor.selectFrom('bookingCreditUses').select(['creditId', 'cents']).where('bookingId', '=', bookingId).orderBy('creditId').execute();
  }

  async insert(tx: Tx, row: Insertable<BookingsTable>): Promise<BookingRow> {
    return tx.insertInto('bookings').values(row).returningAll().executeTakeFirstOrThrow();
  }

  find(executor: Executor, id: string): Promise<BookingRow | undefined> {
    return executor.selectFrom('bookings').selectAll().where('id', '=', id).executeTakeFirst();
  }

  /** The booking locked until the transaction ends (a step on it is serialized). */
  lock(tx: Tx, id: string): Promise<BookingRow | undefined> {
    return tx.selectFrom('bookings').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
  }

  /** The bookings made under these keys of these students (one query; keys never used answer nothing). */
  findByIdempotencyKeys(executor: Executor, keys: ReadonlyArray<{ studentId: string; key: string }>): Promise<BookingRow[]> {
    if (keys.length === 0) return Promise.resolve([]);
    return executor
      .selectFrom('bookings')
      .selectAll()
      .where((eb) => eb(eb.refTuple('studentId', 'idempotencyKey'), 'in', keys.map(({ studentId, key }) => eb.tuple(studentId, key))))
      .execute();
  }

  /** The booking with the names a reader sees and the instructor's studio address. */
  findWithNames(executor: Executor, id: string): Promise<BookingWithNames | undefined> {
    return this.withNames(executor).where('bookings.id', '=', id).executeTakeFirst();
  }

  /** Changes a booking; `from` guards the status it must still have. Returns the new row, or undefined when it no longer had that status. */
  update(tx: Tx, id: string, from: readonly BookingStatus[], changes: Partial<Omit<Insertable<BookingsTable>, 'id' | 'createdAt'>> & { updatedAt: Date }) {
    return tx.updateTable('bookings').set(changes).where('id', '=', id).where('status', 'in', [...from]).returningAll().executeTakeFirst();
  }

  /** Pending holds whose time ran out by `now`, oldest first, locked (others running the sweep skip them). */
  expiredHolds(tx: Tx, now: Date, limit: number) {
    return tx
      .selectFrom('bookings')
      .selectAll()
      .where('status', '=', 'pending_payment')
      .where('holdExpiresAt', '<=', now)
      .orderBy('holdExpiresAt')
      .limit(limit)
      .forUpdate()
      .skipLocked()
      .execute();
  }

  /**
   * One page of a user's bookings as student or instructor. Upcoming: holding time and not yet
   * ended, soonest first. Past: ended (confirmed ones awaiting completion too), latest first.
   * Cancelled (and expired holds): latest first. The cursor is the last row's (startsAt, id).
   */
  listForUser(
    executor: Executor,
    query: { userId: string; role: 'student' | 'instructor'; when: BookingsWhen; now: Date; limit: number; after?: { startsAt: Date; id: string } },
  ) {
    const ascending = query.when === 'upcoming';
    let builder = this.withNames(executor).where(query.role === 'student' ? 'bookings.studentId' : 'bookings.instructorId', '=', query.userId);
    if (query.when === 'upcoming') builder = builder.where('bookings.status', 'in', UPCOMING).where('bookings.endsAt', '>', query.now);
    else if (query.when === 'past') builder = builder.where('bookings.status', 'in', PAST).where('bookings.endsAt', '<=', query.now);
    else builder = builder.where('bookings.status', 'in', CANCELLED);
    if (query.after) {
      const { startsAt, id } = query.after;
      builder = builder.where(sql<boolean>`(bookings.starts_at, bookings.id) ${sql.raw(ascending ? '>' : '<')} (${startsAt}, ${id})`);
    }
    const direction = ascending ? 'asc' : 'desc';
    return builder.orderBy('bookings.startsAt', direction).orderBy('bookings.id', direction).limit(query.limit + 1).execute();
  }

  private withNames(executor: Executor) {
    return executor
      .selectFrom('bookings')
      .innerJoin('services', 'services.id', 'bookings.serviceId')
      .innerJoin('instructorProfiles', 'instructorProfiles.userId', 'bookings.instructorId')
      .innerJoin('users as student', 'student.id', 'bookings.studentId')
      .selectAll('bookings')
      .select(['services.name as serviceName', 'instructorProfiles.displayName as instructorName', 'student.name as studentName', 'instructorProfiles.studioAddress'])
  }
}

/** The payment states a booking can be confirmed with (the card part decides). */
export type ConfirmedPaymentState = Extract<PaymentState, 'scheduled' | 'authorized' | 'not_required'>;

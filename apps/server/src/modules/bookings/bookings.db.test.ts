import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aPublishedInstructor, aStudent, openDays } from '../../../../../test/support/builders.ts';
import { openTestDatabase, testDatabaseKind } from '../../../../../test/support/test-database.ts';
import { ControllableClock } from '../../platform/clock.ts';
import type { Database } from '../../platform/db/database.ts';
import { createIdGenerator } from '../../platform/ids.ts';
import type { PaymentsPort } from '../../integrations/payments/payments.port.ts';
import { AvailabilityRepository } from '../availability/availability.repository.ts';
import { SlotsService } from '../availability/slots.service.ts';
import { BOOKING_STATUSES, PAYMENT_STATES, type BookingStatus } from './booking-states.ts';
import { BookingEmails } from './booking-emails.ts';
import { BookingHolds } from './booking-holds.ts';
import { EXCLUSION_VIOLATION, sqlState } from './booking-errors.ts';
import { BookingsRepository } from './bookings.repository.ts';
import { creditExpiry } from './credits.policy.ts';
import { lockFreeTimeOf, rewriteFreeTime, takeFromFreeTime } from '../availability/free-time.repository.ts';
import { SeededRandom } from '../demo/random.ts';

/**
 * What the database itself guarantees about bookings (migration 0023; PRODUCT.md §5 "enforced
 * by the database, not only by code"): no overlap of one instructor's lessons including the
 * buffer on either side, no student in two lessons at once, cancelled and expired bookings
 * freeing their time, no negative credit; and the hold sweep by the Clock.
 */
describe(`bookings in the database on ${testDatabaseKind}`, () => {
  let database: Database;
  const clock = new ControllableClock('2026-11-23T15:00:00Z');
  const ids = createIdGenerator(clock);
  const repository = new BookingsRepository();
  let instructorId: string;
  let serviceId: string;
  const students: string[] = [];

  beforeAll(async () => {
    database = await openTestDatabase();
    const t = { database, ids, clock };
    instructorId = (await aPublishedInstructor(t)).id;
    serviceId = (await database.db.selectFrom('services').select('id').where('slug', '=', 'piano').executeTakeFirstOrThrow()).id;
    for (let index = 0; index < 4; index++) students.push((await aStudent(t)).id);
    await openDays(t, instructorId, ['2026-11-30', '2026-12-01', '2026-12-02', '2026-12-03', '2026-12-10']);
  });
  afterAll(() => database.close());

  /** Inserts a 60-minute booking (15-minute buffer) straight into the table; the error when the database refuses. */
  async function insert(options: { student?: string; startsAt: string; minutes?: number; buffer?: number; status?: BookingStatus }) {
    const startsAt = new Date(options.startsAt);
    const minutes = options.minutes ?? 60;
    const now = clock.now();
    const status = options.status ?? 'confirmed';
    try {
      return await database.db.transaction().execute((trx) =>
        repository.insert(trx, {
          id: ids(),
          studentId: options.student ?? students[0]!,
          instructorId,
          serviceId,
          durationMinutes: minutes,
          startsAt,
          endsAt: new Date(startsAt.getTime() + minutes * 60_000),
          bufferMinutes: options.buffer ?? 15,
          locationType: 'online',
          address: null,
          neighborhoodId: null,
          status,
          paymentState: status === 'pending_payment' ? 'awaiting_method' : 'scheduled',
          lessonCents: 8_000,
          bookingFeeCents: 960,
          totalCents: 8_960,
          paymentMethodId: 'pm_test',
          paymentId: null,
          paymentStep: null,
          paymentError: null,
          authorizedAt: null,
          originalStartsAt: startsAt,
          holdExpiresAt: status === 'pending_payment' ? new Date(now.getTime() + 10 * 60_000) : null,
          idempotencyKey: null,
          requestFingerprint: null,
          cancelledAt: null,
          cancelledBy: null,
          cancellationReason: null,
          createdAt: now,
          updatedAt: now,
        }),
      );
    } catch (error) {
      return { refused: sqlState(error) };
    }
  }

  const exclusion = (constraint: string) => ({ refused: { code: EXCLUSION_VIOLATION, constraint } });

  it('refuses an overlapping lesson of the same instructor', async () => {
    expect(await insert({ startsAt: '2026-11-30T15:00:00Z' })).toHaveProperty('id');
    expect(await insert({ student: students[1], startsAt: '2026-11-30T15:30:00Z' })).toEqual(exclusion('bookings_instructor_no_overlap'));
    expect(await insert({ student: students[1], startsAt: '2026-11-30T14:30:00Z' })).toEqual(exclusion('bookings_instructor_no_overlap'));
  });

  it('keeps the buffer free on both sides, and allows a lesson exactly the buffer away on either side', async () => {
    // The lesson above: 15:00–16:00, buffer 15.
    expect(await insert({ student: students[1], startsAt: '2026-11-30T16:00:00Z' })).toEqual(exclusion('bookings_instructor_no_overlap'));
    expect(await insert({ student: students[1], startsAt: '2026-11-30T16:10:00Z' })).toEqual(exclusion('bookings_instructor_no_overlap'));
    // Before it: 13:50–14:50 ends 10 minutes before 15:00 — inside the new lesson's own buffer.
    expect(await insert({ student: students[1], startsAt: '2026-11-30T13:50:00Z' })).toEqual(exclusion('bookings_instructor_no_overlap'));
    expect(await insert({ student: students[1], startsAt: '2026-11-30T16:15:00Z' })).toHaveProperty('id');
    expect(await insert({ student: students[2], startsAt: '2026-11-30T13:45:00Z' })).toHaveProperty('id');
  });

  it('allows back-to-back lessons when the buffer is 0', async () => {
    expect(await insert({ startsAt: '2026-12-01T15:00:00Z', buffer: 0 })).toHaveProperty('id');
    expect(await insert({ student: students[1], startsAt: '2026-12-01T16:00:00Z', buffer: 0 })).toHaveProperty('id');
  });

  it('refuses a student in two lessons at once, with any instructor', async () => {
    const other = (await aPublishedInstructor({ database, ids, clock })).id;
    const startsAt = new Date('2026-12-02T15:00:00Z');
    expect(await insert({ student: students[3], startsAt: '2026-12-02T15:00:00Z' })).toHaveProperty('id');
    const row = await database.db
      .insertInto('bookings')
      .values({
        ...(await repository.find(database.db, (await database.db.selectFrom('bookings').select('id').where('studentId', '=', students[3]!).executeTakeFirstOrThrow()).id))!,
        id: ids(),
        instructorId: other,
        startsAt: new Date(startsAt.getTime() + 30 * 60_000),
        endsAt: new Date(startsAt.getTime() + 90 * 60_000),
        originalStartsAt: startsAt,
      })
      .execute()
      .catch((error: unknown) => ({ refused: sqlState(error) }));
    expect(row).toEqual(exclusion('bookings_student_no_overlap'));
  });

  it('lets a pending hold block time, and a cancelled or expired booking free it', async () => {
    const hold = await insert({ startsAt: '2026-12-03T15:00:00Z', status: 'pending_payment' });
    expect(hold).toHaveProperty('id');
    expect(await insert({ student: students[1], startsAt: '2026-12-03T15:00:00Z' })).toEqual(exclusion('bookings_instructor_no_overlap'));
    await database.db.updateTable('bookings').set({ status: 'cancelled_by_student', cancelledAt: clock.now() }).where('id', '=', (hold as { id: string }).id).execute();
    const second = await insert({ student: students[1], startsAt: '2026-12-03T15:00:00Z' });
    expect(second).toHaveProperty('id');
    await database.db.updateTable('bookings').set({ status: 'expired' }).where('id', '=', (second as { id: string }).id).execute();
    expect(await insert({ student: students[2], startsAt: '2026-12-03T15:00:00Z' })).toHaveProperty('id');
  });

  it('accepts exactly the statuses and payment states of booking-states.ts', async () => {
    const { rows } = await sql<{ definition: string }>`
      select pg_get_constraintdef(oid) as definition from pg_constraint
       where conrelid = 'bookings'::regclass and contype = 'c'
         and (pg_get_constraintdef(oid) like '%(status = ANY%' or pg_get_constraintdef(oid) like '%(payment_state = ANY%')`.execute(database.db);
    const words = (column: string) => {
      const definition = rows.find((row) => row.definition.includes(`(${column} = ANY`))!.definition;
      return [...definition.matchAll(/'([a-z_]+)'::text/g)].map((match) => match[1]);
    };
    expect(words('status')).toEqual([...BOOKING_STATUSES]);
    expect(words('payment_state')).toEqual([...PAYMENT_STATES]);
  });

  it('refuses to spend more credit than is left, and gives it back when the use is removed', async () => {
    const creditId = ids();
    const now = clock.now();
    await database.db
      .insertInto('studentCredits')
      .values({ id: creditId, studentId: students[2]!, amountCents: 1_000, remainingCents: 1_000, issuedAt: now, expiresAt: creditExpiry(now), sourceBookingId: null, reason: 'admin_adjustment', createdAt: now })
      .execute();
    const [first, second] = await database.db.selectFrom('bookings').select('id').where('studentId', '=', students[2]!).limit(2).execute();
    await database.db.transaction().execute((trx) => repository.insertCreditUses(trx, first!.id, [{ creditId, cents: 700 }]));
    const overdraw = await database.db
      .transaction()
      .execute((trx) => repository.insertCreditUses(trx, second!.id, [{ creditId, cents: 400 }]))
      .catch((error: unknown) => sqlState(error)?.code);
    expect(overdraw).toBe('23514');
    const remaining = () => database.db.selectFrom('studentCredits').select('remainingCents').where('id', '=', creditId).executeTakeFirstOrThrow();
    expect((await remaining()).remainingCents).toBe(300);
    await database.db.transaction().execute((trx) => repository.releaseCreditUses(trx, first!.id));
    expect((await remaining()).remainingCents).toBe(1_000);
  });

  it('shows held time in bookingsBetween, so slots and free time leave the lesson and its buffer out', async () => {
    const availability = new AvailabilityRepository(database.db);
    const busy = await availability.bookingsBetween(instructorId, new Date('2026-11-30T00:00:00Z'), new Date('2026-12-01T00:00:00Z'));
    expect(busy.map((b) => [b.start.toISOString(), b.end.toISOString()])).toEqual([
      ['2026-11-30T13:45:00.000Z', '2026-11-30T14:45:00.000Z'],
      ['2026-11-30T15:00:00.000Z', '2026-11-30T16:00:00.000Z'],
      ['2026-11-30T16:15:00.000Z', '2026-11-30T17:15:00.000Z'],
    ]);
    const slots = await new SlotsService({ repository: availability, clock }).bookableSlots({ instructorId, serviceId, durationMinutes: 60, from: '2026-11-30', to: '2026-11-30' });
    const starts = slots.slots.map((slot) => slot.start);
    expect(starts).toContain('2026-11-30T12:30:00.000Z');
    expect(starts).not.toContain('2026-11-30T12:45:00.000Z');
    expect(starts).not.toContain('2026-11-30T17:15:00.000Z');
    expect(starts).toContain('2026-11-30T17:30:00.000Z');
    // A booking made with a longer buffer than today's keeps its own after it.
    await database.db.updateTable('instructorProfiles').set({ bookingBufferMinutes: 0 }).where('userId', '=', instructorId).execute();
    const longer = await availability.bookingsBetween(instructorId, new Date('2026-11-30T16:30:00Z'), new Date('2026-11-30T18:00:00Z'));
    expect(longer.map((b) => b.end.toISOString())).toEqual(['2026-11-30T17:30:00.000Z']);
    await database.db.updateTable('instructorProfiles').set({ bookingBufferMinutes: 15 }).where('userId', '=', instructorId).execute();
  });

  it('expires holds past their 10 minutes by the Clock, freeing time and credit, and only those', async () => {
    const payments = {} as PaymentsPort; // no hold here has an authorization in flight: the provider is never called
    let invalidations = 0;
    const emails = new BookingEmails({ emails: { queue: async () => undefined, queueAll: async () => undefined } as never });
    const holds = new BookingHolds({ db: database.db, clock, payments, repository, emails, freeTimeChanged: async () => void invalidations++ });
    const pending = (await insert({ student: students[3], startsAt: '2026-12-01T18:00:00Z', status: 'pending_payment' })) as { id: string };
    expect(await holds.expireDue()).toBe(0);
    clock.advance(9 * 60_000);
    const fresh = (await insert({ student: students[3], startsAt: '2026-12-01T20:00:00Z', status: 'pending_payment' })) as { id: string };
    clock.advance(60_000);
    expect(await holds.expireDue()).toBe(1);
    expect(invalidations).toBe(1);
    expect((await repository.find(database.db, pending.id))).toMatchObject({ status: 'expired', paymentState: 'released', holdExpiresAt: null });
    expect((await repository.find(database.db, fresh.id))?.status).toBe('pending_payment');
    const { rows } = await sql<{ free: boolean }>`
      select exists (select 1 from instructor_free_time where instructor_id = ${instructorId}
                      and during @> tstzrange('2026-12-01T17:45:00Z', '2026-12-01T19:15:00Z')) as free`.execute(database.db);
    expect(rows[0]!.free).toBe(true);
    expect(await holds.expireDue()).toBe(0);
  });

  it('cuts a new booking out of free time exactly as a rebuild would (takeFromFreeTime)', async () => {
    const t = { database, ids, clock };
    const teacher = (await aPublishedInstructor(t)).id;
    // Two open days with a closed one between: lessons land inside, across the edges and outside.
    await openDays(t, teacher, ['2026-12-14', '2026-12-16']);
    const template = await database.db.selectFrom('bookings').selectAll().limit(1).executeTakeFirstOrThrow();
    const freeTime = async () =>
      (await sql<{ during: string }>`select during::text from instructor_free_time where instructor_id = ${teacher} order by lower(during)`.execute(database.db)).rows.map(
        (row) => row.during,
      );
    const random = new SeededRandom(11);
    let cuts = 0;
    for (let step = 0; step < 24; step++) {
      // A start on the 14th–16th (New York) in 15-minute steps; lengths and buffers around the profile's 15 minutes.
      const startsAt = new Date(Date.UTC(2026, 11, 14, 5, 0) + random.int(0, 3 * 96 - 1) * 15 * 60_000);
      const minutes = random.pick([30, 45, 60, 90]);
      const bufferMinutes = random.pick([0, 15, 30, 45]);
      if (step === 12) {
        // The instructor lengthens their buffer (the availability service rewrites their free time then).
        await database.db.updateTable('instructorProfiles').set({ bookingBufferMinutes: 30 }).where('userId', '=', teacher).execute();
        await rewriteFreeTime(database.db, [teacher]);
      }
      const student = (await aStudent(t)).id;
      const inserted = await database.db
        .transaction()
        .execute(async (trx) => {
          await lockFreeTimeOf(trx, [teacher]);
          const row = await repository.insert(trx, {
            ...template,
            id: ids(),
            studentId: student,
            instructorId: teacher,
            startsAt,
            durationMinutes: minutes,
            endsAt: new Date(startsAt.getTime() + minutes * 60_000),
            bufferMinutes,
            originalStartsAt: startsAt,
            status: 'confirmed',
            holdExpiresAt: null,
            idempotencyKey: null,
            requestFingerprint: null,
          });
          await takeFromFreeTime(trx, row);
          return true;
        })
        .catch((error: unknown) => {
          if (sqlState(error)?.code === EXCLUSION_VIOLATION) return false; // meets an earlier lesson: nothing changes
          throw error;
        });
      if (!inserted) continue;
      cuts++;
      const cut = await freeTime();
      await rewriteFreeTime(database.db, [teacher]);
      expect(cut, `after a ${minutes}-minute lesson at ${startsAt.toISOString()} (buffer ${bufferMinutes})`).toEqual(await freeTime());
    }
    expect(cuts).toBeGreaterThan(8);
  });

  it('keeps search free time equal to a rebuild when bookings of one instructor commit at once', async () => {
    const freeTime = async () => {
      const { rows } = await sql<{ during: string }>`select during::text from instructor_free_time where instructor_id = ${instructorId} order by lower(during)`.execute(database.db);
      return rows.map((row) => row.during);
    };
    // Ten lessons two hours apart on one day, each in its own transaction with its free-time rewrite, all at once.
    const template = (await database.db.selectFrom('bookings').selectAll().limit(1).executeTakeFirstOrThrow());
    const learners = [];
    for (let index = 0; index < 10; index++) learners.push((await aStudent({ database, ids, clock })).id);
    await Promise.all(
      learners.map((student, index) => {
        const startsAt = new Date(Date.UTC(2026, 11, 10, 5, 0) + index * 2 * 3_600_000);
        return database.db.transaction().execute(async (trx) => {
          await repository.insert(trx, {
            ...template,
            id: ids(),
            studentId: student,
            startsAt,
            endsAt: new Date(startsAt.getTime() + 3_600_000),
            originalStartsAt: startsAt,
            status: 'confirmed',
            holdExpiresAt: null,
            idempotencyKey: null,
            requestFingerprint: null,
            createdAt: clock.now(),
            updatedAt: clock.now(),
          });
          await rewriteFreeTime(trx, [instructorId]);
        });
      }),
    );
    const written = await freeTime();
    await rewriteFreeTime(database.db, [instructorId]);
    expect(written).toEqual(await freeTime());
  });
});

import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aPublishedInstructor, aUser } from '../../../../../test/support/builders.ts';
import { openTestDatabase, testDatabaseKind } from '../../../../../test/support/test-database.ts';
import type { Principal } from '../../platform/auth/principal.ts';
import { ControllableClock } from '../../platform/clock.ts';
import type { Database } from '../../platform/db/database.ts';
import { DomainError } from '../../platform/errors.ts';
import { createIdGenerator } from '../../platform/ids.ts';
import { permissionsOf } from '../accounts/permissions.ts';
import { emptyCells, templateDayFromRanges, weekDates, WEEKDAYS } from './availability.policy.ts';
import { AvailabilityRepository } from './availability.repository.ts';
import { AvailabilityService, type WeekInput } from './availability.service.ts';
import { SlotsService } from './slots.service.ts';

const NINE_TO_FIVE = '000000000FFFFFFFF0000000';

/** A whole week where every date gets `cells` (or empty), no blackouts. */
function weekOf(weekStart: string, cells: (date: string) => string = emptyCells): WeekInput {
  return { days: weekDates(weekStart).map((date) => ({ date, cells: cells(date) })), blackouts: [] };
}

async function outcome<T>(promise: Promise<T>): Promise<'ok' | string> {
  try {
    await promise;
    return 'ok';
  } catch (error) {
    if (error instanceof DomainError) return error.code;
    throw error;
  }
}

/**
 * The availability service and repository on a real database (PGlite, and PostgreSQL when
 * DATABASE_URL is set, where the concurrent editors really do race on separate connections).
 */
describe(`availability on ${testDatabaseKind}`, () => {
  let database: Database;
  let service: AvailabilityService;
  let slots: SlotsService;
  let instructor: Principal;
  let instructorId: string;
  const clock = new ControllableClock('2026-11-23T15:00:00Z');
  const ids = createIdGenerator(clock);

  beforeAll(async () => {
    database = await openTestDatabase();
    const repository = new AvailabilityRepository(database.db);
    service = new AvailabilityService({ db: database.db, repository, clock });
    slots = new SlotsService({ repository, clock });
    // Published and approved, pricing 30-minute piano lessons: slots are only offered for what is sold.
    const user = await aPublishedInstructor({ database, ids, clock }, { services: [{ slug: 'piano', rates: [{ durationMinutes: 30, rateCents: 4_500 }] }] });
    instructorId = user.id;
    instructor = { kind: 'user', userId: user.id, sessionId: 'S', roles: ['instructor'], permissions: permissionsOf(['instructor']) };
  });
  afterAll(() => database.close());

  it('lets exactly one of two editors holding the same ETag write the week (races only on PostgreSQL; PGlite serializes)', async () => {
    const weekStart = '2026-11-30';
    const { etag } = await service.getWeek(instructor, weekStart);
    expect(etag).toBe('"2026-11-30.v0"');
    const results = await Promise.all([
      outcome(
        service.putWeek(
          instructor,
          weekStart,
          etag,
          weekOf(weekStart, () => NINE_TO_FIVE),
        ),
      ),
      outcome(
        service.putWeek(
          instructor,
          weekStart,
          etag,
          weekOf(weekStart, () => 'F'.repeat(24)),
        ),
      ),
    ]);
    expect(results.sort()).toEqual(['ok', 'precondition_failed']);
    const after = await service.getWeek(instructor, weekStart);
    expect(after.etag).toBe('"2026-11-30.v1"');
    // The winner's week is stored whole, never a mix of the two.
    expect(new Set(after.days.map((day) => day.cells)).size).toBe(1);
  });

  it('keeps one winner per round when many editors race, round after round (races only on PostgreSQL; PGlite serializes)', async () => {
    const weekStart = '2026-12-07';
    for (let round = 0; round < 5; round++) {
      const { etag } = await service.getWeek(instructor, weekStart);
      const editors = Array.from({ length: 4 }, (_, editor) =>
        outcome(
          service.putWeek(
            instructor,
            weekStart,
            etag,
            weekOf(weekStart, () => (editor % 2 ? NINE_TO_FIVE : 'F'.repeat(24))),
          ),
        ),
      );
      const results = await Promise.all(editors);
      expect(results.filter((result) => result === 'ok')).toHaveLength(1);
      expect(results.filter((result) => result === 'precondition_failed')).toHaveLength(3);
    }
    expect((await service.getWeek(instructor, weekStart)).etag).toBe('"2026-12-07.v5"');
  });

  it('answers a stale write with the current week', async () => {
    const weekStart = '2026-12-14';
    const first = await service.getWeek(instructor, weekStart);
    const saved = await service.putWeek(instructor, weekStart, first.etag, {
      ...weekOf(weekStart, () => NINE_TO_FIVE),
      blackouts: [{ date: '2026-12-18', reason: '  Recital  ' }],
    });
    const error = await service.putWeek(instructor, weekStart, first.etag, weekOf(weekStart)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).code).toBe('precondition_failed');
    expect((error as DomainError).details.current).toEqual(saved);
    expect(saved.blackouts).toEqual([{ date: '2026-12-18', reason: 'Recital' }]);
    expect(await service.getWeek(instructor, weekStart)).toEqual(saved);
  });

  it('stores only days with availability, in the canonical uppercase form', async () => {
    const weekStart = '2026-12-21';
    const { etag } = await service.getWeek(instructor, weekStart);
    await service.putWeek(
      instructor,
      weekStart,
      etag,
      weekOf(weekStart, (date) => (date === '2026-12-22' ? NINE_TO_FIVE.toLowerCase() : emptyCells(date))),
    );
    const rows = await database.db
      .selectFrom('availabilityDays')
      .select(['date', 'cells'])
      .where('instructorId', '=', instructorId)
      .where('date', '>=', weekStart)
      .where('date', '<=', '2026-12-27')
      .execute();
    expect(rows).toEqual([{ date: '2026-12-22', cells: NINE_TO_FIVE }]);
  });

  it('applies the template by wall-clock time across the fall-back week and bumps every week it touches', async () => {
    const days = Object.fromEntries(
      WEEKDAYS.map((weekday) => [weekday, weekday === 'sunday' ? templateDayFromRanges([['01:00', '02:00']]) : NINE_TO_FIVE]),
    );
    await service.putTemplate(instructor, { days: days as Record<(typeof WEEKDAYS)[number], string> });
    const before = await service.getWeek(instructor, '2026-10-26');
    const applied = await service.applyTemplate(instructor, { fromWeek: '2026-10-26', weeks: 2 });
    expect(applied.weeks).toEqual([
      { weekStart: '2026-10-26', etag: '"2026-10-26.v1"' },
      { weekStart: '2026-11-02', etag: '"2026-11-02.v1"' },
    ]);
    const week = await service.getWeek(instructor, '2026-10-26');
    expect(week.days.at(-1)).toEqual({ date: '2026-11-01', cellCount: 100, cells: '0FF' + '0'.repeat(22) });
    expect(week.days[0]).toEqual({ date: '2026-10-26', cellCount: 96, cells: NINE_TO_FIVE });
    expect(await outcome(service.putWeek(instructor, '2026-10-26', before.etag, weekOf('2026-10-26')))).toBe('precondition_failed');
  });

  it('refuses to apply a template that was never saved', async () => {
    const newcomer = await aUser({ database, ids, clock }, { roles: ['instructor'] });
    const principal: Principal = {
      kind: 'user',
      userId: newcomer.id,
      sessionId: 'S',
      roles: ['instructor'],
      permissions: permissionsOf(['instructor']),
    };
    expect(await outcome(service.applyTemplate(principal, { fromWeek: '2026-11-23', weeks: 1 }))).toBe('conflict');
    expect((await service.getTemplate(principal)).updatedAt).toBeNull();
    const student: Principal = {
      kind: 'user',
      userId: newcomer.id,
      sessionId: 'S',
      roles: ['student'],
      permissions: permissionsOf(['student']),
    };
    expect(await outcome(service.getWeek(student, '2026-11-23'))).toBe('forbidden');
    expect(await outcome(service.getWeek(null, '2026-11-23'))).toBe('unauthenticated');
  });

  it('enforces the bitmap length of each date in the database itself', async () => {
    const insert = (date: string, cells: string) =>
      database.db.insertInto('availabilityDays').values({ instructorId, date, cells, updatedAt: clock.now() }).execute();
    await expect(insert('2027-03-14', '0'.repeat(24))).rejects.toThrow(/check constraint/);
    await expect(insert('2027-11-07', '0'.repeat(24))).rejects.toThrow(/check constraint/);
    await expect(insert('2027-02-01', 'f'.repeat(24))).rejects.toThrow(/check constraint/);
    await insert('2027-03-14', 'F'.repeat(23));
    await insert('2027-11-07', 'F'.repeat(25));
    await insert('2027-02-01', 'F'.repeat(24));
    const hours = await sql<{ hours: number }>`select availability_day_hours('2028-03-12') as hours`.execute(database.db);
    expect(hours.rows[0]!.hours).toBe(23);
    await expect(
      database.db
        .insertInto('availabilityWeeks')
        .values({ instructorId, weekStart: '2026-11-24', version: 0, updatedAt: clock.now() })
        .execute(),
    ).rejects.toThrow(/check constraint/);
  });

  it('computes slots from stored weeks, skipping blackouts and respecting notice', async () => {
    const weekStart = '2027-01-04';
    const { etag } = await service.getWeek(instructor, weekStart);
    await service.putWeek(instructor, weekStart, etag, {
      ...weekOf(weekStart, () => NINE_TO_FIVE),
      blackouts: [{ date: '2027-01-06' }],
    });
    clock.set('2027-01-05T15:00:00Z'); // 10:00 EST Tuesday
    const service30 = await database.db.selectFrom('services').select('id').where('slug', '=', 'piano').executeTakeFirstOrThrow();
    const result = await slots.bookableSlots({
      instructorId: instructorId,
      serviceId: service30.id,
      durationMinutes: 30,
      from: '2027-01-04',
      to: '2027-01-07',
    });
    const dates = new Set(result.slots.map((slot) => slot.start.slice(0, 10)));
    expect(dates).toEqual(new Set(['2027-01-05', '2027-01-07']));
    expect(result.slots[0]).toEqual({ start: '2027-01-05T17:00:00.000Z', end: '2027-01-05T17:30:00.000Z' }); // noon, two hours' notice
    expect(result.slots.at(-1)).toEqual({ start: '2027-01-07T21:30:00.000Z', end: '2027-01-07T22:00:00.000Z' });
  });
});

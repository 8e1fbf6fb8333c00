import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, testDatabaseKind } from '../../../../../test/support/test-database.ts';
import { ControllableClock } from '../../platform/clock.ts';
import type { Database } from '../../platform/db/database.ts';
import { createIdGenerator } from '../../platform/ids.ts';
import { DEFAULT_PRICE_FLOORS, effectivePriceFloors, floorForDuration } from '../catalog/catalog.policy.ts';
import { insertInstructorUser } from './instructors.testing.ts';

/**
 * The database refuses what pricing.policy.ts refuses (migration 0010), even for a write that
 * skips the service: prices under the prorated floor, lesson lengths the service does not allow.
 */
describe(`price floors in the database (${testDatabaseKind})`, () => {
  let database: Database;
  const clock = new ControllableClock('2026-11-23T15:00:00Z');
  const ids = createIdGenerator(clock);
  let piano: { id: string; categoryId: string; durations: number[]; inPerson: number; online: number; onlineOverride: number | null };

  beforeAll(async () => {
    database = await openTestDatabase();
    const row = await database.db
      .selectFrom('services')
      .innerJoin('categories', 'categories.id', 'services.categoryId')
      .select(['services.id', 'services.categoryId', 'services.durations', 'categories.priceFloorInPersonCents', 'categories.priceFloorOnlineCents'])
      .where('services.slug', '=', 'piano')
      .executeTakeFirstOrThrow();
    const floors = effectivePriceFloors(row);
    piano = { id: row.id, categoryId: row.categoryId, durations: row.durations, inPerson: floors.inPersonCentsPerHour, online: floors.onlineCentsPerHour, onlineOverride: row.priceFloorOnlineCents };
  }, 120_000);
  afterAll(() => database.close());

  async function offering(lessonTypes: string[]) {
    const instructorId = await insertInstructorUser(database.db, ids);
    await database.db.insertInto('instructorProfiles').values({ userId: instructorId, displayName: 'Maria Lopez' }).execute();
    await database.db.insertInto('instructorServices').values({ instructorId, serviceId: piano.id, lessonTypes }).execute();
    return instructorId;
  }

  const insertRate = (instructorId: string, durationMinutes: number, rateCents: number) =>
    database.db.insertInto('instructorServiceRates').values({ instructorId, serviceId: piano.id, durationMinutes, rateCents }).execute();

  it('accepts a price at the prorated floor and refuses one cent less', async () => {
    const instructorId = await offering(['online']);
    const minutes = piano.durations[0]!;
    const floor = floorForDuration(piano.online, minutes);
    await expect(insertRate(instructorId, minutes, floor - 1)).rejects.toThrow(/must cost at least/);
    await insertRate(instructorId, minutes, floor);
    await expect(
      database.db.updateTable('instructorServiceRates').set({ rateCents: floor - 1 }).where('instructorId', '=', instructorId).execute(),
    ).rejects.toMatchObject({ code: '23514' });
  });

  it('applies the higher floor when a service is taught both in person and online', async () => {
    const instructorId = await offering(['online', 'student_location']);
    const floor = Math.max(floorForDuration(piano.inPerson, 60), floorForDuration(piano.online, 60));
    await expect(insertRate(instructorId, 60, floor - 1)).rejects.toThrow(/must cost at least/);
    await insertRate(instructorId, 60, floor);
  });

  it('refuses a lesson length the service does not allow', async () => {
    const narrow = [60];
    await database.db.updateTable('services').set({ durations: narrow }).where('id', '=', piano.id).execute();
    try {
      const instructorId = await offering(['online']);
      await expect(insertRate(instructorId, 30, 100_000)).rejects.toThrow(/not offered/);
    } finally {
      await database.db.updateTable('services').set({ durations: piano.durations }).where('id', '=', piano.id).execute();
    }
  });

  it('checks the prices again when a service starts being taught in person', async () => {
    const instructorId = await offering(['online']);
    const onlineFloor = floorForDuration(piano.online, 60);
    expect(floorForDuration(piano.inPerson, 60)).toBeGreaterThan(onlineFloor);
    await insertRate(instructorId, 60, onlineFloor);
    await expect(
      database.db.updateTable('instructorServices').set({ lessonTypes: ['student_location'] }).where('instructorId', '=', instructorId).execute(),
    ).rejects.toThrow(/must cost at least/);
  });

  it('leaves existing prices alone when the catalog raises a floor', async () => {
    const instructorId = await offering(['online']);
    await insertRate(instructorId, 60, floorForDuration(piano.online, 60));
    await database.db.updateTable('categories').set({ priceFloorOnlineCents: piano.online + 1_000 }).where('id', '=', piano.categoryId).execute();
    try {
      const kept = await database.db.selectFrom('instructorServiceRates').select('rateCents').where('instructorId', '=', instructorId).executeTakeFirstOrThrow();
      expect(kept.rateCents).toBe(floorForDuration(piano.online, 60));
      const other = await offering(['online']);
      await expect(insertRate(other, 60, floorForDuration(piano.online, 60))).rejects.toThrow(/must cost at least/);
    } finally {
      await database.db.updateTable('categories').set({ priceFloorOnlineCents: piano.onlineOverride }).where('id', '=', piano.categoryId).execute();
    }
  });

  it('uses the same marketplace defaults as catalog.policy.ts', async () => {
    const { rows } = await sql<{ inPerson: number; online: number }>`select default_price_floor_cents(true) as "inPerson", default_price_floor_cents(false) as "online"`.execute(database.db);
    expect(rows[0]).toEqual({ inPerson: DEFAULT_PRICE_FLOORS.inPersonCentsPerHour, online: DEFAULT_PRICE_FLOORS.onlineCentsPerHour });
  });
});

import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../../../../../test/support/test-database.ts';
import { ControllableClock } from '../../platform/clock.ts';
import type { Database } from '../../platform/db/database.ts';
import { createIdGenerator } from '../../platform/ids.ts';
import { effectivePriceFloors, floorForDuration } from '../catalog/catalog.policy.ts';
import { seedDemoInstructors } from './demo-instructors.seed.ts';

describe('demo instructors', () => {
  let database: Database;
  const clock = new ControllableClock('2026-11-23T15:00:00Z');
  beforeAll(async () => {
    database = await openTestDatabase();
  });
  afterAll(() => database.close());

  it('creates published instructors with prices at or above the floors, areas and availability, once', async () => {
    const deps = { db: database.db, ids: createIdGenerator(clock), clock };
    expect(await seedDemoInstructors(deps, { count: 25, weeks: 2 })).toEqual({ created: 25 });
    expect(await seedDemoInstructors(deps, { count: 25, weeks: 2 })).toEqual({ created: 0 });

    const profiles = await database.db
      .selectFrom('instructorProfiles')
      .select(['userId', 'status', 'approvedAt', 'travelsToStudents', 'teachesAtStudio', 'studioAddress', 'languages'])
      .execute();
    expect(profiles).toHaveLength(25);
    for (const profile of profiles) {
      expect(profile.status).toBe('published');
      expect(profile.approvedAt).not.toBeNull();
      if (profile.teachesAtStudio) expect(profile.studioAddress).toMatch(/, NY$/);
      for (const language of profile.languages) expect(language).toMatch(/^[a-z]{2}$/);
    }

    const rates = await database.db
      .selectFrom('instructorServiceRates')
      .innerJoin('instructorServices', (join) =>
        join.onRef('instructorServices.instructorId', '=', 'instructorServiceRates.instructorId').onRef('instructorServices.serviceId', '=', 'instructorServiceRates.serviceId'),
      )
      .innerJoin('services', 'services.id', 'instructorServiceRates.serviceId')
      .innerJoin('categories', 'categories.id', 'services.categoryId')
      .select(['instructorServiceRates.durationMinutes', 'instructorServiceRates.rateCents', 'instructorServices.lessonTypes', 'categories.priceFloorInPersonCents', 'categories.priceFloorOnlineCents'])
      .execute();
    expect(rates.length).toBeGreaterThan(25);
    for (const rate of rates) {
      const floors = effectivePriceFloors(rate);
      const inPerson = rate.lessonTypes.some((type) => type !== 'online');
      const floor = floorForDuration(inPerson ? floors.inPersonCentsPerHour : floors.onlineCentsPerHour, rate.durationMinutes);
      expect(rate.rateCents).toBeGreaterThanOrEqual(floor);
    }

    const travelling = profiles.filter((p) => p.travelsToStudents).length;
    const covered = await sql<{ count: number }>`select count(*)::int as count from instructor_coverage`.execute(database.db);
    expect(covered.rows[0]!.count).toBe(travelling);
    const days = await database.db.selectFrom('availabilityDays').select(['date']).execute();
    expect(days.length).toBeGreaterThan(25);
    expect(days.every((d) => d.date >= '2026-11-23' && d.date <= '2026-12-06')).toBe(true);
  });
});

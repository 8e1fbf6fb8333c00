import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../../../../../test/support/test-database.ts';
import { ControllableClock } from '../../platform/clock.ts';
import type { Database } from '../../platform/db/database.ts';
import { createIdGenerator } from '../../platform/ids.ts';
import { generateInstructors } from './generated-instructors.ts';

describe('generated bench instructors', () => {
  let database: Database;
  const clock = new ControllableClock('2026-11-23T15:00:00Z');
  beforeAll(async () => {
    database = await openTestDatabase();
  });
  afterAll(() => database.close());

  it('writes published instructors with services, rates above the floors, areas and availability, in batches', async () => {
    const generated = await generateInstructors(database.db, createIdGenerator(clock), clock, { count: 300, batch: 120, weeks: 2 });
    const count = async (query: string) => (await sql<{ n: number }>`select count(*)::int as n from ${sql.raw(query)}`.execute(database.db)).rows[0]!.n;

    expect(generated.instructors).toBe(300);
    expect(await count(`instructor_profiles where status = 'published' and approved_at is not null`)).toBe(300);
    expect(await count('instructor_services')).toBe(generated.services);
    expect(generated.services).toBeGreaterThanOrEqual(300);
    expect(generated.services).toBeLessThanOrEqual(900);
    // Every allowed length priced (the floor trigger refused nothing), a few services per instructor.
    expect(await count('instructor_service_rates')).toBe(
      (await sql<{ n: number }>`select sum(cardinality(sv.durations))::int as n from instructor_services s join services sv on sv.id = s.service_id`.execute(database.db)).rows[0]!.n,
    );
    expect(await count('instructor_service_areas')).toBe(generated.serviceAreas);
    expect(await count('instructor_coverage')).toBe(await count('instructor_profiles where travels_to_students'));
    // Each coverage is the union of that instructor's own neighborhoods, as the trigger writes it.
    expect(
      await count(`instructor_coverage c where c.neighborhood_count <> (select count(*) from instructor_service_areas a where a.instructor_id = c.instructor_id)
        or not st_equals(c.geom, (select st_union(n.geom) from instructor_service_areas a join neighborhoods n on n.id = a.neighborhood_id where a.instructor_id = c.instructor_id))`),
    ).toBe(0);
    // The trigger is on again: a later change to someone's areas updates their coverage.
    const someone = (await database.db.selectFrom('instructorCoverage').select('instructorId').where('neighborhoodCount', '=', 2).limit(1).executeTakeFirstOrThrow()).instructorId;
    await database.db.insertInto('instructorServiceAreas').values({ instructorId: someone, neighborhoodId: 'BK0602' }).onConflict((c) => c.doNothing()).execute();
    await database.db.insertInto('instructorServiceAreas').values({ instructorId: someone, neighborhoodId: 'QN0101' }).onConflict((c) => c.doNothing()).execute();
    expect((await database.db.selectFrom('instructorCoverage').select('neighborhoodCount').where('instructorId', '=', someone).executeTakeFirstOrThrow()).neighborhoodCount).toBeGreaterThan(2);
    expect(await count('instructor_profiles where not travels_to_students and not teaches_at_studio')).toBeGreaterThan(10);
    expect(await count('availability_days')).toBe(generated.availabilityDays);
    expect(await count(`availability_days where date < '2026-11-23' or date > '2026-12-06'`)).toBe(0);
    expect(await count(`(select distinct instructor_id from availability_days) d`)).toBe(300);
    // Search reads free time, not bitmaps: everyone has some, all of it inside the seeded days.
    expect(await count(`(select distinct instructor_id from instructor_free_time) f`)).toBe(300);
    expect(await count(`instructor_free_time where lower(during) < '2026-11-23T05:00:00Z' or upper(during) > '2026-12-07T05:00:00Z'`)).toBe(0);
    expect(await count(`users where email like 'bench-instructor-%@example.com'`)).toBe(300);
  });
});

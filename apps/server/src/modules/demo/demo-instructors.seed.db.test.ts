import { sql } from 'kysely';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../../../../../test/support/test-database.ts';
import { MemoryStorage } from '../../integrations/storage/memory.ts';
import { readAll } from '../../integrations/storage/read-all.ts';
import type { PutOptions } from '../../integrations/storage/storage.port.ts';
import { UrlSigner } from '../../integrations/storage/url-signer.ts';
import { ControllableClock } from '../../platform/clock.ts';
import type { Database } from '../../platform/db/database.ts';
import { createIdGenerator } from '../../platform/ids.ts';
import { effectivePriceFloors, floorForDuration } from '../catalog/catalog.policy.ts';
import { photoObjectKey } from '../instructors/instructor-views.ts';
import { PHOTO_SIZES, type PhotoSizeName } from '../instructors/photo-processing.ts';
import { PHOTO_CACHE_CONTROL } from '../instructors/photo-storage.ts';
import { DEMO_AVATAR_SIDE } from './demo-avatar.ts';
import { seedDemoInstructors } from './demo-instructors.seed.ts';

/** The memory adapter, remembering every write. */
class RecordingStorage extends MemoryStorage {
  readonly puts: Array<{ key: string; options: PutOptions }> = [];
  override async put(key: string, body: Buffer, options: PutOptions): Promise<void> {
    this.puts.push({ key, options });
    await super.put(key, body, options);
  }
}

describe('demo instructors', () => {
  let database: Database;
  const clock = new ControllableClock('2026-11-23T15:00:00Z');
  beforeAll(async () => {
    database = await openTestDatabase();
  });
  afterAll(() => database.close());

  it('creates published instructors with prices at or above the floors, areas and availability, once', async () => {
    const storage = new RecordingStorage({ signer: UrlSigner.fromSecret('test', clock), baseUrl: 'http://localhost:3000' });
    const deps = { db: database.db, ids: createIdGenerator(clock), clock, storage };
    expect(await seedDemoInstructors(deps, { count: 25, weeks: 2 })).toEqual({ created: 25 });
    expect(await seedDemoInstructors(deps, { count: 25, weeks: 2 })).toEqual({ created: 0 });

    const profiles = await database.db
      .selectFrom('instructorProfiles')
      .select(['userId', 'displayName', 'status', 'approvedAt', 'travelsToStudents', 'teachesAtStudio', 'studioAddress', 'languages', 'photoKey'])
      .execute();
    expect(profiles).toHaveLength(25);
    for (const profile of profiles) {
      expect(profile.status).toBe('published');
      expect(profile.approvedAt).not.toBeNull();
      if (profile.teachesAtStudio) expect(profile.studioAddress).toMatch(/, NY$/);
      for (const language of profile.languages) expect(language).toMatch(/^[a-z]{2}$/);
    }

    // Every instructor has a photo stored like an upload: three WebP sizes under their own prefix,
    // written once (demo avatars are drawn at 480 px and never upscaled, so `large` is 480).
    const sizes = (Object.entries(PHOTO_SIZES) as Array<[PhotoSizeName, number]>).map(([name, side]) => [name, Math.min(side, DEMO_AVATAR_SIDE)] as const);
    expect(storage.puts).toHaveLength(25 * sizes.length);
    expect(new Set(profiles.map((profile) => profile.photoKey)).size).toBe(25);
    for (const profile of profiles) {
      expect(profile.photoKey).toMatch(new RegExp(`^instructors/${profile.userId}/photos/[0-9A-HJKMNP-TV-Z]{26}$`));
      for (const [name, side] of sizes) {
        const key = photoObjectKey(profile.photoKey!, name);
        const object = await storage.get(key);
        expect(object, key).not.toBeNull();
        expect(object!.contentType).toBe('image/webp');
        const metadata = await sharp(await readAll(object!.body)).metadata();
        expect([metadata.format, metadata.width, metadata.height]).toEqual(['webp', side, side]);
      }
    }
    expect(storage.puts.every((put) => put.options.cacheControl === PHOTO_CACHE_CONTROL)).toBe(true);

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
    // Only where people live: no park, cemetery, airport or Rikers Island among the areas served.
    const unlived = await sql<{ count: number }>`
      select count(*)::int as count from instructor_service_areas a join neighborhoods n on n.id = a.neighborhood_id where not n.residential`.execute(database.db);
    expect(unlived.rows[0]!.count).toBe(0);
    const days = await database.db.selectFrom('availabilityDays').select(['date']).execute();
    expect(days.length).toBeGreaterThan(25);
    expect(days.every((d) => d.date >= '2026-11-23' && d.date <= '2026-12-06')).toBe(true);
    // Search reads the derived free time: every demo instructor (and the demo login) has some.
    const free = await sql<{ count: number }>`select count(distinct instructor_id)::int as count from instructor_free_time`.execute(database.db);
    expect(free.rows[0]!.count).toBe(await sql<{ count: number }>`select count(distinct instructor_id)::int as count from availability_days`.execute(database.db).then((r) => r.rows[0]!.count));
    expect(free.rows[0]!.count).toBeGreaterThanOrEqual(25);

    // The search of issue 9 finds people: piano for kids in Park Slope, at most $90 an hour,
    // with time on a weekday evening (New York 17:00–22:00, digits 17–21 of the day's cells).
    const parkSlopePianists = await sql<{ userId: string }>`
      select distinct p.user_id as "userId"
        from instructor_profiles p
        join instructor_services s on s.instructor_id = p.user_id
        join services sv on sv.id = s.service_id and sv.slug = 'piano'
        join instructor_service_rates r on r.instructor_id = p.user_id and r.service_id = s.service_id and r.duration_minutes = 60
        join instructor_service_areas a on a.instructor_id = p.user_id and a.neighborhood_id = 'BK0602'
        join availability_days d on d.instructor_id = p.user_id
       where 'kids' = any(p.age_groups) and r.rate_cents <= 9000
         and extract(isodow from d.date) between 1 and 5 and substr(d.cells, 18, 5) <> '00000'`.execute(database.db);
    expect(parkSlopePianists.rows.length).toBeGreaterThanOrEqual(4);
    // Piano is taught in every borough even among 25 people (where they travel or have a studio).
    const pianoBoroughs = await sql<{ borough: string }>`
      select distinct n.borough from neighborhoods n
       where exists (
         select 1 from instructor_services s
           join services sv on sv.id = s.service_id and sv.slug = 'piano'
           join instructor_profiles p on p.user_id = s.instructor_id
          where st_contains(n.geom, p.studio_location)
             or exists (select 1 from instructor_service_areas a where a.instructor_id = p.user_id and a.neighborhood_id = n.id))`.execute(database.db);
    expect(pianoBoroughs.rows.map((row) => row.borough).sort()).toEqual(['Bronx', 'Brooklyn', 'Manhattan', 'Queens', 'Staten Island']);
  });
});

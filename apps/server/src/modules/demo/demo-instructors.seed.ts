import { sql } from 'kysely';
import type { StoragePort } from '../../integrations/storage/storage.port.ts';
import type { Clock } from '../../platform/clock.ts';
import type { Db, Tx } from '../../platform/db/database.ts';
import type { IdGenerator } from '../../platform/ids.ts';
import { passwordHasher } from '../accounts/password-hasher.ts';
import { DEMO_PASSWORD } from '../accounts/demo-accounts.ts';
import { addDays, dateOf } from '../availability/day-cells.ts';
import { templateCellsFor, templateDayFromRanges, templateDayOf, WEEKDAYS, type Weekday } from '../availability/availability.policy.ts';
import { effectivePriceFloors, floorForDuration } from '../catalog/catalog.policy.ts';
import { GeoRepository } from '../geo/geo.repository.ts';
import { CLOSINGS, FIRST_NAMES, LANGUAGE_SETS, LAST_NAMES, MIDDLES, OPENINGS, STREETS, WEEKLY_PATTERNS } from './demo-instructors.data.ts';
import { limitConcurrency, pickAvatarLook, storeDemoAvatar } from './demo-avatar.ts';
import { seedDemoLoginInstructor } from './demo-login-instructor.seed.ts';
import { SeededRandom } from './random.ts';
import { rewriteFreeTime } from '../availability/free-time.repository.ts';

/**
 * About 200 realistic, published NYC instructors for development (`npm start` with
 * DEMO_DATA): spread over the catalog and the five boroughs, with prices at or above the
 * floors, studios and service areas near their home neighborhood, and availability for the
 * next 8 weeks. Generated from a fixed seed, so every machine gets the same people; written
 * once (recorded in data_seeds). All share the demo password. Given a storage, each gets a
 * drawn portrait (demo-avatar.ts) stored like an uploaded photo.
 */
const SEED_NAME = 'demo-instructors';
const SEED = 20_261_123;
/** Avatars draw from their own stream, so the people stay the same with or without photos. */
const AVATAR_SEED = 20_261_124;
/** Avatars rendered at once (sharp works on libuv's 4 threads by default). */
const AVATAR_CONCURRENCY = 4;

export interface DemoInstructorOptions {
  count?: number;
  weeks?: number;
}

interface Neighborhood {
  id: string;
  name: string;
  borough: string;
  lat: number;
  lng: number;
}

export async function seedDemoInstructors(
  deps: { db: Db; ids: IdGenerator; clock: Clock; storage?: StoragePort | undefined },
  options: DemoInstructorOptions = {},
): Promise<{ created: number }> {
  const { db, ids, clock, storage } = deps;
  const count = options.count ?? 200;
  const weeks = options.weeks ?? 8;
  // The demo instructor login first: its own seed record, so an older demo database gets it too.
  await seedDemoLoginInstructor({ db, ids, clock, storage }, { weeks });
  const already = await db.selectFrom('dataSeeds').select('name').where('name', '=', SEED_NAME).executeTakeFirst();
  if (already) return { created: 0 };

  const random = new SeededRandom(SEED);
  const services = await db
    .selectFrom('services')
    .innerJoin('categories', 'categories.id', 'services.categoryId')
    .select([
      'services.id',
      'services.name',
      'services.durations',
      'categories.slug as categorySlug',
      'categories.priceFloorInPersonCents',
      'categories.priceFloorOnlineCents',
    ])
    .where('services.isActive', '=', true)
    .orderBy('services.slug')
    .execute();
  const neighborhoods = (
    await sql<Neighborhood>`
      select id, name, borough, st_y(centroid) as lat, st_x(centroid) as lng
      from neighborhoods where residential order by id`.execute(db)
  ).rows;
  if (services.length === 0 || neighborhoods.length === 0) return { created: 0 };

  const passwordHash = await passwordHasher.hash(DEMO_PASSWORD);
  const geo = new GeoRepository(db);
  const now = clock.now();
  const today = dateOf(clock.nowMs());
  const avatarRandom = new SeededRandom(AVATAR_SEED);
  // Avatars render on sharp's threads while the rows are written; the seed is recorded (and
  // committed) only once every photo is stored, so a failure leaves nothing half done.
  const renderAvatar = limitConcurrency(AVATAR_CONCURRENCY);
  const avatars: Array<Promise<void>> = [];
  let avatarFailure: { error: unknown } | undefined;

  await db.transaction().execute(async (tx) => {
    for (let index = 0; index < count; index++) {
      await createInstructor(tx, index);
    }
    await Promise.all(avatars);
    if (avatarFailure) throw avatarFailure.error;
    await tx.insertInto('dataSeeds').values({ name: SEED_NAME, checksum: `${SEED}:${count}:${weeks}` }).execute();
  });
  return { created: count };

  async function createInstructor(tx: Tx, index: number): Promise<void> {
    const first = random.pick(FIRST_NAMES);
    const last = random.pick(LAST_NAMES);
    const name = `${first} ${last}`;
    const userId = ids();
    await tx
      .insertInto('users')
      .values({
        id: userId,
        email: `${first}.${last}.${index + 1}@demo.instainstru.test`.toLowerCase(),
        name,
        passwordHash,
        roles: ['instructor'],
        emailVerifiedAt: now,
      })
      .execute();

    // One main service, sometimes a related second one from the same category.
    const main = services[(index * 7 + random.int(0, services.length - 1)) % services.length]!;
    const siblings = services.filter((s) => s.categorySlug === main.categorySlug && s.id !== main.id);
    const offered = siblings.length > 0 && random.chance(0.35) ? [main, random.pick(siblings)] : [main];

    const home = random.pick(neighborhoods);
    const teachesOnline = random.chance(0.5);
    const teachesAtStudio = random.chance(0.4);
    const travelsToStudents = !teachesAtStudio || random.chance(0.6);
    const years = random.int(2, 25);
    const studio = teachesAtStudio
      ? {
          address: `${random.int(10, 480)} ${random.pick(STREETS)}, ${home.name}, ${home.borough}, NY`,
          point: { lat: home.lat + (random.next() - 0.5) * 0.006, lng: home.lng + (random.next() - 0.5) * 0.008 },
        }
      : null;
    let photoKey: string | null = null;
    if (storage) {
      const prefix = `instructors/${userId}/photos/${ids()}`;
      const look = pickAvatarLook(avatarRandom);
      photoKey = prefix;
      avatars.push(
        renderAvatar(() => storeDemoAvatar(storage, prefix, name, look)).catch((error: unknown) => {
          avatarFailure ??= { error };
        }),
      );
    }
    const opening = random.pick(OPENINGS).replace('{service}', main.name.toLowerCase()).replace('{years}', String(years));

    await tx
      .insertInto('instructorProfiles')
      .values({
        userId,
        displayName: name,
        headline: `${main.name} teacher${studio ? ` in ${home.name}` : ''} · ${years} years of experience`,
        bio: `${opening}, ${random.pick(MIDDLES)} ${random.pick(CLOSINGS)}`,
        yearsExperience: years,
        languages: [...random.pick(LANGUAGE_SETS)],
        ageGroups: random.sample(['kids', 'teens', 'adults'], random.int(1, 3)).sort(),
        levels: random.sample(['beginner', 'intermediate', 'advanced'], random.int(2, 3)).sort(),
        photoKey,
        travelsToStudents,
        teachesAtStudio,
        teachesOnline,
        studioAddress: studio?.address ?? null,
        studioLocation: studio ? sql<string>`st_setsrid(st_makepoint(${studio.point.lng}, ${studio.point.lat}), 4326)` : null,
        status: 'published',
        publishedAt: now,
        approvedAt: now,
      })
      .execute();

    for (const service of offered) {
      const lessonTypes = [
        ...(travelsToStudents ? ['student_location'] : []),
        ...(teachesAtStudio ? ['instructor_location'] : []),
        ...(teachesOnline ? ['online'] : []),
      ];
      await tx.insertInto('instructorServices').values({ instructorId: userId, serviceId: service.id, lessonTypes }).execute();
      const floors = effectivePriceFloors(service);
      const inPerson = travelsToStudents || teachesAtStudio;
      const floorPerHour = inPerson ? floors.inPersonCentsPerHour : floors.onlineCentsPerHour;
      // A round hourly price above the floor; each length priced from it, never under its floor.
      const hourly = Math.ceil(floorPerHour / 500) * 500 + random.int(0, 10) * 500;
      await tx
        .insertInto('instructorServiceRates')
        .values(
          service.durations.map((minutes) => ({
            instructorId: userId,
            serviceId: service.id,
            durationMinutes: minutes,
            rateCents: Math.max(floorForDuration(floorPerHour, minutes), Math.round((hourly * minutes) / 60 / 100) * 100),
          })),
        )
        .execute();
    }

    if (travelsToStudents) {
      // Only where people live: parks, cemeteries and airports cannot be served (migration 0010).
      const nearby = (
        await sql<{ id: string }>`
          select id from neighborhoods
           where residential
          order by centroid <-> st_setsrid(st_makepoint(${home.lng}, ${home.lat}), 4326)
          limit ${random.int(2, 7)}`.execute(tx)
      ).rows.map((row) => row.id);
      await geo.replaceServiceAreas(userId, nearby, tx);
    }

    const pattern = random.pick(WEEKLY_PATTERNS);
    const template = Object.fromEntries(WEEKDAYS.map((day) => [day, templateDayFromRanges(pattern[day] ?? [])])) as Record<Weekday, string>;
    const rows = Array.from({ length: weeks * 7 }, (_, offset) => addDays(today, offset))
      .map((date) => ({ instructorId: userId, date, cells: templateCellsFor(date, templateDayOf(template, date)), updatedAt: now }))
      .filter((row) => /[^0]/.test(row.cells));
    if (rows.length > 0) await tx.insertInto('availabilityDays').values(rows).execute();
    await rewriteFreeTime(tx, [userId]);
  }
}

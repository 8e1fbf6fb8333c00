import { sql } from 'kysely';
import type { StoragePort } from '../../integrations/storage/storage.port.ts';
import type { Clock } from '../../platform/clock.ts';
import type { Db, Tx } from '../../platform/db/database.ts';
import type { IdGenerator } from '../../platform/ids.ts';
import { passwordHasher } from '../accounts/password-hasher.ts';
import { DEMO_PASSWORD } from '../accounts/demo-accounts.ts';
import { addDays, dateOf } from '../availability/day-cells.ts';
import { templateCellsFor, templateDayFromRanges, templateDayOf, WEEKDAYS, type Weekday } from '../availability/availability.policy.ts';
import { GeoRepository } from '../geo/geo.repository.ts';
import { loadPlanningCatalog } from './demo-catalog.ts';
import { planInstructors, ratesFor } from './demo-distribution.ts';
import { limitConcurrency, pickAvatarLook, storeDemoAvatar } from './demo-avatar.ts';
import { seedDemoLoginInstructor } from './demo-login-instructor.seed.ts';
import { SeededRandom } from './random.ts';
import type { InstructorPlan } from './demo-distribution.ts';
import { rewriteFreeTime } from '../availability/free-time.repository.ts';

/**
 * About 200 realistic, published NYC instructors for development (`npm start` with
 * DEMO_DATA), spread as a real marketplace is (demo-distribution.ts: popular services in every
 * borough, prices above the floors, evenings and weekends, some online only), with studios and
 * service areas near their home neighborhood and availability for the next 8 weeks. Generated from a fixed seed, so every machine gets the same people; written
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

  const plans = planInstructors(new SeededRandom(SEED), count, await loadPlanningCatalog(db));
  if (plans.length === 0) return { created: 0 };

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
      await createInstructor(tx, index, plans[index]!);
    }
    await Promise.all(avatars);
    if (avatarFailure) throw avatarFailure.error;
    await tx.insertInto('dataSeeds').values({ name: SEED_NAME, checksum: `${SEED}:${count}:${weeks}` }).execute();
  });
  return { created: count };

  async function createInstructor(tx: Tx, index: number, plan: InstructorPlan): Promise<void> {
    const { first, last, studio } = plan;
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

    await tx
      .insertInto('instructorProfiles')
      .values({
        userId,
        displayName: name,
        headline: plan.headline,
        bio: plan.bio,
        yearsExperience: plan.years,
        languages: plan.languages,
        ageGroups: plan.ageGroups,
        levels: plan.levels,
        photoKey,
        travelsToStudents: plan.travelsToStudents,
        teachesAtStudio: plan.teachesAtStudio,
        teachesOnline: plan.teachesOnline,
        studioAddress: studio?.address ?? null,
        studioLocation: studio ? sql<string>`st_setsrid(st_makepoint(${studio.lng}, ${studio.lat}), 4326)` : null,
        status: 'published',
        publishedAt: now,
        approvedAt: now,
      })
      .execute();

    for (const planned of plan.services) {
      const serviceId = planned.service.id;
      await tx.insertInto('instructorServices').values({ instructorId: userId, serviceId, lessonTypes: planned.lessonTypes }).execute();
      await tx
        .insertInto('instructorServiceRates')
        .values(ratesFor(planned).map((rate) => ({ instructorId: userId, serviceId, ...rate })))
        .execute();
    }

    // Only where people live (the plan draws from residential neighborhoods; migration 0010).
    if (plan.serviceAreas.length > 0) await geo.replaceServiceAreas(userId, plan.serviceAreas, tx);

    const pattern = plan.week;
    const template = Object.fromEntries(WEEKDAYS.map((day) => [day, templateDayFromRanges(pattern[day] ?? [])])) as Record<Weekday, string>;
    const rows = Array.from({ length: weeks * 7 }, (_, offset) => addDays(today, offset))
      .map((date) => ({ instructorId: userId, date, cells: templateCellsFor(date, templateDayOf(template, date)), updatedAt: now }))
      .filter((row) => /[^0]/.test(row.cells));
    if (rows.length > 0) await tx.insertInto('availabilityDays').values(rows).execute();
    await rewriteFreeTime(tx, [userId]);
  }
}

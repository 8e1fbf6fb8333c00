import { sql } from 'kysely';
import type { StoragePort } from '../../integrations/storage/storage.port.ts';
import type { Clock } from '../../platform/clock.ts';
import type { Db, Tx } from '../../platform/db/database.ts';
import type { IdGenerator } from '../../platform/ids.ts';
import { DEMO_INSTRUCTOR_EMAIL } from '../accounts/demo-accounts.ts';
import { templateCellsFor, templateDayFromRanges, templateDayOf, WEEKDAYS, type Weekday } from '../availability/availability.policy.ts';
import { addDays, dateOf } from '../availability/day-cells.ts';
import { effectivePriceFloors, floorForDuration } from '../catalog/catalog.policy.ts';
import { GeoRepository } from '../geo/geo.repository.ts';
import { InstructorsRepository } from '../instructors/instructors.repository.ts';
import { pickAvatarLook, storeDemoAvatar } from './demo-avatar.ts';
import { SeededRandom } from './random.ts';
import { rewriteFreeTime } from '../availability/free-time.repository.ts';

/**
 * The demo instructor login (instructor@demo…, printed by `npm start`) as a complete,
 * published and approved instructor, so a first visit can see everything the dashboard and
 * the public page show: photo, three priced services, a studio and travel, residential service
 * areas, languages, age groups, levels, a weekly template applied to the coming weeks. Written
 * once (data_seeds), and only while that login has no profile of its own yet.
 */
const SEED_NAME = 'demo-instructor-login';
const AVATAR_SEED = 20_261_125;

export const DEMO_LOGIN_PROFILE = {
  headline: 'Piano, music theory and songwriting in Park Slope · 12 years of experience',
  bio:
    'I studied piano at the Manhattan School of Music and have taught in Brooklyn for twelve years. ' +
    'Lessons start from what you want to play, with the technique and theory that get you there. ' +
    'Beginners of every age are welcome; advanced students prepare auditions and recitals with me. ' +
    'I teach at my studio near 7th Avenue, travel to students in the neighborhoods around Prospect Park, and teach online.',
  yearsExperience: 12,
  languages: ['en', 'es', 'fr'],
  ageGroups: ['adults', 'kids', 'teens'],
  levels: ['advanced', 'beginner', 'intermediate'],
  studioAddress: '412 7th Ave, Park Slope, Brooklyn, NY',
  studio: { lat: 40.6664, lng: -73.9826 },
  /** Residential NTAs around Prospect Park (Park Slope and its neighbours). */
  serviceAreas: ['BK0602', 'BK0601', 'BK0701', 'BK0801', 'BK0202', 'BK0203'],
  /** Service slug → hourly price in cents (each length is priced from it, never under its floor). */
  services: { piano: 9_000, 'music-theory': 7_500, songwriting: 8_000 } as Record<string, number>,
  /** New York wall-clock ranges per weekday. */
  week: {
    monday: [['15:00', '20:00']],
    tuesday: [['15:00', '20:00']],
    wednesday: [['10:00', '12:00'], ['15:00', '20:00']],
    thursday: [['15:00', '20:00']],
    saturday: [['09:00', '14:00']],
  } as Partial<Record<Weekday, Array<[string, string]>>>,
};

export async function seedDemoLoginInstructor(
  deps: { db: Db; ids: IdGenerator; clock: Clock; storage?: StoragePort | undefined },
  options: { weeks?: number } = {},
): Promise<{ created: boolean }> {
  const { db, ids, clock, storage } = deps;
  const weeks = options.weeks ?? 8;
  const user = await db.selectFrom('users').select(['id', 'name']).where('email', '=', DEMO_INSTRUCTOR_EMAIL).executeTakeFirst();
  if (!user) return { created: false };
  const done = await db.selectFrom('dataSeeds').select('name').where('name', '=', SEED_NAME).executeTakeFirst();
  const profile = await db.selectFrom('instructorProfiles').select('userId').where('userId', '=', user.id).executeTakeFirst();
  if (done || profile) return { created: false };

  const services = await db
    .selectFrom('services')
    .innerJoin('categories', 'categories.id', 'services.categoryId')
    .select(['services.id', 'services.slug', 'services.durations', 'categories.priceFloorInPersonCents', 'categories.priceFloorOnlineCents'])
    .where('services.slug', 'in', Object.keys(DEMO_LOGIN_PROFILE.services))
    .where('services.isActive', '=', true)
    .orderBy('services.slug')
    .execute();
  if (services.length === 0) return { created: false };

  const now = clock.now();
  const photoKey = storage ? `instructors/${user.id}/photos/${ids()}` : null;
  if (storage && photoKey) await storeDemoAvatar(storage, photoKey, user.name, pickAvatarLook(new SeededRandom(AVATAR_SEED)));

  await db.transaction().execute(async (tx) => {
    const p = DEMO_LOGIN_PROFILE;
    await tx
      .insertInto('instructorProfiles')
      .values({
        userId: user.id,
        displayName: user.name,
        headline: p.headline,
        bio: p.bio,
        yearsExperience: p.yearsExperience,
        languages: p.languages,
        ageGroups: p.ageGroups,
        levels: p.levels,
        photoKey,
        travelsToStudents: true,
        teachesAtStudio: true,
        teachesOnline: true,
        studioAddress: p.studioAddress,
        studioLocation: sql<string>`st_setsrid(st_makepoint(${p.studio.lng}, ${p.studio.lat}), 4326)`,
        status: 'published',
        publishedAt: now,
      })
      .execute();
    // Approved like an admin would: the founding number too, while there are some left.
    const instructors = new InstructorsRepository(tx);
    const founding = await instructors.claimFoundingNumber(tx);
    await instructors.markApproved(user.id, { approvedAt: now, approvedBy: null, approvedByClient: null, foundingNumber: founding?.issued ?? null }, tx);

    for (const service of services) {
      await tx
        .insertInto('instructorServices')
        .values({ instructorId: user.id, serviceId: service.id, lessonTypes: ['student_location', 'instructor_location', 'online'] })
        .execute();
      const floorPerHour = effectivePriceFloors(service).inPersonCentsPerHour;
      const hourly = p.services[service.slug]!;
      await tx
        .insertInto('instructorServiceRates')
        .values(
          service.durations.map((minutes) => ({
            instructorId: user.id,
            serviceId: service.id,
            durationMinutes: minutes,
            rateCents: Math.max(floorForDuration(floorPerHour, minutes), Math.round((hourly * minutes) / 60 / 100) * 100),
          })),
        )
        .execute();
    }

    await new GeoRepository(tx).replaceServiceAreas(user.id, p.serviceAreas, tx);
    await saveTemplateAndApply(tx, user.id, weeks);
    await tx.insertInto('dataSeeds').values({ name: SEED_NAME, checksum: `${AVATAR_SEED}:${weeks}` }).execute();
  });
  return { created: true };

  /** The weekly template as the editor saves it, then applied to the coming weeks. */
  async function saveTemplateAndApply(tx: Tx, instructorId: string, count: number): Promise<void> {
    const template = Object.fromEntries(
      WEEKDAYS.map((day) => [day, templateDayFromRanges(DEMO_LOGIN_PROFILE.week[day] ?? [])]),
    ) as Record<Weekday, string>;
    await tx.insertInto('availabilityTemplates').values({ instructorId, ...template, updatedAt: now }).execute();
    const today = dateOf(clock.nowMs());
    const rows = Array.from({ length: count * 7 }, (_, offset) => addDays(today, offset))
      .map((date) => ({ instructorId, date, cells: templateCellsFor(date, templateDayOf(template, date)), updatedAt: now }))
      .filter((row) => /[^0]/.test(row.cells));
    if (rows.length > 0) await tx.insertInto('availabilityDays').values(rows).execute();
    await rewriteFreeTime(tx, [instructorId]);
  }
}

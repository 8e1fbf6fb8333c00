import { sql, type Insertable, type InsertObject } from 'kysely';
import type { Clock } from '../../platform/clock.ts';
import type { DB, Db } from '../../platform/db/database.ts';
import type { IdGenerator } from '../../platform/ids.ts';
import { templateCellsFor, templateDayFromRanges, templateDayOf, WEEKDAYS, type Weekday } from '../availability/availability.policy.ts';
import { addDays, dateOf } from '../availability/day-cells.ts';
import { rewriteFreeTime } from '../availability/free-time.repository.ts';
import { loadPlanningCatalog } from './demo-catalog.ts';
import { planInstructors, ratesFor } from './demo-distribution.ts';
import type { WeeklyPattern } from './demo-instructors.data.ts';
import { SeededRandom } from './random.ts';

/**
 * Many published instructors for the benchmarks (bench/run.ts), spread exactly as the demo
 * instructors are (demo-distribution.ts) but written set-based, a batch at a time: profiles,
 * services and rates, service areas with their coverage, availability for the coming weeks
 * from the clock's today and the free time search reads (rewriteFreeTime, per batch). No photos, no password anyone can use. Database tables must be
 * migrated, with the catalog and neighborhoods synced.
 *
 * Coverage: the union of an instructor's neighborhoods (instructor_coverage) is what seeding
 * mostly costs, and many generated instructors serve the same set (a home and its nearest
 * neighbours). So the insert trigger is held for the batch, the product's own
 * refresh_instructor_coverage() computes each set once, for its first instructor, and the
 * others get a copy of that row: the same rows the trigger would have written, several times
 * faster. The trigger is back on before the batch commits.
 */
export interface GeneratedInstructors {
  instructors: number;
  services: number;
  serviceAreas: number;
  availabilityDays: number;
}

/** Rows per INSERT: PostgreSQL allows 65,535 parameters per statement; the widest rows here have ~17. */
const ROWS_PER_INSERT = 2_000;

export async function generateInstructors(
  db: Db,
  ids: IdGenerator,
  clock: Clock,
  options: { count: number; seed?: number; batch?: number; weeks?: number },
): Promise<GeneratedInstructors> {
  const plans = planInstructors(new SeededRandom(options.seed ?? 20_261_130), options.count, await loadPlanningCatalog(db));
  const batch = options.batch ?? 500;
  const weeks = options.weeks ?? 4;
  const now = clock.now();
  const dates = Array.from({ length: weeks * 7 }, (_, offset) => addDays(dateOf(clock.nowMs()), offset));
  // The cells of each weekly pattern on each date, computed once: patterns are few, instructors many.
  const cellsByWeek = new Map<WeeklyPattern, string[]>();
  const cellsOf = (week: WeeklyPattern) => {
    let cells = cellsByWeek.get(week);
    if (!cells) {
      const template = Object.fromEntries(WEEKDAYS.map((day) => [day, templateDayFromRanges(week[day] ?? [])])) as Record<Weekday, string>;
      cells = dates.map((date) => templateCellsFor(date, templateDayOf(template, date)));
      cellsByWeek.set(week, cells);
    }
    return cells;
  };

  const totals: GeneratedInstructors = { instructors: 0, services: 0, serviceAreas: 0, availabilityDays: 0 };
  /** Service-area set (codes joined) → the first instructor generated with it. */
  const firstWithAreas = new Map<string, string>();
  for (let start = 0; start < plans.length; start += batch) {
    const users: Array<Insertable<DB['users']>> = [];
    const profiles: Array<InsertObject<DB, 'instructorProfiles'>> = [];
    const offered: Array<Insertable<DB['instructorServices']>> = [];
    const rates: Array<Insertable<DB['instructorServiceRates']>> = [];
    const areas: Array<Insertable<DB['instructorServiceAreas']>> = [];
    const days: Array<Insertable<DB['availabilityDays']>> = [];
    const unionsToCompute: string[] = [];
    const coverageCopies: { ids: string[]; from: string[] } = { ids: [], from: [] };
    plans.slice(start, start + batch).forEach((plan, offset) => {
      const index = start + offset;
      const id = ids();
      const name = `${plan.first} ${plan.last}`;
      users.push({ id, email: `bench-instructor-${index}@example.com`, name, passwordHash: 'not-a-real-hash', roles: ['instructor'], emailVerifiedAt: now });
      profiles.push({
        userId: id,
        displayName: name,
        headline: plan.headline,
        bio: plan.bio,
        yearsExperience: plan.years,
        languages: plan.languages,
        ageGroups: plan.ageGroups,
        levels: plan.levels,
        photoKey: null,
        travelsToStudents: plan.travelsToStudents,
        teachesAtStudio: plan.teachesAtStudio,
        teachesOnline: plan.teachesOnline,
        studioAddress: plan.studio?.address ?? null,
        studioLocation: plan.studio ? sql<string>`st_setsrid(st_makepoint(${plan.studio.lng}, ${plan.studio.lat}), 4326)` : null,
        status: 'published',
        publishedAt: now,
        approvedAt: now,
      });
      for (const planned of plan.services) {
        offered.push({ instructorId: id, serviceId: planned.service.id, lessonTypes: planned.lessonTypes });
        for (const rate of ratesFor(planned)) rates.push({ instructorId: id, serviceId: planned.service.id, ...rate });
      }
      for (const neighborhoodId of plan.serviceAreas) areas.push({ instructorId: id, neighborhoodId });
      if (plan.serviceAreas.length > 0) {
        const key = plan.serviceAreas.join(',');
        const first = firstWithAreas.get(key);
        if (first) {
          coverageCopies.ids.push(id);
          coverageCopies.from.push(first);
        } else {
          firstWithAreas.set(key, id);
          unionsToCompute.push(id);
        }
      }
      cellsOf(plan.week).forEach((cells, k) => {
        if (/[^0]/.test(cells)) days.push({ instructorId: id, date: dates[k]!, cells, updatedAt: now });
      });
    });
    await db.transaction().execute(async (tx) => {
      for (const rows of chunks(users)) await tx.insertInto('users').values(rows).execute();
      for (const rows of chunks(profiles)) await tx.insertInto('instructorProfiles').values(rows).execute();
      for (const rows of chunks(offered)) await tx.insertInto('instructorServices').values(rows).execute();
      for (const rows of chunks(rates)) await tx.insertInto('instructorServiceRates').values(rows).execute();
      await sql`alter table instructor_service_areas disable trigger instructor_service_areas_inserted`.execute(tx);
      for (const rows of chunks(areas)) await tx.insertInto('instructorServiceAreas').values(rows).execute();
      await sql`alter table instructor_service_areas enable trigger instructor_service_areas_inserted`.execute(tx);
      await sql`select refresh_instructor_coverage(${unionsToCompute}::text[])`.execute(tx);
      await sql`
        insert into instructor_coverage (instructor_id, geom, neighborhood_count)
        select copy.id, c.geom, c.neighborhood_count
          from unnest(${coverageCopies.ids}::text[], ${coverageCopies.from}::text[]) as copy (id, source)
          join instructor_coverage c on c.instructor_id = copy.source`.execute(tx);
      for (const rows of chunks(days)) await tx.insertInto('availabilityDays').values(rows).execute();
      await rewriteFreeTime(tx, users.map((user) => user.id));
    });
    totals.instructors += users.length;
    totals.services += offered.length;
    totals.serviceAreas += areas.length;
    totals.availabilityDays += days.length;
  }
  // What autovacuum would have done by the time anyone searches: statistics, and the
  // visibility maps that let index-only scans answer on their own.
  for (const table of ['instructor_profiles', 'instructor_services', 'instructor_service_rates', 'instructor_service_areas', 'instructor_coverage', 'availability_days', 'instructor_free_time']) {
    await sql`vacuum analyze ${sql.table(table)}`.execute(db);
  }
  return totals;
}

function* chunks<T>(rows: readonly T[]): Generator<T[]> {
  for (let start = 0; start < rows.length; start += ROWS_PER_INSERT) yield rows.slice(start, start + ROWS_PER_INSERT);
}

import { sql, type Insertable } from 'kysely';
import { jsonArrayFrom } from 'kysely/helpers/postgres';
import type { Executor } from '../../platform/db/database.ts';
import { FOUNDING_INSTRUCTOR_LIMIT } from './founding.policy.ts';
import { onlyPublicProfiles } from './public-visibility.ts';
import type { InstructorServiceRatesTable, InstructorServicesTable, ProfileStatus } from './instructors.tables.ts';

const PROFILE_COLUMNS = [
  'userId',
  'displayName',
  'headline',
  'bio',
  'yearsExperience',
  'languages',
  'ageGroups',
  'levels',
  'photoKey',
  'travelsToStudents',
  'teachesAtStudio',
  'teachesOnline',
  'studioAddress',
  'status',
  'publishedAt',
  'approvedAt',
  'isFounding',
  'foundingNumber',
] as const;

// PostGIS points leave the database as numbers, never as raw geometry.
const studioLat = sql<number | null>`st_y(studio_location)`.as('studioLat');
const studioLng = sql<number | null>`st_x(studio_location)`.as('studioLng');

export interface ProfileWrite {
  userId: string;
  displayName: string;
  headline: string;
  bio: string;
  yearsExperience: number | null;
  languages: string[];
  ageGroups: string[];
  levels: string[];
  travelsToStudents: boolean;
  teachesAtStudio: boolean;
  teachesOnline: boolean;
  studioAddress: string | null;
  studioPoint: { lat: number; lng: number } | null;
}

export interface RateRow {
  durationMinutes: number;
  rateCents: number;
}

/** One query per method; each accepts the database or a transaction. */
export class InstructorsRepository {
  constructor(private readonly db: Executor) {}

  findProfile(userId: string, executor: Executor = this.db) {
    return executor
      .selectFrom('instructorProfiles')
      .select([...PROFILE_COLUMNS, studioLat, studioLng])
      .where('userId', '=', userId)
      .executeTakeFirst();
  }

  /** The account's name: the display name a new profile starts with. */
  findAccountName(userId: string, executor: Executor = this.db) {
    return executor.selectFrom('users').select('name').where('id', '=', userId).executeTakeFirst();
  }

  /** Locks the profile row so concurrent edits, publishing and approval serialize. */
  lockProfile(userId: string, executor: Executor) {
    return executor
      .selectFrom('instructorProfiles')
      .select(['userId', 'status', 'photoKey', 'approvedAt', 'isFounding', 'foundingNumber'])
      .where('userId', '=', userId)
      .forUpdate()
      .executeTakeFirst();
  }

  /** Creates an empty draft for the user when there is none (photo or services before the profile). */
  ensureProfile(userId: string, displayName: string, executor: Executor) {
    return executor
      .insertInto('instructorProfiles')
      .values({ userId, displayName })
      .onConflict((conflict) => conflict.column('userId').doNothing())
      .execute();
  }

  upsertProfile(profile: ProfileWrite, executor: Executor) {
    const { studioPoint, ...values } = profile;
    const studioLocation = studioPoint ? sql<string>`st_setsrid(st_makepoint(${studioPoint.lng}, ${studioPoint.lat}), 4326)` : null;
    const row = { ...values, studioLocation };
    const { userId: _userId, ...changes } = row;
    return executor
      .insertInto('instructorProfiles')
      .values(row)
      .onConflict((conflict) => conflict.column('userId').doUpdateSet(changes))
      .execute();
  }

  setPhotoKey(userId: string, photoKey: string, executor: Executor) {
    return executor.updateTable('instructorProfiles').set({ photoKey }).where('userId', '=', userId).execute();
  }

  setStatus(userId: string, status: ProfileStatus, publishedAt: Date | null, executor: Executor = this.db) {
    // The instructor's own choice ends a pause for payouts (payout-pause.ts): it will not publish them again.
    return executor.updateTable('instructorProfiles').set({ status, publishedAt, pausedForPayoutsAt: null }).where('userId', '=', userId).executeTakeFirst();
  }

  /** Active catalog services by id, with their category's floors and allowed durations. */
  findCatalogServices(serviceIds: readonly string[], executor: Executor = this.db) {
    if (serviceIds.length === 0) return Promise.resolve([]);
    return executor
      .selectFrom('services')
      .innerJoin('categories', 'categories.id', 'services.categoryId')
      .select([
        'services.id',
        'services.slug',
        'services.name',
        'services.durations',
        'categories.slug as categorySlug',
        'categories.name as categoryName',
        'categories.priceFloorInPersonCents',
        'categories.priceFloorOnlineCents',
      ])
      .where('services.id', 'in', serviceIds)
      .where('services.isActive', '=', true)
      .execute();
  }

  /** The services of these instructors, in catalog order, each with its rates by duration. */
  listServices(instructorIds: readonly string[], executor: Executor = this.db) {
    if (instructorIds.length === 0) return Promise.resolve([]);
    return executor
      .selectFrom('instructorServices as offered')
      .innerJoin('services', 'services.id', 'offered.serviceId')
      .innerJoin('categories', 'categories.id', 'services.categoryId')
      .select((eb) => [
        'offered.instructorId',
        'offered.serviceId',
        'offered.lessonTypes',
        'services.slug as serviceSlug',
        'services.name as serviceName',
        'services.durations',
        'services.isActive',
        'categories.slug as categorySlug',
        'categories.name as categoryName',
        'categories.priceFloorInPersonCents',
        'categories.priceFloorOnlineCents',
        jsonArrayFrom(
          eb
            .selectFrom('instructorServiceRates as rate')
            .select(['rate.durationMinutes', 'rate.rateCents'])
            .whereRef('rate.instructorId', '=', 'offered.instructorId')
            .whereRef('rate.serviceId', '=', 'offered.serviceId')
            .orderBy('rate.durationMinutes'),
        ).as('rates'),
      ])
      .where('offered.instructorId', 'in', instructorIds)
      .orderBy('categories.displayOrder')
      .orderBy('services.displayOrder')
      .orderBy('services.name')
      .execute();
  }

  deleteServices(instructorId: string, executor: Executor) {
    return executor.deleteFrom('instructorServices').where('instructorId', '=', instructorId).execute();
  }

  insertServices(rows: Insertable<InstructorServicesTable>[], executor: Executor) {
    if (rows.length === 0) return Promise.resolve([]);
    return executor.insertInto('instructorServices').values(rows).execute();
  }

  insertRates(rows: Insertable<InstructorServiceRatesTable>[], executor: Executor) {
    if (rows.length === 0) return Promise.resolve([]);
    return executor.insertInto('instructorServiceRates').values(rows).execute();
  }

  /**
   * Takes the next founding number, or none once all are issued. A single UPDATE on the one
   * counter row: concurrent approvals wait for its row lock and re-check `issued < limit`
   * against the committed count, so no number is issued twice and none past the limit.
   */
  claimFoundingNumber(executor: Executor) {
    return executor
      .updateTable('foundingInstructorCounter')
      .set({ issued: sql<number>`issued + 1` })
      .where('singleton', '=', true)
      .where('issued', '<', FOUNDING_INSTRUCTOR_LIMIT)
      .returning('issued')
      .executeTakeFirst();
  }

  markApproved(
    userId: string,
    approval: { approvedAt: Date; approvedBy: string | null; approvedByClient: string | null; foundingNumber: number | null },
    executor: Executor,
  ) {
    return executor
      .updateTable('instructorProfiles')
      .set({ ...approval, isFounding: approval.foundingNumber !== null })
      .where('userId', '=', userId)
      .returning(['approvedAt', 'isFounding', 'foundingNumber'])
      .executeTakeFirstOrThrow();
  }

  /** A profile the public may see (public-visibility.ts). Includes the exact studio point, for jittering only. */
  findPublicProfile(userId: string, executor: Executor = this.db) {
    return executor
      .selectFrom('instructorProfiles')
      .select([...PROFILE_COLUMNS, studioLat, studioLng])
      .where('userId', '=', userId)
      .$call(onlyPublicProfiles)
      .executeTakeFirst();
  }

  /** Public profiles (public-visibility.ts), newest approval first, after the (approvedAt, userId) cursor. */
  listPublicProfiles(options: { after?: { approvedAt: Date; userId: string }; limit: number }, executor: Executor = this.db) {
    let query = executor
      .selectFrom('instructorProfiles')
      .select([...PROFILE_COLUMNS])
      .$call(onlyPublicProfiles);
    if (options.after) {
      const { approvedAt, userId } = options.after;
      query = query.where((eb) =>
        eb.or([eb('approvedAt', '<', approvedAt), eb.and([eb('approvedAt', '=', approvedAt), eb('userId', '<', userId)])]),
      );
    }
    return query.orderBy('approvedAt', 'desc').orderBy('userId', 'desc').limit(options.limit).execute();
  }
}

export type ProfileRow = NonNullable<Awaited<ReturnType<InstructorsRepository['findProfile']>>>;
export type ServiceRow = Awaited<ReturnType<InstructorsRepository['listServices']>>[number];
export type CatalogServiceRow = Awaited<ReturnType<InstructorsRepository['findCatalogServices']>>[number];

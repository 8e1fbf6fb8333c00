import { sql } from 'kysely';
import type { Executor } from '../../platform/db/database.ts';
import { onlyPublicProfiles } from '../instructors/public-visibility.ts';

/** What an instructor card needs, from a public profile. */
export interface InstructorCardRow {
  instructorId: string;
  displayName: string;
  headline: string;
  photoKey: string | null;
  isFounding: boolean;
}

export interface HistoryRow {
  id: string;
  query: string;
  createdAt: Date;
}

const CARD_COLUMNS = [
  'instructorProfiles.userId as instructorId',
  'instructorProfiles.displayName',
  'instructorProfiles.headline',
  'instructorProfiles.photoKey',
  'instructorProfiles.isFounding',
] as const;

/** Favorites, recently viewed and search history; one query per method. */
export class DiscoveryRepository {
  constructor(private readonly db: Executor) {}

  async isPublicInstructor(instructorId: string): Promise<boolean> {
    const row = await this.db
      .selectFrom('instructorProfiles')
      .select('userId')
      .where('userId', '=', instructorId)
      .$call(onlyPublicProfiles)
      .executeTakeFirst();
    return row !== undefined;
  }

  /** Idempotent: a second favorite of the same instructor keeps the first time. */
  async addFavorite(userId: string, instructorId: string, at: Date): Promise<void> {
    await this.db
      .insertInto('favorites')
      .values({ userId, instructorId, createdAt: at })
      .onConflict((conflict) => conflict.columns(['userId', 'instructorId']).doNothing())
      .execute();
  }

  async removeFavorite(userId: string, instructorId: string): Promise<void> {
    await this.db.deleteFrom('favorites').where('userId', '=', userId).where('instructorId', '=', instructorId).execute();
  }

  /** Newest first, after the (createdAt, instructorId) cursor; instructors no longer public are left out. */
  listFavorites(userId: string, options: { after?: { createdAt: Date; instructorId: string }; limit: number }) {
    let query = this.db
      .selectFrom('instructorProfiles')
      .$call(onlyPublicProfiles)
      .innerJoin('favorites', 'favorites.instructorId', 'instructorProfiles.userId')
      .select([...CARD_COLUMNS, 'favorites.createdAt'])
      .where('favorites.userId', '=', userId);
    if (options.after) {
      const { createdAt, instructorId } = options.after;
      query = query.where(sql<boolean>`(favorites.created_at, favorites.instructor_id) < (${createdAt}, ${instructorId})`);
    }
    return query.orderBy('favorites.createdAt', 'desc').orderBy('favorites.instructorId', 'desc').limit(options.limit).execute();
  }

  /** One row per (user, instructor): a new view moves it to the front. */
  async recordView(userId: string, instructorId: string, at: Date): Promise<void> {
    await this.db
      .insertInto('instructorViews')
      .values({ userId, instructorId, viewedAt: at })
      .onConflict((conflict) => conflict.columns(['userId', 'instructorId']).doUpdateSet({ viewedAt: at }))
      .execute();
  }

  listRecentViews(userId: string, limit: number) {
    return this.db
      .selectFrom('instructorProfiles')
      .$call(onlyPublicProfiles)
      .innerJoin('instructorViews', 'instructorViews.instructorId', 'instructorProfiles.userId')
      .select([...CARD_COLUMNS, 'instructorViews.viewedAt'])
      .where('instructorViews.userId', '=', userId)
      .orderBy('instructorViews.viewedAt', 'desc')
      .orderBy('instructorViews.instructorId', 'desc')
      .limit(limit)
      .execute();
  }

  /**
   * The user's history lines: their non-empty searches, one per query (its latest search),
   * newest first after the (createdAt, id) cursor.
   */
  async listHistory(userId: string, options: { after?: { createdAt: Date; id: string }; limit: number }): Promise<HistoryRow[]> {
    const latest = this.db
      .selectFrom('searchEvents')
      .select(['id', 'query', 'createdAt'])
      .distinctOn('queryKey')
      .where('userId', '=', userId)
      .where('queryKey', '<>', '')
      .orderBy('queryKey')
      .orderBy('createdAt', 'desc')
      .orderBy('id', 'desc');
    let query = this.db.selectFrom(latest.as('line')).select(['line.id', 'line.query', 'line.createdAt']);
    if (options.after) {
      const { createdAt, id } = options.after;
      query = query.where(sql<boolean>`(line.created_at, line.id) < (${createdAt}, ${id})`);
    }
    return query.orderBy('line.createdAt', 'desc').orderBy('line.id', 'desc').limit(options.limit).execute();
  }

  /** Deletes the history line of this event (every search of its query); 0 when the event is not the user's. */
  async deleteHistoryLine(userId: string, eventId: string): Promise<number> {
    const result = await this.db
      .deleteFrom('searchEvents')
      .where('userId', '=', userId)
      .where('queryKey', '=', (eb) =>
        eb.selectFrom('searchEvents').select('queryKey').where('id', '=', eventId).where('userId', '=', userId).where('queryKey', '<>', ''),
      )
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  }

  /** All of the user's searches, the empty ones too: they are part of what they searched. */
  async deleteAllHistory(userId: string): Promise<void> {
    await this.db.deleteFrom('searchEvents').where('userId', '=', userId).execute();
  }
}

import { sql } from 'kysely';
import type { Executor } from '../../platform/db/database.ts';
import type { LearnedAlias } from './location-alias-learning.policy.ts';
import type { SearchMetricRow } from './search-metrics.policy.ts';

/** What the discovery jobs read and write: alias evidence, learned aliases, metrics rows, retention. One query per method. */
export class LearningRepository {
  constructor(private readonly db: Executor) {}

  /**
   * For each unresolved phrase a signed-in person searched since `since`: that person, and each
   * neighborhood served (service areas, or the residential neighborhood of their studio) by an
   * instructor they opened within `windowHours` after the search; a null neighborhood when they
   * opened none, so the policy still knows they searched.
   */
  async aliasEvidence(since: Date, windowHours: number): Promise<Array<{ phrase: string; userId: string; neighborhoodCode: string | null }>> {
    const { rows } = await sql<{ phrase: string; userId: string; neighborhoodCode: string | null }>`
      select distinct searched.phrase, e.user_id, served.code as neighborhood_code
        from search_events e
       cross join lateral unnest(e.unresolved_location_words) as searched (phrase)
        left join instructor_views v
          on v.user_id = e.user_id
         and v.viewed_at >= e.created_at
         and v.viewed_at < e.created_at + make_interval(hours => ${windowHours})
        left join lateral (
          select a.neighborhood_id as code from instructor_service_areas a where a.instructor_id = v.instructor_id
          union
          select n.id from instructor_profiles p
            join neighborhoods n on n.residential and st_contains(n.geom, p.studio_location)
           where p.user_id = v.instructor_id and p.teaches_at_studio
        ) served on true
       where e.user_id is not null
         and cardinality(e.unresolved_location_words) > 0
         and e.created_at >= ${since}
       order by 1, 2, 3`.execute(this.db);
    return rows;
  }

  /** Inserts or updates each alias; an alias whose neighborhood and support are unchanged keeps its learnedAt. */
  async upsertAliases(aliases: readonly LearnedAlias[], at: Date): Promise<void> {
    if (aliases.length === 0) return;
    await this.db
      .insertInto('learnedLocationAliases')
      .values(aliases.map((alias) => ({ phrase: alias.phrase, neighborhoodCode: alias.neighborhoodCode, users: alias.users, learnedAt: at })))
      .onConflict((conflict) =>
        conflict
          .column('phrase')
          .doUpdateSet((eb) => ({
            neighborhoodCode: eb.ref('excluded.neighborhoodCode'),
            users: eb.ref('excluded.users'),
            learnedAt: eb.ref('excluded.learnedAt'),
          }))
          .where((eb) =>
            eb.or([
              eb('learnedLocationAliases.neighborhoodCode', '<>', eb.ref('excluded.neighborhoodCode')),
              eb('learnedLocationAliases.users', '<>', eb.ref('excluded.users')),
            ]),
          ),
      )
      .execute();
  }

  /** The searches answered in [from, to). */
  metricRows(from: Date, to: Date): Promise<SearchMetricRow[]> {
    return this.db
      .selectFrom('searchEvents')
      .select(['resultCount', 'latencyMs', 'parser'])
      .where('createdAt', '>=', from)
      .where('createdAt', '<', to)
      .execute();
  }

  /** Deletes the searches made before `before`; returns how many. */
  async purgeSearchEventsBefore(before: Date): Promise<number> {
    const result = await this.db.deleteFrom('searchEvents').where('createdAt', '<', before).executeTakeFirst();
    return Number(result.numDeletedRows);
  }

  /** Deletes the profile views last made before `before`; returns how many. */
  async purgeInstructorViewsBefore(before: Date): Promise<number> {
    const result = await this.db.deleteFrom('instructorViews').where('viewedAt', '<', before).executeTakeFirst();
    return Number(result.numDeletedRows);
  }
}

/** The learned aliases, for the search vocabulary (loadSearchVocabulary) to include beside the gazetteer's. */
export async function loadLearnedAliases(db: Executor): Promise<Array<{ phrase: string; neighborhoodCode: string }>> {
  return db.selectFrom('learnedLocationAliases').select(['phrase', 'neighborhoodCode']).orderBy('phrase').execute();
}

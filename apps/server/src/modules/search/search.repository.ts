import { sql, type RawBuilder } from 'kysely';
import type { Executor } from '../../platform/db/database.ts';
import { NEAR_ENOUGH_METERS, RELEVANCE_WEIGHTS, SCORE_SCALE, STUDIO_DISTANCE_STEP_METERS, STUDIO_RADIUS_METERS, type SearchSort } from './search.policy.ts';

/** Where the lesson may happen; the asked place for in-person modes. */
export type SearchPlace =
  | { kind: 'point'; lat: number; lng: number }
  /** Residential NTAs by code, or every residential NTA of a borough. */
  | { kind: 'areas'; codes: string[]; borough: string | null };

/** The effective filters as the query needs them (search.service.ts builds them from the parse). */
export interface SearchFilter {
  /** Services named: an exact match. */
  serviceIds: string[];
  /** A category named: any of its services (a weaker match). */
  categoryId: string | null;
  ageGroup: string | null;
  level: string | null;
  priceMinCents: number | null;
  priceMaxCents: number | null;
  /** Which ways of teaching are acceptable. */
  modes: { travel: boolean; studio: boolean; online: boolean };
  /** Lesson types that count as travelling to the student (student_location, and neutral_location for "in person"). */
  travelLessonTypes: string[];
  place: SearchPlace | null;
  /** tstzrange literals a lesson must start in (search.policy.ts searchWindows); never empty. */
  windows: string[];
  /** The keywords as one phrase, or null. */
  keywords: string | null;
  /** Keywords filter (not only rank) when nothing else in the query was understood. */
  keywordsFilter: boolean;
  /** Now, for the soonness part of relevance. */
  nowMs: number;
  /** The default horizon in ms: soonness fades to nothing over it. */
  horizonMs: number;
}

export interface SearchRow {
  instructorId: string;
  displayName: string;
  headline: string;
  photoKey: string | null;
  isFounding: boolean;
  serviceId: string;
  serviceSlug: string;
  serviceName: string;
  hourlyCents: number;
  preferredMinutes: number;
  durations: number[];
  travel: boolean;
  studio: boolean;
  online: boolean;
  /** To the asked place: 0 when they travel to it, to the studio rounded up (STUDIO_DISTANCE_STEP_METERS); null with no place or online only. */
  distanceMeters: number | null;
  soonestMs: number;
  score: number;
  sortKey: number;
}

export interface FreeRangeRow {
  instructorId: string;
  startMs: number;
  endMs: number;
}

/**
 * The search query, one statement per method (PRODUCT.md §4, issue 9 item 3). Candidates are
 * (instructor, service) rows of public instructors offering an active service that passes the
 * profile, price and place filters; each must have a bookable start in a window (the derived
 * free time, GiST: `f.during && w`, never bitmaps); the best matching service stands for the
 * instructor; the page is cut by an integer sort key and the instructor id (keyset).
 */
export class SearchRepository {
  constructor(private readonly db: Executor) {}

  async page(filter: SearchFilter, sort: SearchSort, limit: number, after: { key: number; instructorId: string } | null): Promise<SearchRow[]> {
    const cursor = after ? sql`where (sort_key, instructor_id) > (${after.key}::float8, ${after.instructorId}::text)` : sql``;
    const { rows } = await sql<SearchRow>`
      ${candidates(filter, sort)}
      select * from ranked ${cursor}
       order by sort_key, instructor_id
       limit ${limit}`.execute(this.db);
    return rows;
  }

  /** How many instructors match, counted up to `cap`. */
  async count(filter: SearchFilter, cap: number): Promise<number> {
    const { rows } = await sql<{ count: number }>`
      ${candidates(filter, 'relevance')}
      select count(*)::int as count from (select 1 from best limit ${cap}) capped`.execute(this.db);
    return rows[0]?.count ?? 0;
  }

  /** The free ranges of these instructors that overlap the windows (for their next starts). */
  async freeRanges(instructorIds: readonly string[], windows: readonly string[]): Promise<FreeRangeRow[]> {
    if (instructorIds.length === 0 || windows.length === 0) return [];
    const { rows } = await sql<FreeRangeRow>`
      select instructor_id,
             (extract(epoch from lower(during)) * 1000)::float8 as start_ms,
             (extract(epoch from upper(during)) * 1000)::float8 as end_ms
        from instructor_free_time
       where instructor_id = any(${[...instructorIds]}::text[])
         and during && any(${[...windows]}::tstzrange[])
       order by instructor_id, lower(during)`.execute(this.db);
    return rows;
  }

  /** Residential NTAs touching or within `meters` of these (the nearby-neighborhoods relaxation counts each with the search). */
  async nearbyNeighborhoods(codes: readonly string[], meters: number, limit: number): Promise<Array<{ code: string; name: string }>> {
    const { rows } = await sql<{ code: string; name: string }>`
      select n.id as code, n.name
        from neighborhoods n
       where n.residential
         and not n.id = any(${[...codes]}::text[])
         and exists (
           select 1 from neighborhoods asked
            where asked.id = any(${[...codes]}::text[])
              and n.geom && st_expand(asked.geom, ${meters / 80_000}::float8)
              and (st_touches(n.geom, asked.geom) or st_dwithin(n.geom::geography, asked.geom::geography, ${meters}::float8)))
       order by n.id
       limit ${limit}`.execute(this.db);
    return rows;
  }

  /** The catalog and place names behind explicit filters (query parameters), or undefined when unknown. */
  serviceBySlug(slug: string) {
    return this.db.selectFrom('services').select(['id', 'slug', 'name']).where('slug', '=', slug).where('isActive', '=', true).executeTakeFirst();
  }

  servicesBySlugs(slugs: readonly string[]) {
    if (slugs.length === 0) return Promise.resolve([]);
    return this.db.selectFrom('services').select(['id', 'slug', 'name']).where('slug', 'in', [...slugs]).where('isActive', '=', true).execute();
  }

  categoryBySlug(slug: string) {
    return this.db.selectFrom('categories').select(['id', 'slug', 'name']).where('slug', '=', slug).executeTakeFirst();
  }

  neighborhood(code: string) {
    return this.db
      .selectFrom('neighborhoods')
      .select(['id as code', 'name', 'borough'])
      .where('id', '=', code)
      .where('residential', '=', true)
      .executeTakeFirst();
  }
}

const bool = (value: boolean) => (value ? sql`true` : sql`false`);

/** `ranked` (one row per instructor with score and sort key) and `best`, as CTEs ending the WITH. */
function candidates(filter: SearchFilter, sort: SearchSort): RawBuilder<unknown> {
  const { place, modes } = filter;
  const point = place?.kind === 'point' ? sql`st_setsrid(st_point(${place.lng}::float8, ${place.lat}::float8), 4326)` : null;
  const codes = place?.kind === 'areas' ? place.codes : [];
  const borough = place?.kind === 'areas' ? place.borough : null;

  // The asked place as NTAs: those at the point, or those named (or the borough's).
  const askedCte =
    place === null
      ? sql`asked as (select null::text as id, null::geometry as geom where false)`
      : point
        ? sql`asked as (select id, geom from neighborhoods where st_intersects(geom, ${point}) and residential)`
        : sql`asked as (select id, geom from neighborhoods where residential and (id = any(${codes}::text[]) or borough = ${borough}::text))`;

  // Travel: the instructor's service areas include an asked NTA (the same answer as their
  // coverage union containing the point, through the btree instead of detoasting unions).
  const travelPlace = place === null ? sql`true` : sql`exists (select 1 from instructor_service_areas a join asked on asked.id = a.neighborhood_id where a.instructor_id = s.instructor_id)`;
  const studioNear =
    place === null
      ? sql`true`
      : point
        ? sql`(p.studio_location && st_expand(${point}, 0.04) and st_dwithin(p.studio_location::geography, ${point}::geography, ${STUDIO_RADIUS_METERS}::float8))`
        : sql`exists (select 1 from asked where asked.geom && st_expand(p.studio_location, 0.04) and st_dwithin(p.studio_location::geography, asked.geom::geography, ${STUDIO_RADIUS_METERS}::float8))`;
  const studioDistance =
    place === null
      ? sql`null::float8`
      : point
        ? sql`st_distance(p.studio_location::geography, ${point}::geography)`
        : sql`(select min(st_distance(p.studio_location::geography, asked.geom::geography)) from asked)`;

  const serviceFilter =
    filter.serviceIds.length > 0 && filter.categoryId
      ? sql`(s.service_id = any(${filter.serviceIds}::text[]) or sv.category_id = ${filter.categoryId})`
      : filter.serviceIds.length > 0
        ? sql`s.service_id = any(${filter.serviceIds}::text[])`
        : filter.categoryId
          ? sql`sv.category_id = ${filter.categoryId}`
          : sql`true`;
  const quality =
    filter.serviceIds.length > 0
      ? sql`case when s.service_id = any(${filter.serviceIds}::text[]) then ${RELEVANCE_WEIGHTS.exactService}::float8 else ${RELEVANCE_WEIGHTS.categoryService}::float8 end`
      : filter.categoryId
        ? sql`${RELEVANCE_WEIGHTS.categoryService}::float8`
        : sql`0::float8`;
  const similarity = filter.keywords
    ? sql`greatest(word_similarity(${filter.keywords}, p.headline), word_similarity(${filter.keywords}, p.bio), word_similarity(${filter.keywords}, sv.name))`
    : sql`0::float8`;

  // Each sort is one ascending key plus the instructor id as tiebreak (keyset pages): relevance
  // is the negated integer score, price the hourly cents, distance metres (no place: 0),
  // soonest the first start in minutes since the epoch.
  const sortKey =
    sort === 'relevance'
      ? sql`-score`
      : sort === 'price'
        ? sql`hourly_cents::float8`
        : sort === 'distance'
          ? sql`coalesce(distance_meters, 0)::float8`
          : sql`floor(extract(epoch from soonest) / 60)`;

  return sql`
    with ${askedCte},
    offered as (
      select s.instructor_id, s.service_id, sv.slug as service_slug, sv.name as service_name,
             p.display_name, p.headline, p.photo_key, p.is_founding,
             ${quality} as quality, ${similarity} as similarity,
             h.hourly_cents, h.preferred_minutes, d.durations,
             (${bool(modes.travel)} and p.travels_to_students and s.lesson_types && ${filter.travelLessonTypes}::text[] and ${travelPlace}) as travel,
             (${bool(modes.studio)} and p.teaches_at_studio and 'instructor_location' = any(s.lesson_types) and ${studioNear}) as studio,
             (${bool(modes.online)} and p.teaches_online and 'online' = any(s.lesson_types)) as online,
             p.studio_location
        from instructor_services s
        join services sv on sv.id = s.service_id and sv.is_active
        join instructor_profiles p on p.user_id = s.instructor_id and p.status = 'published' and p.approved_at is not null
        cross join lateral (
          select round(r.rate_cents * 60.0 / r.duration_minutes)::int as hourly_cents, r.duration_minutes as preferred_minutes
            from instructor_service_rates r
           where r.instructor_id = s.instructor_id and r.service_id = s.service_id
           order by abs(r.duration_minutes - 60), r.duration_minutes desc
           limit 1) h
        cross join lateral (
          select array_agg(r.duration_minutes order by r.duration_minutes) as durations
            from instructor_service_rates r
           where r.instructor_id = s.instructor_id and r.service_id = s.service_id) d
       where ${serviceFilter}
         and (${filter.ageGroup}::text is null or ${filter.ageGroup}::text = any(p.age_groups))
         and (${filter.level}::text is null or ${filter.level}::text = any(p.levels))
         and (${filter.priceMaxCents}::int is null or h.hourly_cents <= ${filter.priceMaxCents}::int)
         and (${filter.priceMinCents}::int is null or h.hourly_cents >= ${filter.priceMinCents}::int)
         ${filter.keywordsFilter ? sql`and ${similarity} >= 0.5` : sql``}
    ),
    servable as (
      select o.*, t.soonest
        from offered o
        cross join lateral (
          select min(greatest(lower(f.during), lower(w))) as soonest
            from unnest(${filter.windows}::tstzrange[]) w
            join instructor_free_time f on f.instructor_id = o.instructor_id and f.during && w
           where greatest(lower(f.during), lower(w)) + make_interval(mins => o.durations[1]) <= upper(f.during)
             and greatest(lower(f.during), lower(w)) < upper(w)) t
       where (o.travel or o.studio or o.online) and t.soonest is not null
    ),
    best as (
      select distinct on (instructor_id) *
        from servable
       order by instructor_id, quality desc, similarity desc, hourly_cents, service_id
    ),
    measured as (
      select p.*,
             case when ${bool(place === null)} then null
                  when p.travel then 0
                  when p.studio then ceil(${studioDistance} / ${STUDIO_DISTANCE_STEP_METERS}::float8) * ${STUDIO_DISTANCE_STEP_METERS}::float8
                  else null end as distance_meters
        from best p
    ),
    ranked as (
      select instructor_id, display_name, headline, photo_key, is_founding, service_id, service_slug, service_name,
             hourly_cents, preferred_minutes, durations, travel, studio, online,
             distance_meters::float8 as distance_meters,
             (extract(epoch from soonest) * 1000)::float8 as soonest_ms,
             score, (${sortKey})::float8 as sort_key
        from (
          select m.*,
                 round(${SCORE_SCALE}::float8 * (
                   quality
                   + ${RELEVANCE_WEIGHTS.keywords}::float8 * similarity
                   + case when distance_meters is null then 0
                          else ${RELEVANCE_WEIGHTS.nearness}::float8 * (1 - least(distance_meters, ${NEAR_ENOUGH_METERS}::float8) / ${NEAR_ENOUGH_METERS}::float8) end
                   + case when is_founding then ${RELEVANCE_WEIGHTS.founding}::float8 else 0 end
                   + ${RELEVANCE_WEIGHTS.soonness}::float8
                     * greatest(0, 1 - (extract(epoch from soonest) * 1000 - ${filter.nowMs}::float8) / ${filter.horizonMs}::float8)
                 ))::float8 as score
            from measured m
        ) scored
    )`;
}

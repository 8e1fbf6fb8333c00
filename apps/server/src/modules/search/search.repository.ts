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
  /**
   * The default horizon in ms: soonness fades to nothing over it, counted from the first window's
   * start (a quarter-hour), not from now, so scores and cursors hold still between pages.
   */
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
  sortKey: number;
}

export interface FreeRangeRow {
  instructorId: string;
  startMs: number;
  endMs: number;
}

/**
 * The search query (PRODUCT.md §4, issue 9 item 3). Candidates are (instructor, service) rows of
 * public instructors offering an active service that passes the profile, price and place
 * filters; the best matching service stands for the instructor. Whether they have a bookable
 * start in a window is asked of the derived free time (GiST: `f.during && w`, never bitmaps),
 * and only as far as the page needs: the test runs on the candidates in sort order until the
 * page is full, in the statement that sorts them. Sorting by soonest needs every
 * candidate's first start, so that sort tests them all in one statement. Pages are keyset:
 * an ascending float key and the instructor id.
 */
export class SearchRepository {
  constructor(private readonly db: Executor) {}

  async page(filter: SearchFilter, sort: SearchSort, limit: number, after: { key: number; instructorId: string } | null): Promise<SearchRow[]> {
    if (sort === 'soonest') return this.soonestPage(filter, limit, after);
    // Relevance is the negated integer score, price the hourly cents, distance metres (no place: 0).
    const key = sort === 'relevance' ? sql`-score` : sort === 'price' ? sql`hourly_cents::float8` : sql`coalesce(distance_meters, 0)::float8`;
    // `offset 0` keeps the availability test out of the sorted candidates: it runs on them in
    // sort order and stops once the page is full, in the same statement.
    const { rows } = await sql<SearchRow>`
      ${scoredCandidates(filter, { scored: true, relevance: sort === 'relevance' })}
      ${withDisplay(sql`
        select * from (
          select ${SELECTED}, (${key})::float8 as sort_key from scored
           ${after ? sql`where ((${key})::float8, instructor_id) > (${after.key}::float8, ${after.instructorId}::text)` : sql``}
           order by sort_key, instructor_id
          offset 0) keyed
         where exists (${fitsInWindow(filter, sql`keyed.instructor_id`, sql`keyed.durations[1]`)})
         order by sort_key, instructor_id
         limit ${limit}`)}`.execute(this.db);
    return rows;
  }

  /** How many instructors match, counted up to `cap`. */
  async count(filter: SearchFilter, cap: number): Promise<number> {
    const { rows } = await sql<{ count: number }>`
      ${scoredCandidates(filter, { scored: false })}
      select count(*)::int as count
        from (select 1 from best s where exists (${fitsInWindow(filter, sql`s.instructor_id`, sql`s.durations[1]`)}) limit ${cap}) capped`.execute(this.db);
    return rows[0]?.count ?? 0;
  }

  /**
   * How many instructors match under each of the price limits (ascending; `filter.priceMaxCents`
   * must be the highest), in one statement.
   */
  async countUnderPrices(filter: SearchFilter, limits: readonly number[], cap: number): Promise<number[]> {
    const { rows } = await sql<{ counts: number[] }>`
      ${scoredCandidates(filter, { scored: false })}
      select array[${sql.join(limits.map((limit) => sql`least(count(*) filter (where hourly_cents <= ${limit}::int), ${cap}::int)`))}]::int[] as counts
        from best s
       where exists (${fitsInWindow(filter, sql`s.instructor_id`, sql`s.durations[1]`)})`.execute(this.db);
    return rows[0]?.counts ?? limits.map(() => 0);
  }

  /**
   * The first New York date, among the windows, on which anyone can start, and how many can
   * (anyone who can on that first date has their first start on it); null when nobody can.
   */
  async firstDay(filter: SearchFilter): Promise<{ date: string; count: number } | null> {
    const { rows } = await sql<{ date: string; count: number }>`
      ${scoredCandidates(filter, { scored: false })}
      select to_char(t.soonest at time zone 'America/New_York', 'YYYY-MM-DD') as date, count(*)::int as count
        from best s
        cross join lateral (${firstStartInWindow(filter, sql`s.instructor_id`, sql`s.durations[1]`)}) t
       where t.soonest is not null
       group by 1
       order by 1
       limit 1`.execute(this.db);
    return rows[0] ?? null;
  }

  /** Soonest first: every candidate's first start in the windows (minutes since the epoch as the key). */
  private async soonestPage(filter: SearchFilter, limit: number, after: { key: number; instructorId: string } | null): Promise<SearchRow[]> {
    const { rows } = await sql<SearchRow>`
      ${scoredCandidates(filter, { scored: true, relevance: false })}
      ${withDisplay(sql`
        select * from (
          select ${SELECTED}, floor(extract(epoch from t.soonest) / 60)::float8 as sort_key
            from scored
            cross join lateral (${firstStartInWindow(filter, sql`scored.instructor_id`, sql`scored.durations[1]`)}) t
           where t.soonest is not null) keyed
         ${after ? sql`where (sort_key, instructor_id) > (${after.key}::float8, ${after.instructorId}::text)` : sql``}
         order by sort_key, instructor_id
         limit ${limit}`)}`.execute(this.db);
    return rows;
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

  /**
   * Residential NTAs within about `meters` of these (touching ones included): planar distance in
   * degrees (1° ≈ 111 km north–south, 84 km east–west here), because a geography distance
   * between two polygons of hundreds of vertices costs tens of milliseconds.
   */
  async nearbyNeighborhoods(codes: readonly string[], meters: number, limit: number): Promise<Array<{ code: string; name: string }>> {
    const degrees = meters / 84_000;
    const { rows } = await sql<{ code: string; name: string }>`
      select n.id as code, n.name
        from neighborhoods n
       where n.residential
         and not n.id = any(${[...codes]}::text[])
         and exists (
           select 1 from neighborhoods asked
            where asked.id = any(${[...codes]}::text[])
              and n.geom && st_expand(asked.geom, ${degrees}::float8)
              and st_dwithin(n.geom, asked.geom, ${degrees}::float8))
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

/**
 * UTM zone 18N shortens lengths in New York City by 0.03–0.04 % (scale factor 0.9996 at the
 * central meridian, 75° W), and an NTA edge drawn straight in UTM strays centimetres from the
 * geography's: a geography distance is within half a percent of the planar one (ten times the
 * error). A planar distance under the inner bound is surely within the radius, one over the
 * outer bound surely not; in between the geography decides.
 */
const PLANAR_ERROR = 0.005;
const STUDIO_BAND_INNER_METERS = STUDIO_RADIUS_METERS * (1 - PLANAR_ERROR);
const STUDIO_BAND_OUTER_METERS = STUDIO_RADIUS_METERS * (1 + PLANAR_ERROR);

const bool = (value: boolean) => (value ? sql`true` : sql`false`);

/** The ranking columns of a page row; the display ones are joined to the page only (withDisplay). */
const SELECTED = sql.raw(
  'instructor_id, is_founding, service_id, hourly_cents, preferred_minutes, durations, travel, studio, online, distance_meters',
);

/**
 * The page's rows with the names and photo joined, in the page's order. Candidates carry only
 * what ranks them, so sorting thousands of them stays in memory.
 */
function withDisplay(page: RawBuilder<unknown>): RawBuilder<unknown> {
  return sql`
    select k.*, p.display_name, p.headline, p.photo_key, sv.slug as service_slug, sv.name as service_name
      from (${page}) k
      join instructor_profiles p on p.user_id = k.instructor_id
      join services sv on sv.id = k.service_id
     order by k.sort_key, k.instructor_id`;
}

/**
 * A free range of the instructor and a window in which a lesson of `minutes` can start: the
 * start is the later of the two beginnings (both on the quarter-hour), it must be inside the
 * window, and the lesson must end inside the free range. `f.during && w` uses the GiST index.
 */
function fitsInWindow(filter: SearchFilter, instructorId: RawBuilder<unknown>, minutes: RawBuilder<unknown>): RawBuilder<unknown> {
  return sql`
    select 1
      from unnest(${filter.windows}::tstzrange[]) w
      join instructor_free_time f on f.instructor_id = ${instructorId} and f.during && w
     where greatest(lower(f.during), lower(w)) < upper(w)
       and greatest(lower(f.during), lower(w)) + make_interval(mins => ${minutes}) <= upper(f.during)`;
}

/** The first such start (null when none). */
function firstStartInWindow(filter: SearchFilter, instructorId: RawBuilder<unknown>, minutes: RawBuilder<unknown>): RawBuilder<unknown> {
  return sql`
    select min(greatest(lower(f.during), lower(w))) as soonest
      from unnest(${filter.windows}::tstzrange[]) w
      join instructor_free_time f on f.instructor_id = ${instructorId} and f.during && w
     where greatest(lower(f.during), lower(w)) < upper(w)
       and greatest(lower(f.during), lower(w)) + make_interval(mins => ${minutes}) <= upper(f.during)`;
}

/**
 * The WITH clause ending in `scored` (or in `best` without scores, for counting): one row per instructor (their best matching service) with
 * the price, the ways they serve the place, the distance and (for the relevance sort, the only
 * one that needs it) the relevance score. Nothing here looks at the windows but the score's
 * soonness, which takes the instructor's next free time from the first window on (one probe of
 * the (instructor_id, upper(during)) index); instructors with no free time at all from then on
 * drop out there, as the availability test would drop them anyway.
 */
function scoredCandidates(filter: SearchFilter, options: { scored: boolean; relevance?: boolean }): RawBuilder<unknown> {
  const { place, modes } = filter;
  const point = place?.kind === 'point' ? sql`st_setsrid(st_point(${place.lng}::float8, ${place.lat}::float8), 4326)` : null;
  const codes = place?.kind === 'areas' ? place.codes : [];
  const borough = place?.kind === 'areas' ? place.borough : null;

  // The asked place as NTAs: those at the point, or those named (or the borough's). Their
  // bounding boxes ride along: the polygons are toasted, and reading one's box for every
  // candidate cost more than the distance tests it saves.
  const askedCte =
    place === null
      ? sql`asked as (select null::text as id, null::geometry as geom, null::geometry as centroid, null::geometry as geom_utm, null::geometry as centroid_utm, null::geometry as envelope_utm where false)`
      : point
        ? sql`asked as materialized (select id, geom, centroid, geom_utm, st_transform(centroid, 32618) as centroid_utm, st_envelope(geom_utm) as envelope_utm from neighborhoods where st_intersects(geom, ${point}) and residential)`
        : sql`asked as materialized (select id, geom, centroid, geom_utm, st_transform(centroid, 32618) as centroid_utm, st_envelope(geom_utm) as envelope_utm from neighborhoods where residential and (id = any(${codes}::text[]) or borough = ${borough}::text))`;

  // Travel: the instructor's service areas include an asked NTA (the same answer as their
  // coverage union containing the point, through the btree instead of detoasting unions:
  // geo.repository.ts spatialQueries measures both).
  const travelPlace =
    place === null ? sql`true` : sql`exists (select 1 from instructor_service_areas a join asked on asked.id = a.neighborhood_id where a.instructor_id = s.instructor_id)`;
  // Studio: within 3 km (geography). To a point, after a cheap bounding-box test in degrees
  // (0.04° ≥ 3.3 km here). To areas, in planar UTM metres (migration 0014), which decide it
  // outside a band around 3 km; only inside the band is the geography asked.
  const studioNear =
    place === null
      ? sql`true`
      : point
        ? sql`(p.studio_location && st_expand(${point}, 0.04) and st_dwithin(p.studio_location::geography, ${point}::geography, ${STUDIO_RADIUS_METERS}::float8))`
        : sql`exists (
            select 1 from asked
             where asked.envelope_utm && st_expand(p.studio_utm, ${STUDIO_BAND_OUTER_METERS}::float8)
               and st_dwithin(p.studio_utm, asked.geom_utm, ${STUDIO_BAND_OUTER_METERS}::float8)
               and (st_dwithin(p.studio_utm, asked.geom_utm, ${STUDIO_BAND_INNER_METERS}::float8)
                    or st_dwithin(p.studio_location::geography, asked.geom::geography, ${STUDIO_RADIUS_METERS}::float8)))`;
  const studioDistance =
    place === null
      ? sql`null::float8`
      : point
        ? sql`st_distance(b.studio_location::geography, ${point}::geography)`
        : // To the asked neighborhoods' label points (a distance to a polygon's edge costs a
          // millisecond each), in planar metres when they fall in the same distance step as the
          // geography's would (PLANAR_ERROR either side), else in geography.
          sql`(select case when ceil(x.planar * ${1 - PLANAR_ERROR}::float8 / ${STUDIO_DISTANCE_STEP_METERS}::float8) = ceil(x.planar * ${1 + PLANAR_ERROR}::float8 / ${STUDIO_DISTANCE_STEP_METERS}::float8)
                            then x.planar
                            else (select min(st_distance(b.studio_location::geography, asked.centroid::geography)) from asked) end
                from (select min(st_distance(b.studio_utm, asked.centroid_utm)) as planar from asked) x)`;

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
    ? sql`greatest(word_similarity(${filter.keywords}, d.headline), word_similarity(${filter.keywords}, d.bio), word_similarity(${filter.keywords}, d.service_name))`
    : sql`0::float8`;
  const earliest = sql`lower(${filter.windows[0] ?? 'empty'}::tstzrange)`;

  return sql`
    with ${askedCte},
    -- Who teaches a matching service in a way that fits the place. Materialized so each place
    -- test runs once (inlined, they ran again in the filter below), and before the prices.
    served as materialized (
      select s.instructor_id, s.service_id, p.is_founding, ${quality} as quality,
             ${filter.keywords ? sql`p.headline, p.bio, sv.name as service_name,` : sql``}
             (${bool(modes.travel)} and p.travels_to_students and s.lesson_types && ${filter.travelLessonTypes}::text[] and ${travelPlace}) as travel,
             (${bool(modes.studio)} and p.teaches_at_studio and 'instructor_location' = any(s.lesson_types) and ${studioNear}) as studio,
             (${bool(modes.online)} and p.teaches_online and 'online' = any(s.lesson_types)) as online,
             p.studio_location, p.studio_utm
        from instructor_services s
        join services sv on sv.id = s.service_id and sv.is_active
        join instructor_profiles p on p.user_id = s.instructor_id and p.status = 'published' and p.approved_at is not null
       where ${serviceFilter}
         and (${filter.ageGroup}::text is null or ${filter.ageGroup}::text = any(p.age_groups))
         and (${filter.level}::text is null or ${filter.level}::text = any(p.levels))
    ),
    offered as (
      select d.instructor_id, d.service_id, d.is_founding, d.quality, ${similarity} as similarity,
             r.hourly_cents, r.preferred_minutes, r.durations, d.travel, d.studio, d.online, d.studio_location, d.studio_utm
        from served d
        -- The hourly price (search.policy.ts hourlyCents: the 60-minute rate, else prorated from
        -- the closest priced length, the longer on a tie) and the priced lengths, in one probe.
        cross join lateral (
          select (array_agg(round(x.rate_cents * 60.0 / x.duration_minutes)::int order by abs(x.duration_minutes - 60), x.duration_minutes desc))[1] as hourly_cents,
                 (array_agg(x.duration_minutes order by abs(x.duration_minutes - 60), x.duration_minutes desc))[1] as preferred_minutes,
                 array_agg(x.duration_minutes order by x.duration_minutes) as durations
            from instructor_service_rates x
           where x.instructor_id = d.instructor_id and x.service_id = d.service_id) r
       where (d.travel or d.studio or d.online)
         and r.hourly_cents is not null
         and (${filter.priceMaxCents}::int is null or r.hourly_cents <= ${filter.priceMaxCents}::int)
         and (${filter.priceMinCents}::int is null or r.hourly_cents >= ${filter.priceMinCents}::int)
         ${filter.keywordsFilter ? sql`and ${similarity} >= 0.5` : sql``}
    ),
    best as materialized (
      select distinct on (instructor_id) *
        from offered
       order by instructor_id, quality desc, similarity desc, hourly_cents, service_id
    )${options.scored ? sql`,
    measured as materialized (
      select b.*,
             (case when ${bool(place === null)} then null
                   when b.travel then 0
                   when b.studio then ceil(${studioDistance} / ${STUDIO_DISTANCE_STEP_METERS}::float8) * ${STUDIO_DISTANCE_STEP_METERS}::float8
                   else null end)::float8 as distance_meters
             ${options.relevance ? sql`, g.next_free` : sql``}
        from best b
        ${
          options.relevance
            ? sql`cross join lateral (
          select greatest(lower(f.during), ${earliest}) as next_free
            from instructor_free_time f
           where f.instructor_id = b.instructor_id
             and upper(f.during) >= ${earliest} + make_interval(mins => b.durations[1])
           order by upper(f.during)
           limit 1) g`
            : sql``
        }
    ),
    ${options.relevance ? sql`scored as (
      select m.*,
             round(${SCORE_SCALE}::float8 * (
               quality
               + ${RELEVANCE_WEIGHTS.keywords}::float8 * similarity
               + case when distance_meters is null then 0
                      else ${RELEVANCE_WEIGHTS.nearness}::float8 * (1 - least(distance_meters, ${NEAR_ENOUGH_METERS}::float8) / ${NEAR_ENOUGH_METERS}::float8) end
               + case when is_founding then ${RELEVANCE_WEIGHTS.founding}::float8 else 0 end
               + ${RELEVANCE_WEIGHTS.soonness}::float8
                 * greatest(0, 1 - extract(epoch from next_free - ${earliest})::float8 * 1000 / ${filter.horizonMs}::float8)
             ))::float8 as score
        from measured m
    )` : sql`scored as (select * from measured)`}` : sql``}`;
}

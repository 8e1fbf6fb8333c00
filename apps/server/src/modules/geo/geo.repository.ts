import { sql } from 'kysely';
import type { Executor, Tx } from '../../platform/db/database.ts';
import type { Borough } from './geo.tables.ts';

export interface NeighborhoodRef {
  /** NTA code, e.g. BK0602. */
  code: string;
  name: string;
  borough: Borough;
}

/** A neighborhood with whether it can be served (only residential NTAs, migration 0010). */
export interface NeighborhoodChoice extends NeighborhoodRef {
  residential: boolean;
}

const NEIGHBORHOODS_SEED = 'nyc-neighborhoods';

/** A WGS84 point for PostGIS; refuses NaN and out-of-range values rather than matching nothing. */
function point(lat: number, lng: number) {
  if (!Number.isFinite(lat) || !Number.isFinite(lng) || Math.abs(lat) > 90 || Math.abs(lng) > 180) {
    throw new RangeError(`Not a coordinate: lat ${lat}, lng ${lng}`);
  }
  return sql`st_setsrid(st_point(${lng}::float8, ${lat}::float8), 4326)`;
}

/** The spatial statements, apart so that tests and the benchmark can EXPLAIN exactly what runs. */
export const spatialQueries = {
  /**
   * Finds the neighborhood(s) at the point through the GiST index on 262 polygons, then the
   * instructors through the (neighborhood_id, instructor_id) index: the same answer as testing
   * every instructor's coverage union, without testing thousands of large unions (bench/run.ts
   * measures both).
   */
  instructorsServingPoint: (lat: number, lng: number, limit: number) => sql<{ instructorId: string }>`
    select distinct a.instructor_id
      from instructor_service_areas a
     where a.neighborhood_id in (select n.id from neighborhoods n where st_intersects(n.geom, ${point(lat, lng)}) and n.residential)
     order by a.instructor_id
     limit ${limit}`,
  /**
   * The same question asked of the per-instructor unions (instructor_coverage_geom_idx), as
   * first designed: correct, but each candidate union (about 1,000 vertices, TOASTed) must be
   * detoasted and tested, about 20 times slower at 10,000 instructors. Kept for comparison
   * in the benchmark and the tests.
   */
  instructorsCoveringPoint: (lat: number, lng: number, limit: number) => sql<{ instructorId: string }>`
    select instructor_id from instructor_coverage
     where st_intersects(geom, ${point(lat, lng)})
     order by instructor_id
     limit ${limit}`,
  neighborhoodAt: (lat: number, lng: number) => sql<NeighborhoodRef>`
    select id as code, name, borough from neighborhoods
     where st_intersects(geom, ${point(lat, lng)}) and residential
     order by id
     limit 1`,
};

/**
 * One query per method; accepts the database or a transaction. Spatial predicates are written
 * so that PostgreSQL can use the GiST indexes (neighborhoods_geom_idx, instructor_coverage_geom_idx);
 * geo.db.test.ts checks the plans.
 */
export class GeoRepository {
  constructor(private readonly db: Executor) {}

  /** Identifies the loaded polygons: the checksum of the neighborhoods file the sync recorded. */
  async neighborhoodsVersion(executor: Executor = this.db): Promise<string | null> {
    const row = await executor.selectFrom('dataSeeds').select('checksum').where('name', '=', NEIGHBORHOODS_SEED).executeTakeFirst();
    return row?.checksum ?? null;
  }

  /**
   * The neighborhoods as a GeoJSON FeatureCollection, serialized by PostgreSQL (it is large and
   * never needs to exist as objects here). Each polygon is simplified by `toleranceDegrees`
   * (topology of each polygon preserved) and written with 5 decimals (about 1 m). `codes`, when
   * given, keeps only those neighborhoods (a profile page draws only the ones served).
   * `residential` tells the map which ones can be chosen as service areas.
   */
  async neighborhoodsFeatureCollection(
    options: { borough?: Borough; codes?: readonly string[]; toleranceDegrees: number },
    executor: Executor = this.db,
  ): Promise<string> {
    const codes = options.codes ? [...options.codes] : null;
    const { rows } = await sql<{ body: string }>`
      select json_build_object(
        'type', 'FeatureCollection',
        'features', coalesce(json_agg(json_build_object(
          'type', 'Feature',
          'id', id,
          'properties', json_build_object('code', id, 'name', name, 'borough', borough, 'ntaType', nta_type, 'residential', residential),
          'geometry', st_asgeojson(st_multi(st_simplifypreservetopology(geom, ${options.toleranceDegrees}::float8)), 5)::json
        ) order by id), '[]'::json)
      )::text as body
      from neighborhoods
      where (${options.borough ?? null}::text is null or borough = ${options.borough ?? null}::text)
        and (${codes}::text[] is null or id = any(${codes}::text[]))`.execute(executor);
    return rows[0]!.body;
  }

  /** The neighborhoods among `codes` that exist, residential or not. */
  findNeighborhoods(codes: readonly string[], executor: Executor = this.db): Promise<NeighborhoodChoice[]> {
    if (codes.length === 0) return Promise.resolve([]);
    return executor
      .selectFrom('neighborhoods')
      .select(['id as code', 'name', 'borough', 'residential'])
      .where('id', 'in', [...codes])
      .orderBy('borough')
      .orderBy('name')
      .execute();
  }

  /** Whether the instructor chose at least one neighborhood (their onboarding checklist). */
  async hasServiceAreas(instructorId: string, executor: Executor = this.db): Promise<boolean> {
    const row = await executor.selectFrom('instructorServiceAreas').select('instructorId').where('instructorId', '=', instructorId).limit(1).executeTakeFirst();
    return row !== undefined;
  }

  /** The neighborhoods an instructor serves, by borough then name (only residential ones count). */
  neighborhoodsServedBy(instructorId: string, executor: Executor = this.db): Promise<NeighborhoodRef[]> {
    return executor
      .selectFrom('instructorServiceAreas as a')
      .innerJoin('neighborhoods as n', 'n.id', 'a.neighborhoodId')
      .select(['n.id as code', 'n.name', 'n.borough'])
      .where('a.instructorId', '=', instructorId)
      .where('n.residential', '=', true)
      .orderBy('n.borough')
      .orderBy('n.name')
      .execute();
  }

  /** Serializes concurrent replacements of one instructor's areas (two tabs saving at once). */
  async lockServiceAreas(instructorId: string, trx: Tx): Promise<void> {
    await sql`select pg_advisory_xact_lock(hashtextextended(${`service-areas:${instructorId}`}, 0))`.execute(trx);
  }

  /**
   * Makes `codes` the instructor's service areas, touching only the rows that change. The
   * triggers of migration 0008 recompute instructor_coverage within the same transaction.
   */
  async replaceServiceAreas(instructorId: string, codes: readonly string[], trx: Tx): Promise<void> {
    await trx
      .deleteFrom('instructorServiceAreas')
      .where('instructorId', '=', instructorId)
      .where(sql<boolean>`neighborhood_id <> all(${[...codes]}::text[])`)
      .execute();
    if (codes.length === 0) return;
    await trx
      .insertInto('instructorServiceAreas')
      .values(codes.map((neighborhoodId) => ({ instructorId, neighborhoodId })))
      .onConflict((conflict) => conflict.columns(['instructorId', 'neighborhoodId']).doNothing())
      .execute();
  }

  /** Instructors whose service areas contain the point, by id (spatialQueries.instructorsServingPoint). */
  async instructorsServingPoint(lat: number, lng: number, options: { limit?: number } = {}, executor: Executor = this.db): Promise<string[]> {
    const { rows } = await spatialQueries.instructorsServingPoint(lat, lng, options.limit ?? 1_000).execute(executor);
    return rows.map((row) => row.instructorId);
  }

  /** Instructors serving one neighborhood, by id. */
  async instructorsServingNeighborhood(code: string, options: { limit?: number } = {}, executor: Executor = this.db): Promise<string[]> {
    const rows = await executor
      .selectFrom('instructorServiceAreas')
      .select('instructorId')
      .where('neighborhoodId', '=', code)
      .orderBy('instructorId')
      .limit(options.limit ?? 1_000)
      .execute();
    return rows.map((row) => row.instructorId);
  }

  /**
   * Whether the point lies in one of the instructor's neighborhoods. Asked of the one or two
   * neighborhoods at the point (GiST) rather than of the instructor's union, which is several
   * times slower to detoast and test (bench/run.ts).
   */
  async servesPoint(instructorId: string, lat: number, lng: number, executor: Executor = this.db): Promise<boolean> {
    const { rows } = await sql<{ serves: boolean }>`
      select exists (
        select 1 from instructor_service_areas a
         where a.instructor_id = ${instructorId}
           and a.neighborhood_id in (select n.id from neighborhoods n where st_intersects(n.geom, ${point(lat, lng)}) and n.residential)
      ) as serves`.execute(executor);
    return rows[0]!.serves;
  }

  /**
   * The outline of everything the instructor serves (the maintained union, borders between
   * their neighborhoods dissolved) as GeoJSON for a profile map, simplified by `toleranceDegrees`;
   * null when they serve nowhere.
   */
  async coverageGeoJson(instructorId: string, options: { toleranceDegrees: number }, executor: Executor = this.db): Promise<string | null> {
    const { rows } = await sql<{ geometry: string }>`
      select st_asgeojson(st_multi(st_simplifypreservetopology(geom, ${options.toleranceDegrees}::float8)), 5) as geometry
        from instructor_coverage where instructor_id = ${instructorId}`.execute(executor);
    return rows[0]?.geometry ?? null;
  }

  async servesNeighborhood(instructorId: string, code: string, executor: Executor = this.db): Promise<boolean> {
    const row = await executor
      .selectFrom('instructorServiceAreas')
      .select('instructorId')
      .where('instructorId', '=', instructorId)
      .where('neighborhoodId', '=', code)
      .executeTakeFirst();
    return row !== undefined;
  }

  /**
   * The neighborhood containing the point, or null (water, or outside the city). A point
   * exactly on a shared border belongs to both; the lower code is returned.
   */
  async neighborhoodAt(lat: number, lng: number, executor: Executor = this.db): Promise<NeighborhoodRef | null> {
    const { rows } = await spatialQueries.neighborhoodAt(lat, lng).execute(executor);
    return rows[0] ?? null;
  }
}

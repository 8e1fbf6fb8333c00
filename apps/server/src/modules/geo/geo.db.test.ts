import { sql, type RawBuilder } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../../../../../test/support/test-database.ts';
import { ControllableClock } from '../../platform/clock.ts';
import type { Database, Executor } from '../../platform/db/database.ts';
import { createIdGenerator } from '../../platform/ids.ts';
import { GeoRepository, spatialQueries } from './geo.repository.ts';

/** Real NTA polygons (loaded into the template by the neighborhoods sync). */
const PARK_SLOPE = { lat: 40.671, lng: -73.9814 }; // 7th Ave & 3rd St, in BK0602
const ASTORIA = { lat: 40.7645, lng: -73.9215 }; // 31st St & Ditmars-ish, in QN0103
const EAST_RIVER = { lat: 40.744, lng: -73.967 }; // mid-river off Murray Hill: nobody's land
const ASTORIA_CODES = ['QN0101', 'QN0102', 'QN0103', 'QN0104'];

async function plan(executor: Executor, query: RawBuilder<unknown>): Promise<string> {
  const { rows } = await sql<{ 'QUERY PLAN': string }>`explain ${query}`.execute(executor);
  return rows.map((row) => row['QUERY PLAN']).join('\n');
}

describe('service areas on real NYC polygons', () => {
  let database: Database;
  let geo: GeoRepository;
  const ids = createIdGenerator(new ControllableClock('2026-11-23T15:00:00Z'));

  async function anInstructor(codes: string[]): Promise<string> {
    const id = ids();
    await database.db
      .insertInto('users')
      .values({ id, email: `geo-${id.toLowerCase()}@example.com`, name: 'Geo Instructor', passwordHash: 'not-a-real-hash', roles: ['instructor'] })
      .execute();
    await database.db.transaction().execute((trx) => geo.replaceServiceAreas(id, codes, trx));
    return id;
  }

  const coverage = (instructorId: string) =>
    sql<{ neighborhoodCount: number; valid: boolean; type: string }>`
      select neighborhood_count, st_isvalid(geom) as valid, geometrytype(geom) as type
        from instructor_coverage where instructor_id = ${instructorId}`
      .execute(database.db)
      .then((result) => result.rows[0] ?? null);

  beforeAll(async () => {
    database = await openTestDatabase();
    geo = new GeoRepository(database.db);
  });
  afterAll(() => database.close());

  it('has the 262 neighborhoods as valid multipolygons, each labelled inside itself', async () => {
    const { rows } = await sql<{ count: number; valid: number; multi: number; inside: number; boroughs: number }>`
      select count(*)::int as count,
             count(*) filter (where st_isvalid(geom))::int as valid,
             count(*) filter (where geometrytype(geom) = 'MULTIPOLYGON' and st_srid(geom) = 4326)::int as multi,
             count(*) filter (where st_contains(geom, centroid))::int as inside,
             count(distinct borough)::int as boroughs
        from neighborhoods`.execute(database.db);
    expect(rows[0]).toEqual({ count: 262, valid: 262, multi: 262, inside: 262, boroughs: 5 });
  });

  it('serves a point in Park Slope by an instructor covering Park Slope, not by one covering only Astoria', async () => {
    const parkSlope = await anInstructor(['BK0602']);
    const astoria = await anInstructor(ASTORIA_CODES);

    const servingParkSlope = await geo.instructorsServingPoint(PARK_SLOPE.lat, PARK_SLOPE.lng);
    expect(servingParkSlope).toContain(parkSlope);
    expect(servingParkSlope).not.toContain(astoria);
    expect(await geo.servesPoint(parkSlope, PARK_SLOPE.lat, PARK_SLOPE.lng)).toBe(true);
    expect(await geo.servesPoint(astoria, PARK_SLOPE.lat, PARK_SLOPE.lng)).toBe(false);

    const servingAstoria = await geo.instructorsServingPoint(ASTORIA.lat, ASTORIA.lng);
    expect(servingAstoria).toContain(astoria);
    expect(servingAstoria).not.toContain(parkSlope);
    expect(await geo.servesPoint(astoria, ASTORIA.lat, ASTORIA.lng)).toBe(true);

    // The coverage union answers the same as the per-neighborhood path.
    const covering = await spatialQueries.instructorsCoveringPoint(PARK_SLOPE.lat, PARK_SLOPE.lng, 1_000).execute(database.db);
    expect(covering.rows.map((row) => row.instructorId)).toEqual(servingParkSlope);

    expect(await geo.servesNeighborhood(parkSlope, 'BK0602')).toBe(true);
    expect(await geo.servesNeighborhood(astoria, 'BK0602')).toBe(false);
    expect(await geo.instructorsServingNeighborhood('QN0103')).toContain(astoria);
  });

  it('serves nobody in the East River, and finds no neighborhood there', async () => {
    await anInstructor(['MN0603', 'MN0604', 'QN0201', 'BK0101']);
    expect(await geo.instructorsServingPoint(EAST_RIVER.lat, EAST_RIVER.lng)).toEqual([]);
    expect(await geo.neighborhoodAt(EAST_RIVER.lat, EAST_RIVER.lng)).toBeNull();
  });

  it('leaves out places where nobody lives: a point in Central Park is no neighborhood and nobody serves it', async () => {
    const CENTRAL_PARK = { lat: 40.7812, lng: -73.9665 }; // the Great Lawn, in MN6491 (ntaType park)
    // Written directly, as before migration 0010 (the service refuses such codes).
    const id = await anInstructor(['MN6491', 'BK0602']);
    expect(await geo.neighborhoodAt(CENTRAL_PARK.lat, CENTRAL_PARK.lng)).toBeNull();
    expect(await geo.instructorsServingPoint(CENTRAL_PARK.lat, CENTRAL_PARK.lng)).not.toContain(id);
    expect(await geo.servesPoint(id, CENTRAL_PARK.lat, CENTRAL_PARK.lng)).toBe(false);
    expect(await geo.neighborhoodsServedBy(id)).toEqual([{ code: 'BK0602', name: 'Park Slope', borough: 'Brooklyn' }]);
    expect(await geo.findNeighborhoods(['MN6491', 'BK0602'])).toEqual([
      { code: 'BK0602', name: 'Park Slope', borough: 'Brooklyn', residential: true },
      { code: 'MN6491', name: 'Central Park', borough: 'Manhattan', residential: false },
    ]);
    const { rows } = await sql<{ ntaType: string; count: number }>`
      select nta_type, count(*)::int as count from neighborhoods where not residential group by nta_type order by nta_type`.execute(database.db);
    expect(rows).toEqual([
      { ntaType: 'airport', count: 2 },
      { ntaType: 'cemetery', count: 14 },
      { ntaType: 'park', count: 40 },
      { ntaType: 'rikers_island', count: 1 },
      { ntaType: 'special_use', count: 8 },
    ]);
  });

  it('tells which neighborhood contains a point', async () => {
    expect(await geo.neighborhoodAt(PARK_SLOPE.lat, PARK_SLOPE.lng)).toEqual({ code: 'BK0602', name: 'Park Slope', borough: 'Brooklyn' });
    expect(await geo.neighborhoodAt(ASTORIA.lat, ASTORIA.lng)).toEqual({ code: 'QN0103', name: 'Astoria (Central)', borough: 'Queens' });
    await expect(geo.neighborhoodAt(Number.NaN, -73.98)).rejects.toThrow(RangeError);
  });

  it('recomputes the coverage in the same transaction whenever the areas change, however they are written', async () => {
    const id = await anInstructor(['BK0602', 'BK0601']);
    expect(await coverage(id)).toEqual({ neighborhoodCount: 2, valid: true, type: 'MULTIPOLYGON' });
    // Neighbours dissolve into one outline for the profile map.
    const outline = JSON.parse((await geo.coverageGeoJson(id, { toleranceDegrees: 0.00005 }))!) as { type: string; coordinates: unknown[] };
    expect(outline.type).toBe('MultiPolygon');
    expect(outline.coordinates).toHaveLength(1);
    expect(await geo.hasServiceAreas(id)).toBe(true);
    expect(await geo.neighborhoodsServedBy(id)).toEqual([
      { code: 'BK0601', name: 'Carroll Gardens-Cobble Hill-Gowanus-Red Hook', borough: 'Brooklyn' },
      { code: 'BK0602', name: 'Park Slope', borough: 'Brooklyn' },
    ]);

    await database.db.transaction().execute((trx) => geo.replaceServiceAreas(id, ['QN0103', 'BK0601'], trx));
    expect(await coverage(id)).toMatchObject({ neighborhoodCount: 2 });
    expect(await geo.servesPoint(id, PARK_SLOPE.lat, PARK_SLOPE.lng)).toBe(false);
    expect(await geo.servesPoint(id, ASTORIA.lat, ASTORIA.lng)).toBe(true);

    // A rolled-back change leaves the coverage as it was.
    await expect(
      database.db.transaction().execute(async (trx) => {
        await geo.replaceServiceAreas(id, ['BK0602'], trx);
        throw new Error('changed my mind');
      }),
    ).rejects.toThrow('changed my mind');
    expect(await geo.servesPoint(id, ASTORIA.lat, ASTORIA.lng)).toBe(true);

    // Written directly (a seed, an admin tool): the triggers keep the union in step all the same.
    await sql`insert into instructor_service_areas (instructor_id, neighborhood_id) values (${id}, 'BK0602')`.execute(database.db);
    expect(await coverage(id)).toMatchObject({ neighborhoodCount: 3 });
    expect(await geo.servesPoint(id, PARK_SLOPE.lat, PARK_SLOPE.lng)).toBe(true);

    await database.db.transaction().execute((trx) => geo.replaceServiceAreas(id, [], trx));
    expect(await coverage(id)).toBeNull();
    expect(await geo.coverageGeoJson(id, { toleranceDegrees: 0.00005 })).toBeNull();
    expect(await geo.hasServiceAreas(id)).toBe(false);
    expect(await geo.instructorsServingPoint(PARK_SLOPE.lat, PARK_SLOPE.lng)).not.toContain(id);
  });

  it('forgets a deleted user’s areas and coverage', async () => {
    const id = await anInstructor(['BK0602']);
    await database.db.deleteFrom('users').where('id', '=', id).execute();
    expect(await coverage(id)).toBeNull();
    expect(await geo.instructorsServingNeighborhood('BK0602')).not.toContain(id);
  });

  it('refuses service areas naming no neighborhood', async () => {
    const id = await anInstructor([]);
    await expect(database.db.transaction().execute((trx) => geo.replaceServiceAreas(id, ['BK9999'], trx))).rejects.toThrow(/foreign key/);
  });

  it('answers point queries through the GiST indexes', async () => {
    await sql`analyze`.execute(database.db);
    expect(await plan(database.db, spatialQueries.instructorsServingPoint(PARK_SLOPE.lat, PARK_SLOPE.lng, 100))).toMatch(/Index Scan using neighborhoods_geom_idx/);
    expect(await plan(database.db, spatialQueries.neighborhoodAt(PARK_SLOPE.lat, PARK_SLOPE.lng))).toMatch(/Index Scan using neighborhoods_geom_idx/);
    // Few coverage rows here would let the planner prefer a sequential scan; forbid it to see the index is usable.
    await database.db.transaction().execute(async (trx) => {
      await sql`set local enable_seqscan = off`.execute(trx);
      expect(await plan(trx, spatialQueries.instructorsCoveringPoint(PARK_SLOPE.lat, PARK_SLOPE.lng, 100))).toMatch(/instructor_coverage_geom_idx/);
    });
  });
});

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../../../../../test/support/test-database.ts';
import { ControllableClock } from '../../platform/clock.ts';
import type { Database } from '../../platform/db/database.ts';
import { createIdGenerator } from '../../platform/ids.ts';
import { GeoRepository } from './geo.repository.ts';
import { NEIGHBORHOODS_FILE } from './nyc-data.ts';
import { readNeighborhoodsFile, syncNeighborhoods } from './neighborhoods.sync.ts';

interface Feature {
  type: 'Feature';
  id: string;
  properties: { code: string; name: string } & Record<string, unknown>;
  geometry: { type: string; coordinates: unknown };
}

function writeEdited(edit: (features: Feature[]) => Feature[]): string {
  const collection = JSON.parse(fs.readFileSync(NEIGHBORHOODS_FILE, 'utf8')) as { type: string; features: Feature[] };
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'nta-')), 'neighborhoods.geojson');
  fs.writeFileSync(file, JSON.stringify({ ...collection, features: edit(collection.features) }));
  return file;
}

// Two full releases of 262 polygons through PostGIS in WebAssembly: about 20 s on an idle
// machine, so the default 30 s was a coin toss on a loaded one. A bound, not a timing assertion.
const SYNC_TIMEOUT_MS = 120_000;

describe('neighborhoods reference data', () => {
  let database: Database;
  let geo: GeoRepository;
  const ids = createIdGenerator(new ControllableClock('2026-11-23T15:00:00Z'));

  beforeAll(async () => {
    database = await openTestDatabase();
    geo = new GeoRepository(database.db);
  });
  afterAll(() => database.close());

  it('is loaded, and recorded under the file’s checksum', async () => {
    const seed = await database.db.selectFrom('dataSeeds').select('checksum').where('name', '=', 'nyc-neighborhoods').executeTakeFirstOrThrow();
    expect(seed.checksum).toBe(readNeighborhoodsFile().checksum);
    expect(await geo.neighborhoodsVersion()).toBe(seed.checksum);
  });

  it('repairs the polygons PostGIS finds invalid, changing their area by less than 1 m²', async () => {
    const features = (JSON.parse(fs.readFileSync(NEIGHBORHOODS_FILE, 'utf8')) as { features: Feature[] }).features;
    const geometries = JSON.stringify(features.map((feature) => ({ code: feature.properties.code, geometry: feature.geometry })));
    const { rows } = await sql<{ code: string; valid: boolean; areaChange: number }>`
      select f ->> 'code' as code, st_isvalid(n.geom) as valid,
             abs(st_area(n.geom::geography) - st_area(st_setsrid(st_geomfromgeojson(f -> 'geometry'), 4326)::geography)) as area_change
        from jsonb_array_elements(${geometries}::jsonb) as f
        join neighborhoods n on n.id = f ->> 'code'
       where not st_isvalid(st_geomfromgeojson(f -> 'geometry'))`.execute(database.db);
    // The three sub-metre self-crossings SOURCE.md lists, and rings touching themselves at a vertex.
    expect(rows.map((row) => row.code)).toEqual(expect.arrayContaining(['BX1003', 'QN1103', 'QN8491']));
    for (const row of rows) expect(row).toMatchObject({ valid: true, areaChange: expect.any(Number) });
    expect(Math.max(...rows.map((row) => row.areaChange))).toBeLessThan(1);
  });

  it('does nothing when the file has not changed', async () => {
    const before = await database.db.selectFrom('neighborhoods').select(['id', 'updatedAt']).orderBy('id').execute();
    expect(await syncNeighborhoods(database.db)).toEqual({ changed: false, neighborhoods: 262 });
    expect(await database.db.selectFrom('neighborhoods').select(['id', 'updatedAt']).orderBy('id').execute()).toEqual(before);
  });

  it('applies a new release: renames, reshapes (recomputing coverage) and drops neighborhoods, then goes back', async () => {
    const instructor = ids();
    await database.db
      .insertInto('users')
      .values({ id: instructor, email: 'sync@example.com', name: 'Sync', passwordHash: 'x', roles: ['instructor'] })
      .execute();
    await database.db.transaction().execute((trx) => geo.replaceServiceAreas(instructor, ['BK0602', 'BK0601'], trx));
    const parkSlope = { lat: 40.671, lng: -73.9814 };
    expect(await geo.servesPoint(instructor, parkSlope.lat, parkSlope.lng)).toBe(true);

    // Park Slope shrinks to a small square away from the test point; Carroll Gardens (BK0601) disappears.
    const square = [[[-73.975, 40.665], [-73.97, 40.665], [-73.97, 40.668], [-73.975, 40.668], [-73.975, 40.665]]];
    const edited = writeEdited((features) =>
      features
        .filter((feature) => feature.properties.code !== 'BK0601')
        .map((feature) =>
          feature.properties.code === 'BK0602'
            ? { ...feature, properties: { ...feature.properties, name: 'Park Slope (edited)' }, geometry: { type: 'Polygon', coordinates: square } }
            : feature,
        ),
    );
    expect(await syncNeighborhoods(database.db, edited)).toEqual({ changed: true, neighborhoods: 261 });
    expect(await geo.neighborhoodAt(parkSlope.lat, parkSlope.lng)).toBeNull();
    expect(await geo.neighborhoodsServedBy(instructor)).toEqual([{ code: 'BK0602', name: 'Park Slope (edited)', borough: 'Brooklyn' }]);
    expect(await geo.servesPoint(instructor, parkSlope.lat, parkSlope.lng)).toBe(false);
    expect(await geo.servesPoint(instructor, 40.6665, -73.9725)).toBe(true);

    expect(await syncNeighborhoods(database.db)).toEqual({ changed: true, neighborhoods: 262 });
    expect(await geo.neighborhoodAt(parkSlope.lat, parkSlope.lng)).toMatchObject({ code: 'BK0602', name: 'Park Slope' });
    expect(await geo.servesPoint(instructor, parkSlope.lat, parkSlope.lng)).toBe(true);
  }, SYNC_TIMEOUT_MS);

  it('drops the service areas of a neighborhood a new release no longer counts as residential, then goes back', async () => {
    const instructor = ids();
    await database.db
      .insertInto('users')
      .values({ id: instructor, email: 'reclassified@example.com', name: 'Reclassified', passwordHash: 'x', roles: ['instructor'] })
      .execute();
    await database.db.transaction().execute((trx) => geo.replaceServiceAreas(instructor, ['BK0602', 'BK0601'], trx));
    const asPark = writeEdited((features) =>
      features.map((feature) =>
        feature.properties.code === 'BK0601' ? { ...feature, properties: { ...feature.properties, ntaType: 'park', ntaTypeCode: '9' } } : feature,
      ),
    );
    expect(await syncNeighborhoods(database.db, asPark)).toEqual({ changed: true, neighborhoods: 262 });
    const rows = await database.db.selectFrom('instructorServiceAreas').select('neighborhoodId').where('instructorId', '=', instructor).execute();
    expect(rows.map((row) => row.neighborhoodId)).toEqual(['BK0602']);
    expect(await syncNeighborhoods(database.db)).toEqual({ changed: true, neighborhoods: 262 });
    expect((await geo.findNeighborhoods(['BK0601']))[0]).toMatchObject({ residential: true });
  });

  it('refuses a file that is not the expected collection, changing nothing', async () => {
    const broken = writeEdited((features) => [...features.slice(0, 3), { ...features[3]!, properties: { ...features[3]!.properties, code: 'XX01' } }]);
    await expect(syncNeighborhoods(database.db, broken)).rejects.toThrow(/not the expected NTA FeatureCollection/);
    const { rows } = await sql<{ count: number }>`select count(*)::int as count from neighborhoods`.execute(database.db);
    expect(rows[0]!.count).toBe(262);
  });
});

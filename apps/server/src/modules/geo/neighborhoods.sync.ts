import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { sql } from 'kysely';
import { z } from 'zod';
import type { Db } from '../../platform/db/database.ts';
import { BOROUGHS } from './geo.tables.ts';
import { NEIGHBORHOODS_FILE } from './nyc-data.ts';

/**
 * Brings the neighborhoods table in line with neighborhoods.geojson (262 NYC 2020 NTAs):
 * upserted by NTA code, neighborhoods no longer in the file removed (with the service areas
 * that named them; the coverage triggers recompute those instructors' unions), and service
 * areas naming a neighborhood that is no longer residential removed too. Skipped when
 * the file's checksum is the one recorded at the last run.
 *
 * The whole file goes to the database as one jsonb parameter and one set-based statement:
 * 262 round trips of 10 KB polygons through the embedded database's single connection would
 * cost several times more. Three source polygons have sub-metre self-crossings (rounding
 * to 5 decimals, see SOURCE.md), so every polygon passes through st_makevalid; the polygonal
 * part of its result is kept as a MultiPolygon.
 */
const SEED_NAME = 'nyc-neighborhoods';

const FeatureSchema = z.object({
  type: z.literal('Feature'),
  properties: z.object({
    code: z.string().regex(/^(MN|BX|BK|QN|SI)\d{4}$/),
    name: z.string().min(1).max(120),
    borough: z.enum(BOROUGHS),
    ntaType: z.string().min(1),
  }),
  geometry: z.object({ type: z.enum(['Polygon', 'MultiPolygon']), coordinates: z.array(z.unknown()).min(1) }),
});
const FileSchema = z.object({ type: z.literal('FeatureCollection'), features: z.array(FeatureSchema).min(1) });

export function readNeighborhoodsFile(file: string = NEIGHBORHOODS_FILE): { text: string; checksum: string } {
  const text = fs.readFileSync(file, 'utf8');
  return { text, checksum: createHash('sha256').update(text).digest('hex') };
}

export async function syncNeighborhoods(
  db: Db,
  file: string = NEIGHBORHOODS_FILE,
): Promise<{ changed: boolean; neighborhoods: number }> {
  const { text, checksum } = readNeighborhoodsFile(file);
  const previous = await db.selectFrom('dataSeeds').select('checksum').where('name', '=', SEED_NAME).executeTakeFirst();
  if (previous?.checksum === checksum) {
    const { count } = await db.selectFrom('neighborhoods').select((eb) => eb.fn.countAll<number>().as('count')).executeTakeFirstOrThrow();
    return { changed: false, neighborhoods: Number(count) };
  }

  const parsed = FileSchema.safeParse(JSON.parse(text));
  if (!parsed.success) throw new Error(`${file} is not the expected NTA FeatureCollection: ${z.prettifyError(parsed.error)}`);
  const rows = parsed.data.features.map(({ properties, geometry }) => ({ ...properties, geometry }));
  const codes = rows.map((row) => row.code);
  if (new Set(codes).size !== codes.length) throw new Error(`${file} lists an NTA code twice`);

  await db.transaction().execute(async (trx) => {
    await sql`
      with input as materialized (
        select f ->> 'code' as id, f ->> 'name' as name, f ->> 'borough' as borough, f ->> 'ntaType' as nta_type,
               st_multi(st_collectionextract(st_makevalid(st_setsrid(st_geomfromgeojson(f -> 'geometry'), 4326)), 3)) as geom
          from jsonb_array_elements(${JSON.stringify(rows)}::jsonb) as f
      )
      insert into neighborhoods (id, name, borough, nta_type, geom, centroid)
      select id, name, borough, nta_type, geom,
             case when st_contains(geom, st_centroid(geom)) then st_centroid(geom) else st_pointonsurface(geom) end
        from input
      on conflict (id) do update
         set name = excluded.name, borough = excluded.borough, nta_type = excluded.nta_type,
             geom = excluded.geom, centroid = excluded.centroid
       where (neighborhoods.name, neighborhoods.borough, neighborhoods.nta_type) is distinct from (excluded.name, excluded.borough, excluded.nta_type)
          or neighborhoods.geom is distinct from excluded.geom`.execute(trx);
    await trx.deleteFrom('neighborhoods').where(sql<boolean>`id <> all(${codes}::text[])`).execute();
    // A neighborhood reclassified as park, cemetery, … can no longer be served (migration 0010).
    await sql`
      delete from instructor_service_areas a using neighborhoods n
       where n.id = a.neighborhood_id and not n.residential`.execute(trx);
    await trx
      .insertInto('dataSeeds')
      .values({ name: SEED_NAME, checksum })
      .onConflict((conflict) => conflict.column('name').doUpdateSet({ checksum, appliedAt: sql`now()` }))
      .execute();
  });
  // Fresh statistics, so the planner picks the GiST index for point lookups from the start.
  await sql`analyze neighborhoods`.execute(db);
  return { changed: true, neighborhoods: rows.length };
}

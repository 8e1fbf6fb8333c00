import { sql } from 'kysely';
import type { Db } from '../../platform/db/database.ts';
import { spatialQueries } from './geo.repository.ts';

/**
 * Benchmark questions for "instructors serving a point" (bench/run.ts): a fixed list of query
 * points, most of them on land, and the plan of the production query. The instructors asked
 * about are generated as the demo ones are (modules/demo/generated-instructors.ts).
 */

/** mulberry32: a tiny seeded PRNG, so every run asks the same questions of the same data. */
export function seededRandom(seed: number): () => number {
  let state = seed | 0;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

interface Hood {
  id: string;
  lat: number;
  lng: number;
}

async function residentialNeighborhoods(db: Db): Promise<Hood[]> {
  const { rows } = await sql<Hood>`
    select id, st_y(centroid) as lat, st_x(centroid) as lng from neighborhoods where nta_type = 'residential' order by id`.execute(db);
  return rows;
}

/** Query points: 80% within about 300 m of a residential neighborhood's label point, 20% anywhere in the city's box (water too). */
export async function queryPoints(db: Db, count: number, seed = 7): Promise<Array<{ lat: number; lng: number }>> {
  const random = seededRandom(seed);
  const hoods = await residentialNeighborhoods(db);
  return Array.from({ length: count }, () => {
    if (random() < 0.2) return { lat: 40.5 + random() * 0.4, lng: -74.25 + random() * 0.55 };
    const hood = hoods[Math.floor(random() * hoods.length)]!;
    return { lat: hood.lat + (random() - 0.5) * 0.0054, lng: hood.lng + (random() - 0.5) * 0.0071 };
  });
}

/** The scans and timing of the production query's plan, to print beside the figures. */
export async function servingPointPlan(db: Db, at: { lat: number; lng: number }): Promise<string> {
  const { rows } = await sql<{ 'QUERY PLAN': string }>`explain analyze ${spatialQueries.instructorsServingPoint(at.lat, at.lng, 1_000)}`.execute(db);
  return rows
    .map((row) => row['QUERY PLAN'])
    .filter((line) => /Scan|Execution Time/.test(line))
    .map((line) => `  plan: ${line.trim().replace(/\s*\(cost=[^)]*\)/, '')}`)
    .join('\n');
}

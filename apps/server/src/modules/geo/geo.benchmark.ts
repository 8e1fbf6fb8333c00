import { sql } from 'kysely';
import type { Db } from '../../platform/db/database.ts';
import type { IdGenerator } from '../../platform/ids.ts';
import type { Role } from '../accounts/permissions.ts';
import { spatialQueries } from './geo.repository.ts';

/**
 * Benchmark data for "instructors serving a point" (bench/run.ts): many instructors, each with a
 * deterministic, roughly contiguous set of 1–8 residential neighborhoods (a random one and its
 * nearest neighbours by label point), and a fixed list of query points, most of them on land.
 * Inserted through instructor_service_areas, so the coverage triggers build the unions as the
 * product would.
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

export async function generateInstructors(
  db: Db,
  ids: IdGenerator,
  options: { count: number; seed?: number; batch?: number },
): Promise<{ instructors: number; serviceAreas: number }> {
  const random = seededRandom(options.seed ?? 20_261_123);
  const hoods = await residentialNeighborhoods(db);
  // Nearest first, by label point (longitude scaled by cos 40.7° so distances are roughly metric).
  const nearest = new Map(
    hoods.map((hood) => [
      hood.id,
      hoods
        .map((other) => ({ id: other.id, d: (other.lat - hood.lat) ** 2 + ((other.lng - hood.lng) * 0.758) ** 2 }))
        .sort((a, b) => a.d - b.d)
        .map((other) => other.id),
    ]),
  );
  const batch = options.batch ?? 500;
  let serviceAreas = 0;
  for (let start = 0; start < options.count; start += batch) {
    const users: Array<{ id: string; email: string; name: string; passwordHash: string; roles: Role[] }> = [];
    const areas: Array<{ instructorId: string; neighborhoodId: string }> = [];
    for (let i = start; i < Math.min(options.count, start + batch); i++) {
      const id = ids();
      users.push({ id, email: `bench-instructor-${i}@example.com`, name: `Bench Instructor ${i}`, passwordHash: 'not-a-real-hash', roles: ['instructor'] });
      const size = 1 + Math.floor(random() * 8);
      const around = nearest.get(hoods[Math.floor(random() * hoods.length)]!.id)!;
      // Mostly the nearest neighbours, now and then skipping one: contiguous-ish, not always a disc.
      const chosen = around.slice(0, size + 3).filter((_, k) => k === 0 || random() < 0.8).slice(0, size);
      for (const neighborhoodId of chosen) areas.push({ instructorId: id, neighborhoodId });
    }
    await db.insertInto('users').values(users).execute();
    await db.insertInto('instructorServiceAreas').values(areas).execute();
    serviceAreas += areas.length;
  }
  // What autovacuum would have done by the time anyone searches: statistics, and the
  // visibility map that lets the (neighborhood_id, instructor_id) index answer on its own.
  await sql`vacuum analyze instructor_service_areas`.execute(db);
  await sql`vacuum analyze instructor_coverage`.execute(db);
  return { instructors: options.count, serviceAreas };
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

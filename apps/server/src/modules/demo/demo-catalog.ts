import { sql } from 'kysely';
import type { Db } from '../../platform/db/database.ts';
import type { PlannedCatalogService, PlannedNeighborhood } from './demo-distribution.ts';

/**
 * What planInstructors draws from, read from the database: the active services with their
 * category's floors (catalog order by slug, so the draw never depends on insertion order) and
 * the residential neighborhoods with their label points (parks, cemeteries and airports cannot
 * be served: migration 0011).
 */
export async function loadPlanningCatalog(db: Db): Promise<{ services: PlannedCatalogService[]; neighborhoods: PlannedNeighborhood[] }> {
  const services = await db
    .selectFrom('services')
    .innerJoin('categories', 'categories.id', 'services.categoryId')
    .select([
      'services.id',
      'services.slug',
      'services.name',
      'services.durations',
      'categories.slug as categorySlug',
      'categories.priceFloorInPersonCents',
      'categories.priceFloorOnlineCents',
    ])
    .where('services.isActive', '=', true)
    .orderBy('services.slug')
    .execute();
  const neighborhoods = (
    await sql<PlannedNeighborhood>`
      select id, name, borough, st_y(centroid) as lat, st_x(centroid) as lng
        from neighborhoods where residential order by id`.execute(db)
  ).rows;
  return { services, neighborhoods };
}

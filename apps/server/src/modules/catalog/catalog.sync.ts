import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import type { Db } from '../../platform/db/database.ts';
import type { IdGenerator } from '../../platform/ids.ts';
import { CATALOG, type CategorySeed } from './catalog.data.ts';

/**
 * Brings the catalog tables in line with catalog.data.ts: categories and services are matched
 * by slug (ids never change once given), new ones are added, changed ones updated, and
 * services no longer listed are deactivated rather than deleted (lessons will refer to them).
 * Skipped entirely when the data has not changed since the last run.
 */
const SEED_NAME = 'catalog';

export function catalogChecksum(catalog: readonly CategorySeed[] = CATALOG): string {
  return createHash('sha256').update(JSON.stringify(catalog)).digest('hex');
}

export async function syncCatalog(
  db: Db,
  ids: IdGenerator,
  catalog: readonly CategorySeed[] = CATALOG,
): Promise<{ changed: boolean; categories: number; services: number }> {
  const checksum = catalogChecksum(catalog);
  const serviceCount = catalog.reduce((sum, category) => sum + category.services.length, 0);
  const previous = await db.selectFrom('dataSeeds').select('checksum').where('name', '=', SEED_NAME).executeTakeFirst();
  if (previous?.checksum === checksum) return { changed: false, categories: catalog.length, services: serviceCount };

  await db.transaction().execute(async (trx) => {
    const listedSlugs: string[] = [];
    for (const [categoryIndex, category] of catalog.entries()) {
      const { id: categoryId } = await trx
        .insertInto('categories')
        .values({
          id: ids(),
          slug: category.slug,
          name: category.name,
          description: category.description,
          icon: category.icon,
          displayOrder: categoryIndex,
          priceFloorInPersonCents: category.floorInPersonCentsPerHour ?? null,
          priceFloorOnlineCents: category.floorOnlineCentsPerHour ?? null,
        })
        .onConflict((conflict) =>
          conflict.column('slug').doUpdateSet((eb) => ({
            name: eb.ref('excluded.name'),
            description: eb.ref('excluded.description'),
            icon: eb.ref('excluded.icon'),
            displayOrder: eb.ref('excluded.displayOrder'),
            priceFloorInPersonCents: eb.ref('excluded.priceFloorInPersonCents'),
            priceFloorOnlineCents: eb.ref('excluded.priceFloorOnlineCents'),
          })),
        )
        .returning('id')
        .executeTakeFirstOrThrow();

      for (const [serviceIndex, service] of category.services.entries()) {
        listedSlugs.push(service.slug);
        await trx
          .insertInto('services')
          .values({
            id: ids(),
            categoryId,
            slug: service.slug,
            name: service.name,
            description: service.description,
            synonyms: service.synonyms,
            durations: service.durations,
            displayOrder: serviceIndex,
            isActive: true,
          })
          .onConflict((conflict) =>
            conflict.column('slug').doUpdateSet((eb) => ({
              categoryId: eb.ref('excluded.categoryId'),
              name: eb.ref('excluded.name'),
              description: eb.ref('excluded.description'),
              synonyms: eb.ref('excluded.synonyms'),
              durations: eb.ref('excluded.durations'),
              displayOrder: eb.ref('excluded.displayOrder'),
              isActive: true,
            })),
          )
          .execute();
      }
    }
    await trx
      .updateTable('services')
      .set({ isActive: false })
      .where(sql<boolean>`slug::text <> all(${listedSlugs}::text[])`)
      .execute();
    await trx
      .insertInto('dataSeeds')
      .values({ name: SEED_NAME, checksum })
      .onConflict((conflict) => conflict.column('name').doUpdateSet({ checksum, appliedAt: sql`now()` }))
      .execute();
  });
  return { changed: true, categories: catalog.length, services: serviceCount };
}

import { syncCatalog } from '../modules/catalog/catalog.sync.ts';
import { syncNeighborhoods } from '../modules/geo/neighborhoods.sync.ts';
import type { Db } from '../platform/db/database.ts';
import { migrate } from '../platform/db/migrate.ts';
import type { IdGenerator } from '../platform/ids.ts';

/**
 * Schema migrations, then reference data the product cannot work without (the catalog).
 * Both are idempotent; run at every start and by `npm run migrate`.
 */
export async function prepareDatabase(db: Db, ids: IdGenerator) {
  const migrations = await migrate(db);
  const catalog = await syncCatalog(db, ids);
  const neighborhoods = await syncNeighborhoods(db);
  return { migrations, catalog, neighborhoods };
}

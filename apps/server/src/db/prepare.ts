import { syncCatalog } from '../modules/catalog/catalog.sync.ts';
import { syncNeighborhoods } from '../modules/geo/neighborhoods.sync.ts';
import type { Database, Db } from '../platform/db/database.ts';
import { migrate } from '../platform/db/migrate.ts';
import { withStartupLock } from '../platform/db/startup-lock.ts';
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

/**
 * Everything a process does once at start — prepareDatabase, then `andThen` (demo data) — under
 * one database-wide lock, so processes started together never race on it (see startup-lock.ts).
 */
export async function prepareOnce<T = undefined>(
  database: Pick<Database, 'db' | 'kind' | 'jobsConnection'>,
  ids: IdGenerator,
  andThen?: () => Promise<T>,
) {
  return withStartupLock(database, async () => {
    const prepared = await prepareDatabase(database.db, ids);
    const then = andThen ? await andThen() : undefined;
    return { ...prepared, then };
  });
}

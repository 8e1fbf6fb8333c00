import { CATALOG, type CategorySeed } from '../modules/catalog/catalog.data.ts';
import { syncCatalog } from '../modules/catalog/catalog.sync.ts';
import { syncNeighborhoods } from '../modules/geo/neighborhoods.sync.ts';
import type { Database, Db } from '../platform/db/database.ts';
import { CACHE_TAGS, publishInvalidation } from '../platform/http/response-cache.ts';
import { migrate } from '../platform/db/migrate.ts';
import { withStartupLock } from '../platform/db/startup-lock.ts';
import type { IdGenerator } from '../platform/ids.ts';
import type { PubSub } from '../platform/pubsub/pubsub.port.ts';

/**
 * Schema migrations, then reference data the product cannot work without (the catalog).
 * Both are idempotent; run at every start and by `npm run migrate`. With `pubsub`, running
 * servers are told when the catalog or the neighborhoods changed, so their cached reads
 * follow at once (`catalog`: other data than catalog.data.ts, for tests).
 */
export async function prepareDatabase(db: Db, ids: IdGenerator, options: { pubsub?: PubSub; catalog?: readonly CategorySeed[] } = {}) {
  const migrations = await migrate(db);
  const catalog = await syncCatalog(db, ids, options.catalog ?? CATALOG);
  const neighborhoods = await syncNeighborhoods(db);
  const changed = [...(catalog.changed ? [CACHE_TAGS.catalog] : []), ...(neighborhoods.changed ? [CACHE_TAGS.neighborhoods] : [])];
  // Best-effort like all fan-out: without it, servers catch up when their entries expire.
  if (options.pubsub && changed.length > 0) await publishInvalidation(options.pubsub, changed).catch(() => {});
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
  options: { pubsub?: PubSub } = {},
) {
  return withStartupLock(database, async () => {
    const prepared = await prepareDatabase(database.db, ids, options);
    const then = andThen ? await andThen() : undefined;
    return { ...prepared, then };
  });
}

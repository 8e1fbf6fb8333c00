import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { StoragePort } from '../../integrations/storage/storage.port.ts';
import type { Clock } from '../../platform/clock.ts';
import type { Db } from '../../platform/db/database.ts';
import type { IdGenerator } from '../../platform/ids.ts';
import { DiscoveryRepository } from './discovery.repository.ts';
import { discoveryRoutes } from './discovery.routes.ts';
import { DiscoveryService } from './discovery.service.ts';
import { DatabaseSearchEventRecorder } from './search-events.ts';

/**
 * Search and discovery memory (PRODUCT.md §4): favorites, recently viewed, search history, and
 * the recorder the search service reports its answers to.
 */
export function createDiscoveryModule(deps: { db: Db; clock: Clock; ids: IdGenerator; storage: StoragePort; onRecordError: (error: unknown) => void }): {
  routes: FastifyPluginAsyncZod;
  searchEvents: DatabaseSearchEventRecorder;
} {
  const repository = new DiscoveryRepository(deps.db);
  const service = new DiscoveryService({ repository, storage: deps.storage, clock: deps.clock });
  const searchEvents = new DatabaseSearchEventRecorder({ db: deps.db, ids: deps.ids, clock: deps.clock, onError: deps.onRecordError });
  return { routes: discoveryRoutes(service), searchEvents };
}

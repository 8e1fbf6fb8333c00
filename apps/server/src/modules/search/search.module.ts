import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { StoragePort } from '../../integrations/storage/storage.port.ts';
import type { Clock } from '../../platform/clock.ts';
import type { Db } from '../../platform/db/database.ts';
import type { SearchEventRecorder } from './search-events.port.ts';
import { FastSearchParser, type SearchParser } from './search-parser.ts';
import { loadSearchVocabulary } from './search-vocabulary.ts';
import { SearchRepository } from './search.repository.ts';
import { searchRoutes } from './search.routes.ts';
import { SearchService } from './search.service.ts';

/**
 * The search module (PRODUCT.md §4): the parser (fast unless the composition root passes
 * another), the query and its routes. The vocabulary is built once here and shared.
 */
export function createSearchModule(deps: { db: Db; clock: Clock; storage: StoragePort; parser?: SearchParser; recorder?: SearchEventRecorder }): {
  routes: FastifyPluginAsyncZod;
  service: SearchService;
  fastParser: FastSearchParser;
} {
  const fastParser = new FastSearchParser(loadSearchVocabulary(), deps.clock);
  const service = new SearchService({
    repository: new SearchRepository(deps.db),
    parser: deps.parser ?? fastParser,
    clock: deps.clock,
    storage: deps.storage,
    recorder: deps.recorder,
  });
  return { routes: searchRoutes(service), service, fastParser };
}

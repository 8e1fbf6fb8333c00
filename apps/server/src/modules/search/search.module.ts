import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { LlmConfig } from '../../integrations/llm/llm.adapter.ts';
import type { StoragePort } from '../../integrations/storage/storage.port.ts';
import type { Clock } from '../../platform/clock.ts';
import type { Db } from '../../platform/db/database.ts';
import type { SearchEventRecorder } from './search-events.port.ts';
import { FastSearchParser, type SearchParser } from './search-parser.ts';
import { createSearchParser, type SearchParserDeps } from './search-parser.service.ts';
import { loadSearchVocabulary } from './search-vocabulary.ts';
import { SearchRepository } from './search.repository.ts';
import { searchRoutes } from './search.routes.ts';
import { SearchService } from './search.service.ts';

/**
 * The search module (PRODUCT.md §4): the parser (the one the configuration calls for, see
 * search-parser.service.ts, unless the composition root passes another), the query and its
 * routes. The vocabulary is built once here and shared. `close` stops the LLM adapter's timer.
 */
export function createSearchModule(deps: {
  db: Db;
  clock: Clock;
  storage: StoragePort;
  parser?: SearchParser;
  recorder?: SearchEventRecorder;
  /** What the LLM parser needs; without it (or without OPENAI_API_KEY) the fast parser answers alone. */
  llm?: Omit<SearchParserDeps, 'fast' | 'vocabulary' | 'clock'> & { config: LlmConfig };
}): {
  routes: FastifyPluginAsyncZod;
  service: SearchService;
  fastParser: FastSearchParser;
  close(): void;
} {
  const vocabulary = loadSearchVocabulary();
  const fastParser = new FastSearchParser(vocabulary, deps.clock);
  const llm = deps.parser ? undefined : deps.llm;
  const chosen = llm ? createSearchParser(llm.config, { ...llm, fast: fastParser, vocabulary, clock: deps.clock }) : null;
  const service = new SearchService({
    repository: new SearchRepository(deps.db),
    parser: deps.parser ?? chosen?.parser ?? fastParser,
    clock: deps.clock,
    storage: deps.storage,
    recorder: deps.recorder,
  });
  return { routes: searchRoutes(service), service, fastParser, close: () => chosen?.close() };
}

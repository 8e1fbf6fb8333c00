import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { StoragePort } from '../../integrations/storage/storage.port.ts';
import type { Cache } from '../../platform/cache/cache.port.ts';
import type { Clock } from '../../platform/clock.ts';
import type { Db } from '../../platform/db/database.ts';
import type { Metrics } from '../../platform/metrics.ts';
import type { LlmConfig } from '../../integrations/llm/llm.adapter.ts';
import type { LlmFailure } from '../../integrations/llm/llm.port.ts';
import type { ResponseCache } from '../../platform/http/response-cache.ts';
import { LiveSearchVocabulary } from './live-vocabulary.ts';
import { SearchPageCache } from './search-page-cache.ts';
import type { SearchEventRecorder } from './search-events.port.ts';
import { FastSearchParser, type SearchParser } from './search-parser.ts';
import { createSearchParser } from './search-parser.service.ts';
import type { LearnedAlias } from './search-vocabulary.ts';
import { SearchRepository } from './search.repository.ts';
import { searchRoutes } from './search.routes.ts';
import { SearchService } from './search.service.ts';

export interface SearchModuleDeps {
  db: Db;
  clock: Clock;
  storage: StoragePort;
  /** Where searches are reported (modules/discovery stores them: history, alias learning, metrics). */
  recorder?: SearchEventRecorder;
  /** The place aliases learned from searchers (modules/discovery); none → the shipped vocabulary only. */
  learnedAliases?: () => Promise<readonly LearnedAlias[]>;
  /** With OPENAI_API_KEY the fast parse is completed by the model (search-parser.service.ts); else the fast parser alone. */
  llm?: { config: LlmConfig; cache: Cache; metrics: Pick<Metrics, 'registry'>; onLlmFailure?: (failure: LlmFailure, detail: string) => void };
  /** Search pages answered from memory for this many seconds (at most a minute; 0 or no `responses`: off). */
  pageCache?: { responses: ResponseCache; seconds: number };
  /** Replaces the parser entirely (tests). */
  parser?: SearchParser;
  onVocabularyError?: (error: unknown) => void;
}

/**
 * The search module (PRODUCT.md §4): the vocabulary (shipped + learned aliases), the parser
 * (fast, completed by the LLM when configured), the query and its routes.
 */
export function createSearchModule(deps: SearchModuleDeps): {
  routes: FastifyPluginAsyncZod;
  service: SearchService;
  fastParser: FastSearchParser;
  vocabulary: LiveSearchVocabulary;
  /** Stops the LLM adapter's breaker timer. */
  close(): void;
} {
  const vocabulary = new LiveSearchVocabulary({ clock: deps.clock, learnedAliases: deps.learnedAliases, onError: deps.onVocabularyError });
  const fastParser = new FastSearchParser(vocabulary, deps.clock);
  const assisted = deps.llm
    ? createSearchParser(deps.llm.config, {
        fast: fastParser,
        vocabulary,
        clock: deps.clock,
        cache: deps.llm.cache,
        metrics: deps.llm.metrics,
        onLlmFailure: deps.llm.onLlmFailure,
      })
    : { parser: fastParser, close: () => undefined };
  const service = new SearchService({
    repository: new SearchRepository(deps.db),
    parser: deps.parser ?? assisted.parser,
    clock: deps.clock,
    storage: deps.storage,
    recorder: deps.recorder,
  });
  const pages = deps.pageCache ? SearchPageCache.create(deps.clock, deps.pageCache.seconds) : null;
  return { routes: searchRoutes(service, pages, deps.pageCache?.responses ?? null), service, fastParser, vocabulary, close: assisted.close };
}

import { createLlm, type LlmConfig } from '../../integrations/llm/llm.adapter.ts';
import { llmCallCounter } from '../../integrations/llm/llm.metrics.ts';
import type { LlmFailure } from '../../integrations/llm/llm.port.ts';
import type { OpenAiAdapterOptions } from '../../integrations/llm/openai.adapter.ts';
import { MemoryCache } from '../../platform/cache/cache.memory.ts';
import type { Cache } from '../../platform/cache/cache.port.ts';
import type { Clock } from '../../platform/clock.ts';
import type { Metrics } from '../../platform/metrics.ts';
import { LlmAssistedSearchParser } from './llm-search-parser.ts';
import type { SearchParser } from './search-parser.ts';
import type { SearchVocabulary } from './search-vocabulary.ts';

/** In-process, the model's answers get their own bounded cache instead of crowding the shared one. */
export const LLM_MEMORY_CACHE_ENTRIES = 1_000;

export interface SearchParserDeps {
  /** The fast parser: the answer when the LLM is off or fails, and the first pass when it is on. */
  fast: SearchParser;
  vocabulary: SearchVocabulary;
  clock: Clock;
  /** The shared cache (Redis when configured): one model call per odd phrasing across every process. */
  cache: Cache;
  metrics: Pick<Metrics, 'registry'>;
  /**
   * Called when the model was asked and gave no usable answer (the search used the fast parse):
   * for the log. Calls not made (breaker open, every slot busy) are only counted, or an outage
   * would log every search.
   */
  onLlmFailure?: (failure: LlmFailure, detail: string) => void;
  /** The adapter's limits when not the defaults; tests also point `fetch` at a scripted answerer. */
  adapter?: Pick<OpenAiAdapterOptions, 'fetch' | 'timeoutMs' | 'failureThreshold' | 'coolDownMs'>;
}

/**
 * The search parser this configuration calls for: the fast parser alone without
 * OPENAI_API_KEY (integrations/modes.ts reports the LLM `disabled`), else the fast parser
 * completed by the model. `close` stops the model adapter's breaker timer on shutdown.
 */
export function createSearchParser(config: LlmConfig, deps: SearchParserDeps): { parser: SearchParser; close(): void } {
  const count = llmCallCounter(deps.metrics.registry);
  const llm = createLlm(config, {
    clock: deps.clock,
    onOutcome: (outcome, detail) => {
      count(outcome);
      if (outcome !== 'ok' && outcome !== 'circuit_open' && outcome !== 'busy') deps.onLlmFailure?.(outcome, detail ?? '');
    },
    ...deps.adapter,
  });
  if (!llm) return { parser: deps.fast, close: () => undefined };
  const cache = deps.cache.kind === 'memory' ? new MemoryCache(deps.clock, LLM_MEMORY_CACHE_ENTRIES) : deps.cache;
  return {
    parser: new LlmAssistedSearchParser({ fast: deps.fast, llm, vocabulary: deps.vocabulary, clock: deps.clock, cache }),
    close: () => llm.close(),
  };
}

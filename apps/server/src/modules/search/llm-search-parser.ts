import { type LlmPort, type LlmSearchFields, llmSearchFieldsSchema } from '../../integrations/llm/llm.port.ts';
import type { Cache } from '../../platform/cache/cache.port.ts';
import type { Clock } from '../../platform/clock.ts';
import { CATALOG, type CategorySeed } from '../catalog/catalog.data.ts';
import { MAX_QUERY_CHARS } from './search-parse.policy.ts';
import type { SearchParse } from './search-parse.types.ts';
import type { SearchParser } from './search-parser.ts';
import { applyLlmFields, llmCacheKey, llmCatalog, llmToday, shouldAskLlm } from './search-llm.policy.ts';
import type { SearchVocabulary } from './search-vocabulary.ts';
import { vocabularyOf, type VocabularySource } from './live-vocabulary.ts';

/** A model's reading of a query holds for a day (relative times are resolved again on each use). */
export const LLM_ANSWER_TTL_MS = 24 * 60 * 60_000;
/** A refusal or a malformed answer is not asked again for an hour: it would most likely repeat. */
export const LLM_NO_ANSWER_TTL_MS = 60 * 60_000;

type Cached = { fields: LlmSearchFields } | { fields: null };

export interface LlmAssistedSearchParserDeps {
  fast: SearchParser;
  llm: LlmPort;
  vocabulary: SearchVocabulary | VocabularySource;
  clock: Clock;
  cache: Cache;
  /** The catalog the vocabulary was built from (the model picks slugs from it). */
  catalog?: readonly CategorySeed[];
}

/**
 * The fast parse, completed by the LLM when it leaves meaningful words unexplained
 * (search-llm.policy.ts decides which). Any failure of the model (timeout, error, refusal,
 * malformed answer, open breaker, every call slot busy) and any failure of the cache give the
 * fast parse unchanged: the search never waits on the model longer than its timeout and never
 * fails because of it. Answers are cached by normalized query, so a popular odd phrasing costs
 * one model call a day.
 */
export class LlmAssistedSearchParser implements SearchParser {
  private readonly catalog: ReturnType<typeof llmCatalog>;
  private readonly categories: ReadonlyMap<string, string>;

  constructor(private readonly deps: LlmAssistedSearchParserDeps) {
    this.catalog = llmCatalog(deps.catalog ?? CATALOG);
    this.categories = new Map(this.catalog.categories.map((category) => [category.slug, category.name]));
  }

  async parse(query: string): Promise<SearchParse> {
    const fast = await this.deps.fast.parse(query);
    const vocabulary = vocabularyOf(this.deps.vocabulary);
    if (!shouldAskLlm(fast, vocabulary.stopWords)) return fast;
    try {
      const fields = await this.fields(String(query).slice(0, MAX_QUERY_CHARS));
      return fields ? applyLlmFields(vocabulary, this.categories, fast, fields, this.deps.clock.nowMs()) : fast;
    } catch {
      // The cache or the mapping failed in a way no test foresaw: the fast parse is still right.
      return fast;
    }
  }

  private async fields(query: string): Promise<LlmSearchFields | null> {
    const key = llmCacheKey(query);
    const cached = await this.deps.cache.get<Cached>(key).catch(() => undefined);
    // Checked again on the way out: a shared cache may hold what an older release wrote.
    if (cached !== undefined) return cached.fields === null ? null : (llmSearchFieldsSchema.safeParse(cached.fields).data ?? null);

    const answer = await this.deps.llm.interpretSearch(query, { today: llmToday(this.deps.clock.nowMs()), ...this.catalog });
    if (answer.ok) {
      await this.remember(key, { fields: answer.fields }, LLM_ANSWER_TTL_MS);
      return answer.fields;
    }
    // Silence (timeout, outage, breaker, busy) is not remembered: the next search may get an answer.
    if (answer.failure === 'refused' || answer.failure === 'malformed') {
      await this.remember(key, { fields: null }, LLM_NO_ANSWER_TTL_MS);
    }
    return null;
  }

  /** A cache that cannot store costs a later model call, never this answer. */
  private async remember(key: string, value: Cached, ttlMs: number): Promise<void> {
    await this.deps.cache.set(key, value, ttlMs).catch(() => undefined);
  }
}

import type { Clock } from '../../platform/clock.ts';
import type { SearchParse } from './search-parse.types.ts';
import { parseSearchQuery } from './search-parse.policy.ts';
import type { SearchVocabulary } from './search-vocabulary.ts';
import { vocabularyOf, type VocabularySource } from './live-vocabulary.ts';

/**
 * The seam between the search and whoever reads the query: the fast parser here, and an
 * LLM-assisted one (llm-search-parser.ts) that falls back to it. The search never cares which.
 */
export interface SearchParser {
  /** Never throws for any string; `parser` says who answered. */
  parse(query: string): Promise<SearchParse>;
}

/** The pure fast parser (search-parse.policy.ts) at the marketplace clock's now. */
export class FastSearchParser implements SearchParser {
  constructor(
    private readonly vocabulary: SearchVocabulary | VocabularySource,
    private readonly clock: Clock,
  ) {}

  parse(query: string): Promise<SearchParse> {
    return Promise.resolve(this.parseNow(query));
  }

  /** The same answer synchronously, for callers that need no seam (benchmarks, the LLM parser's fallback). */
  parseNow(query: string): SearchParse {
    return parseSearchQuery(vocabularyOf(this.vocabulary), query, this.clock.nowMs());
  }
}

import type { SearchParse } from './search-parse.types.ts';

/**
 * What the search tells the discovery module after answering (issue 9 item 6): the same shape as
 * modules/discovery/search-events.ts, defined here so the search depends on no module's code.
 */
export interface SearchEventRecorder {
  /** Fire-and-forget: never throws, never delays the response. */
  record(event: SearchEvent): void;
}

export interface SearchEvent {
  userId: string | null;
  query: string;
  parsed: SearchParse;
  resultCount: number;
  latencyMs: number;
  parser: 'fast' | 'llm';
  unresolvedLocationWords: string[];
}

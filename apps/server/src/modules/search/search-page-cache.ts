import type { Clock } from '../../platform/clock.ts';
import { CACHE_TAGS, type CacheSpec } from '../../platform/http/response-cache.ts';
import type { SearchInput } from './search.service.ts';

const MINUTE_MS = 60_000;

/**
 * Which search pages may be answered from memory, and for how long. A page depends on the
 * query, on instructors (profiles, services, areas, publishing: tag `instructors`), on free
 * time (tag `availability`) and on the time itself (windows start at now + minimum notice):
 * the key carries the Clock's minute, so a page is never older than its minute however long
 * the TTL, and every change through the API forgets the pages at once in every process.
 */
export class SearchPageCache {
  private readonly ttlMs: number;

  constructor(
    private readonly clock: Clock,
    seconds: number,
  ) {
    this.ttlMs = Math.min(seconds * 1000, MINUTE_MS);
  }

  /** `null` when turned off (SEARCH_CACHE_SECONDS=0). */
  static create(clock: Clock, seconds: number): SearchPageCache | null {
    return seconds > 0 ? new SearchPageCache(clock, seconds) : null;
  }

  spec(input: SearchInput): CacheSpec {
    return {
      key: searchPageKey(input, Math.floor(this.clock.nowMs() / MINUTE_MS)),
      tags: [CACHE_TAGS.instructors, CACHE_TAGS.availability],
      ttlMs: this.ttlMs,
      // Browsers ask again every time (each search is an event: history, learning), cheaply with If-None-Match.
      cacheControl: 'no-cache',
      compression: 'fast',
    };
  }
}

/** The validated query in a fixed order, so the same search in any parameter order is one entry. */
export function searchPageKey(input: SearchInput, minute: number): string {
  const entries = Object.entries(input)
    .filter(([, value]) => value !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `search:${minute}:${JSON.stringify(entries)}`;
}

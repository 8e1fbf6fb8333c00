import { describe, expect, it } from 'vitest';
import { ControllableClock } from '../../platform/clock.ts';
import { SearchPageCache, searchPageKey } from './search-page-cache.ts';
import type { SearchInput } from './search.service.ts';

const input = (extra: Partial<SearchInput> = {}): SearchInput => ({ q: 'piano', sort: 'relevance', limit: 20, ...extra });

describe('search page cache keys', () => {
  it('is the same search whatever the order of its parameters', () => {
    const a = searchPageKey({ ...input(), priceMaxCents: 9000, lat: 40.6, lng: -73.9 }, 1);
    const b = searchPageKey({ lng: -73.9, lat: 40.6, priceMaxCents: 9000, ...input() }, 1);
    expect(a).toBe(b);
  });

  it('ignores parameters not given, and tells apart every one given', () => {
    expect(searchPageKey({ ...input(), cursor: undefined }, 1)).toBe(searchPageKey(input(), 1));
    const keys = [input(), input({ q: 'guitar' }), input({ sort: 'price' }), input({ limit: 50 }), input({ cursor: 'x' }), input({ priceMaxCents: 'none' }), input({ priceMaxCents: 9000 })];
    expect(new Set(keys.map((each) => searchPageKey(each, 1))).size).toBe(keys.length);
  });

  it('changes with the minute of the Clock, and lives at most that minute', () => {
    const clock = new ControllableClock('2026-11-23T15:00:10Z');
    const cache = SearchPageCache.create(clock, 600)!;
    const first = cache.spec(input());
    expect(first.ttlMs).toBe(60_000);
    clock.advance(49_000);
    expect(cache.spec(input()).key).toBe(first.key);
    clock.advance(1_000);
    expect(cache.spec(input()).key).not.toBe(first.key);
    expect(first.tags).toEqual(['instructors', 'availability']);
  });

  it('is off at 0 seconds', () => {
    expect(SearchPageCache.create(new ControllableClock(), 0)).toBeNull();
    expect(SearchPageCache.create(new ControllableClock(), 5)!.spec(input()).ttlMs).toBe(5_000);
  });
});

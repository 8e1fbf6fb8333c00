import { infiniteQueryOptions } from '@tanstack/react-query';
import { api } from './client';
import { unwrap } from './request';
import type { components, paths } from './schema';

type SearchOperation = paths['/api/v1/search']['get'];
export type SearchResponse = SearchOperation['responses'][200]['content']['application/json'];
/** The effective filters of a search (the parse with the URL's overrides applied): what the chips show. */
export type SearchParse = components['schemas']['SearchParse'];
export type SearchResult = SearchResponse['items'][number];
export type Relaxation = SearchResponse['relaxations'][number];

export type SearchSort = NonNullable<NonNullable<SearchOperation['parameters']['query']>['sort']>;
export type AgeGroup = NonNullable<SearchParse['ageGroup']>;
export type Level = NonNullable<SearchParse['level']>;
export type LessonType = NonNullable<SearchParse['lessonType']>;

/**
 * The query string of GET /api/v1/search without the cursor (q, lat/lng, sort and the
 * overrides), as the page's URL spells it: strings, which the API coerces and validates.
 */
export type SearchRequest = Record<string, string>;

/**
 * The search, page after page ("Load more" follows `nextCursor`). The key is the whole request,
 * so editing a chip (a new URL) is a new search while going back to an old URL is instant.
 */
export const searchQuery = (request: SearchRequest) =>
  infiniteQueryOptions({
    queryKey: ['search', request],
    initialPageParam: null as string | null,
    queryFn: ({ pageParam, signal }) =>
      unwrap(
        api.GET('/api/v1/search', {
          // The URL's strings: numbers and enums are checked by the API (a bad one is a 400 naming it).
          params: { query: { ...request, ...(pageParam ? { cursor: pageParam } : {}) } as NonNullable<SearchOperation['parameters']['query']> },
          signal,
        }),
      ),
    getNextPageParam: (last) => last.nextCursor,
    staleTime: 30_000,
  });

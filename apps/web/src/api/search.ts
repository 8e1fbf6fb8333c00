import { infiniteQueryOptions } from '@tanstack/react-query';
import { api } from './client';
import { unwrap } from './request';

/** The parse of a query, as the chips show it (GET /api/v1/search `parsed`). */
export interface SearchParse {
  services: Array<{ slug: string; name: string }>;
  category: { slug: string; name: string } | null;
  ageGroup: 'kids' | 'teens' | 'adults' | null;
  level: 'beginner' | 'intermediate' | 'advanced' | null;
  location: {
    kind: 'neighborhood' | 'borough' | 'zip' | 'near_me' | 'online';
    name: string;
    neighborhoods: Array<{ code: string; name: string }>;
    borough: string | null;
  } | null;
  priceMaxCents: number | null;
  priceMinCents: number | null;
  when: { from: string | null; to: string | null; daysOfWeek: number[]; dayParts: Array<{ from: string; to: string }> } | null;
  lessonType: 'student_location' | 'instructor_location' | 'online' | 'in_person' | null;
  keywords: string[];
  parser: 'fast' | 'llm';
}

export interface SearchResult {
  instructor: { id: string; name: string; headline: string; photoUrl: string | null; founding: boolean };
  service: { id: string; slug: string; name: string; hourlyCents: number };
  serves: Array<{ mode: 'travel' | 'studio' | 'online'; distanceMeters: number | null }>;
  distanceMeters: number | null;
  nextStarts: Array<{ start: string; durationMinutes: number }>;
}

export interface Relaxation {
  kind: 'nearby' | 'later' | 'price' | 'online';
  label: string;
  count: number;
  params: Record<string, string>;
}

export interface SearchResponse {
  parsed: SearchParse;
  needsLocation: boolean;
  items: SearchResult[];
  nextCursor: string | null;
  relaxations: Relaxation[];
}

export type SearchSort = 'relevance' | 'price' | 'distance' | 'soonest';
export type AgeGroup = NonNullable<SearchParse['ageGroup']>;
export type Level = NonNullable<SearchParse['level']>;
export type LessonType = NonNullable<SearchParse['lessonType']>;

/** The query string of GET /api/v1/search without the cursor: q, lat/lng, sort and the overrides. */
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
          params: { query: { ...request, ...(pageParam ? { cursor: pageParam } : {}) } as never },
          signal,
        }),
      ) as Promise<SearchResponse>,
    getNextPageParam: (last) => last.nextCursor,
    staleTime: 30_000,
  });

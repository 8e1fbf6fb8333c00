import type { SearchRequest, SearchSort } from '../../api/search';

/**
 * The `/search` URL is the state of the page: the query, the browser's point, the sort and the
 * explicit overrides of the parse (a chip removed is `<override>=none`). Everything the API
 * takes is passed through; nothing else is.
 */
export const OVERRIDE_KEYS = [
  'service',
  'category',
  'neighborhood',
  'borough',
  'online',
  'priceMaxCents',
  'priceMinCents',
  'from',
  'to',
  'lessonType',
  'ageGroup',
  'level',
] as const;
export type OverrideKey = (typeof OVERRIDE_KEYS)[number];

const PASSED_KEYS = ['q', 'lat', 'lng', 'sort', ...OVERRIDE_KEYS] as const;

export const SORTS: ReadonlyArray<{ value: SearchSort; label: string }> = [
  { value: 'relevance', label: 'Best match' },
  { value: 'price', label: 'Lowest price' },
  { value: 'distance', label: 'Nearest' },
  { value: 'soonest', label: 'Soonest available' },
];

/** The API request for this URL (the cursor is added page by page). */
export function searchRequestFrom(params: URLSearchParams): SearchRequest {
  const request: SearchRequest = {};
  for (const key of PASSED_KEYS) {
    const value = params.get(key);
    if (value !== null && value !== '') request[key] = value;
  }
  // Both or neither: the API refuses one without the other.
  if (!('lat' in request && 'lng' in request)) {
    delete request.lat;
    delete request.lng;
  }
  if (request.sort === 'relevance') delete request.sort;
  return request;
}

/** The same search with these parameters set (null deletes one). */
export function withParams(params: URLSearchParams, changes: Record<string, string | null>): URLSearchParams {
  const next = new URLSearchParams(params);
  for (const [key, value] of Object.entries(changes)) {
    if (value === null) next.delete(key);
    else next.set(key, value);
  }
  return next;
}

/** `/search?…` for a query typed in a search box: a new search, no overrides kept. */
export function searchPathFor(query: string): string {
  return `/search?${new URLSearchParams({ q: query.trim() }).toString()}`;
}

/**
 * The query without one keyword (a keyword chip removed). Null when the word is not in the
 * query as typed (the parser may have normalised it), so the chip cannot be removed that way.
 */
export function queryWithoutWord(query: string, word: string): string | null {
  const escaped = word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const pattern = new RegExp(`(^|[^\\p{L}\\p{N}])${escaped}(?=$|[^\\p{L}\\p{N}])`, 'iu');
  if (!pattern.test(query)) return null;
  return query.replace(pattern, '$1').replace(/\s{2,}/g, ' ').trim();
}

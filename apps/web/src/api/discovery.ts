import { queryOptions } from '@tanstack/react-query';
import { api } from './client';
import { expectOk, unwrap } from './request';
import type { components, paths } from './schema';

/** An instructor as the hearts, favorites and recently viewed rows show them. */
export type InstructorSummary = components['schemas']['InstructorCard'];
export type FavoritesPage = paths['/api/v1/me/favorites']['get']['responses'][200]['content']['application/json'];
export type RecentlyViewed = paths['/api/v1/me/recently-viewed']['get']['responses'][200]['content']['application/json'];
export type SearchHistoryPage = paths['/api/v1/me/search-history']['get']['responses'][200]['content']['application/json'];

/** Every query of the signed-in user's own lists starts with this: dropped when the tab signs out. */
export const DISCOVERY_KEY = ['me'] as const;

/** How many favorites the app loads at once (the API's page limit): the home row and the hearts read the same list. */
const FAVORITES_LIMIT = 100;

export const favoritesQuery = queryOptions({
  queryKey: [...DISCOVERY_KEY, 'favorites'],
  queryFn: ({ signal }) => unwrap(api.GET('/api/v1/me/favorites', { params: { query: { limit: FAVORITES_LIMIT } }, signal })),
});

export const recentlyViewedQuery = queryOptions({
  queryKey: [...DISCOVERY_KEY, 'recently-viewed'],
  queryFn: ({ signal }) => unwrap(api.GET('/api/v1/me/recently-viewed', { signal })),
});

export const searchHistoryQuery = queryOptions({
  queryKey: [...DISCOVERY_KEY, 'search-history'],
  queryFn: ({ signal }) => unwrap(api.GET('/api/v1/me/search-history', { params: { query: { limit: 8 } }, signal })),
});

export const addFavorite = (instructorId: string) =>
  expectOk(api.PUT('/api/v1/me/favorites/{instructorId}', { params: { path: { instructorId } } }));
export const removeFavorite = (instructorId: string) =>
  expectOk(api.DELETE('/api/v1/me/favorites/{instructorId}', { params: { path: { instructorId } } }));
export const recordRecentlyViewed = (instructorId: string) =>
  expectOk(api.POST('/api/v1/me/recently-viewed', { body: { instructorId } }));
export const deleteSearchHistoryEntry = (id: string) =>
  expectOk(api.DELETE('/api/v1/me/search-history/{id}', { params: { path: { id } } }));
export const clearSearchHistory = () => expectOk(api.DELETE('/api/v1/me/search-history'));

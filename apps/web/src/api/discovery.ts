import { queryOptions } from '@tanstack/react-query';
import { api } from './client';
import { expectOk, unwrap } from './request';

/** An instructor as the favorites and recently viewed rows show them. */
export interface InstructorSummary {
  id: string;
  name: string;
  headline: string;
  photoUrl: string | null;
  founding: boolean;
}

export interface FavoritesPage {
  items: Array<{ instructor: InstructorSummary; favoritedAt: string }>;
  nextCursor: string | null;
}
export interface RecentlyViewed {
  items: Array<{ instructor: InstructorSummary; viewedAt: string }>;
}
export interface SearchHistoryPage {
  items: Array<{ id: string; query: string; searchedAt: string }>;
  nextCursor: string | null;
}

/** How many favorites the app loads at once: the home row and the hearts read the same list. */
const FAVORITES_LIMIT = 100;

export const favoritesQuery = queryOptions({
  queryKey: ['me', 'favorites'],
  queryFn: ({ signal }) =>
    unwrap(api.GET('/api/v1/me/favorites', { params: { query: { limit: FAVORITES_LIMIT } }, signal })) as Promise<FavoritesPage>,
});

export const recentlyViewedQuery = queryOptions({
  queryKey: ['me', 'recently-viewed'],
  queryFn: ({ signal }) => unwrap(api.GET('/api/v1/me/recently-viewed', { signal })) as Promise<RecentlyViewed>,
});

export const searchHistoryQuery = queryOptions({
  queryKey: ['me', 'search-history'],
  queryFn: ({ signal }) =>
    unwrap(api.GET('/api/v1/me/search-history', { params: { query: { limit: 8 } }, signal })) as Promise<SearchHistoryPage>,
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

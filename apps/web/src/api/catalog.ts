import { queryOptions, useQuery } from '@tanstack/react-query';
import { api } from './client';
import { unwrap } from './request';
import type { paths } from './schema';

export type Catalog = paths['/api/v1/catalog']['get']['responses'][200]['content']['application/json'];
export type Category = Catalog['categories'][number];
export type Service = Category['services'][number];

export const catalogQuery = queryOptions({
  queryKey: ['catalog'],
  queryFn: ({ signal }) => unwrap(api.GET('/api/v1/catalog', { signal })),
  // The catalog changes rarely; keep it fresh for a while and share it between pages.
  staleTime: 5 * 60 * 1000,
});

/** The whole catalog: categories with their services. */
export const useCatalog = () => useQuery(catalogQuery);

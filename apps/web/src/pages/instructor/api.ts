import { queryOptions } from '@tanstack/react-query';
import { api } from '../../api/client';
import { expectOk, unwrap } from '../../api/request';
import type { components, paths } from '../../api/schema';

export type OwnProfile = components['schemas']['OwnInstructorProfile'];
export type ProfileInput = paths['/api/v1/me/instructor-profile']['put']['requestBody']['content']['application/json'];
export type ServicesInput = paths['/api/v1/me/instructor-profile/services']['put']['requestBody']['content']['application/json'];
export type ServiceAreas = components['schemas']['ServiceAreas'];
export type AvailabilityWeek = components['schemas']['AvailabilityWeek'];
export type AvailabilityTemplate = components['schemas']['AvailabilityTemplate'];
export type LessonType = ServicesInput['services'][number]['lessonTypes'][number];
export type Duration = ServicesInput['services'][number]['rates'][number]['durationMinutes'];

export interface NeighborhoodFeature {
  type: 'Feature';
  properties: { code: string; name: string; borough: string };
  geometry: GeoJSON.Geometry;
}
export interface NeighborhoodCollection {
  type: 'FeatureCollection';
  features: NeighborhoodFeature[];
}

export const ownProfileQuery = queryOptions({
  queryKey: ['instructor-profile'],
  queryFn: ({ signal }) => unwrap(api.GET('/api/v1/me/instructor-profile', { signal })),
});

export const serviceAreasQuery = queryOptions({
  queryKey: ['instructor-profile', 'service-areas'],
  queryFn: ({ signal }) => unwrap(api.GET('/api/v1/me/instructor-profile/service-areas', { signal })),
});

export const neighborhoodsQuery = queryOptions({
  queryKey: ['neighborhoods'],
  queryFn: async ({ signal }) =>
    (await unwrap(api.GET('/api/v1/neighborhoods', { signal }))) as unknown as NeighborhoodCollection,
  staleTime: Infinity,
});

/**
 * Only the neighborhoods with these codes (`?codes=A,B`): a profile draws two polygons, not
 * all 262 (740 KB). The query parameter is newer than the generated types, hence the cast.
 */
export const neighborhoodsByCodesQuery = (codes: readonly string[]) => {
  const sorted = [...codes].sort();
  return queryOptions({
    queryKey: ['neighborhoods', { codes: sorted }],
    queryFn: async ({ signal }) =>
      (await unwrap(
        api.GET('/api/v1/neighborhoods', { params: { query: { codes: sorted.join(',') } } as never, signal }),
      )) as unknown as NeighborhoodCollection,
    staleTime: Infinity,
  });
};

export const availabilityQuery = (weekStart: string) =>
  queryOptions({
    queryKey: ['availability', weekStart],
    queryFn: ({ signal }) => unwrap(api.GET('/api/v1/me/availability', { params: { query: { weekStart } }, signal })),
  });

export const templateQuery = queryOptions({
  queryKey: ['availability', 'template'],
  queryFn: ({ signal }) => unwrap(api.GET('/api/v1/me/availability/template', { signal })),
});

/** The time kept free after each lesson, with the bounds the API accepts (min, max, step). */
export const bufferQuery = queryOptions({
  queryKey: ['availability', 'buffer'],
  queryFn: ({ signal }) => unwrap(api.GET('/api/v1/me/availability/buffer', { signal })),
});

export const saveBuffer = (bufferMinutes: number) => unwrap(api.PUT('/api/v1/me/availability/buffer', { body: { bufferMinutes } }));

export const saveProfile = (body: ProfileInput) => unwrap(api.PUT('/api/v1/me/instructor-profile', { body }));
export const saveServices = (body: ServicesInput) => unwrap(api.PUT('/api/v1/me/instructor-profile/services', { body }));
export const saveServiceAreas = (neighborhoodCodes: string[]) =>
  unwrap(api.PUT('/api/v1/me/instructor-profile/service-areas', { body: { neighborhoodCodes } }));
export const publish = () => unwrap(api.POST('/api/v1/me/instructor-profile/publish'));
export const unpublish = () => unwrap(api.POST('/api/v1/me/instructor-profile/unpublish'));

export function uploadPhoto(file: File) {
  const form = new FormData();
  form.append('photo', file);
  return expectOk(
    api.POST('/api/v1/me/instructor-profile/photo', {
      body: form as never,
      bodySerializer: (b: unknown) => b as FormData,
    }),
  );
}

export const saveWeek = (weekStart: string, etag: string, days: { date: string; cells: string }[], blackouts: AvailabilityWeek['blackouts']) =>
  unwrap(
    api.PUT('/api/v1/me/availability', {
      params: { query: { weekStart }, header: { 'if-match': etag } },
      body: { days, blackouts: blackouts.map((b) => ({ date: b.date, reason: b.reason ?? null })) },
    }),
  );

export const saveTemplate = (days: ServicesTemplateDays) => unwrap(api.PUT('/api/v1/me/availability/template', { body: { days } }));
export type ServicesTemplateDays = paths['/api/v1/me/availability/template']['put']['requestBody']['content']['application/json']['days'];

export const applyTemplate = (fromWeek: string, weeks: number) =>
  unwrap(api.POST('/api/v1/me/availability/template/apply', { body: { fromWeek, weeks } }));

export const dollars = (cents: number) => `$${(cents / 100).toFixed(cents % 100 === 0 ? 0 : 2)}`;

export type Blackout = components['schemas']['AvailabilityBlackout'];
export type BlackoutRangeInput = paths['/api/v1/me/availability/blackouts']['post']['requestBody']['content']['application/json'];

/** Days off from today (New York) for a year; under ['availability'] so edits of weeks refresh it too. */
export const blackoutsQuery = queryOptions({
  queryKey: ['availability', 'blackouts'],
  queryFn: ({ signal }) => unwrap(api.GET('/api/v1/me/availability/blackouts', { signal })),
});

export const addBlackouts = (body: BlackoutRangeInput) => unwrap(api.POST('/api/v1/me/availability/blackouts', { body }));

/** Unblocks every date from `from` to `to` (both included) in one request. */
export const removeBlackouts = (from: string, to: string) =>
  expectOk(api.DELETE('/api/v1/me/availability/blackouts/{date}', { params: { path: { date: from }, query: { to } } }));

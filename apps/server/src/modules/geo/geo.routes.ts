import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { CACHE_TAGS, invalidateAfterWrites, PRECOMPRESSED, type ResponseCache } from '../../platform/http/response-cache.ts';
import { BOROUGHS } from './geo.tables.ts';
import { MAX_NEIGHBORHOOD_CODES, MAX_SERVICE_AREAS, type GeoService } from './geo.service.ts';

const NTA_CODE = /^(MN|BX|BK|QN|SI)\d{4}$/;

const NeighborhoodCode = z
  .string()
  .trim()
  .toUpperCase()
  .regex(NTA_CODE, 'must be a neighborhood (NTA) code like BK0602')
  .describe('NYC 2020 Neighborhood Tabulation Area code, e.g. BK0602 (Park Slope)');

const Borough = z.enum(BOROUGHS);

/**
 * `?codes=BK0602,BK0601`: a comma-separated list of NTA codes (case and spaces forgiven). Every
 * problem is reported on `query.codes` itself, naming the offending codes.
 */
const NeighborhoodCodeList = z
  .string()
  .transform((value) => value.split(',').map((code) => code.trim().toUpperCase()).filter((code) => code !== ''))
  .refine((codes) => codes.length > 0, 'must name at least one neighborhood code')
  .refine((codes) => codes.length <= MAX_NEIGHBORHOOD_CODES, `must name at most ${MAX_NEIGHBORHOOD_CODES} neighborhood codes`)
  .superRefine((codes, context) => {
    const malformed = codes.filter((code) => !NTA_CODE.test(code));
    if (malformed.length > 0) {
      context.addIssue({ code: 'custom', message: `${malformed.slice(0, 5).map((code) => JSON.stringify(code.slice(0, 20))).join(', ')}: must be neighborhood (NTA) codes like BK0602` });
    }
  });

const Position = z.tuple([z.number().describe('longitude'), z.number().describe('latitude')]);

const NeighborhoodFeature = z
  .object({
    type: z.literal('Feature'),
    id: z.string().describe('The NTA code'),
    properties: z.object({
      code: z.string(),
      name: z.string(),
      borough: Borough,
      ntaType: z.string().describe('residential, park, cemetery, airport, special_use or rikers_island'),
      residential: z.boolean().describe('Whether people live there: only residential neighborhoods can be chosen as service areas (draw the others greyed)'),
    }),
    geometry: z.object({ type: z.literal('MultiPolygon'), coordinates: z.array(z.array(z.array(Position))) }),
  })
  .meta({ id: 'NeighborhoodFeature' });

const NeighborhoodCollection = z
  .object({ type: z.literal('FeatureCollection'), features: z.array(NeighborhoodFeature) })
  .meta({ id: 'NeighborhoodCollection' });

const NeighborhoodRefSchema = z.object({ code: z.string(), name: z.string(), borough: Borough }).meta({ id: 'NeighborhoodRef' });

const ServiceAreasSchema = z
  .object({
    neighborhoodCodes: z.array(z.string()).describe('What PUT takes back'),
    neighborhoods: z.array(NeighborhoodRefSchema).describe('The same neighborhoods with their names, by borough then name'),
  })
  .meta({ id: 'ServiceAreas' });

export function geoRoutes(geo: GeoService, responses: ResponseCache): FastifyPluginAsyncZod {
  return async (app) => {
    // Service areas appear on public profiles.
    invalidateAfterWrites(app, responses, [CACHE_TAGS.instructors]);

    app.get(
      '/neighborhoods',
      {
        ...PRECOMPRESSED,
        config: { access: 'public', anonymous: true },
        schema: {
          tags: ['neighborhoods'],
          summary: 'NYC neighborhoods for the service-area map (GeoJSON)',
          description:
            'The 262 NYC 2020 Neighborhood Tabulation Areas as a GeoJSON FeatureCollection (RFC 7946, [longitude, latitude]), ' +
            'simplified by about 2 m for display. Rarely changes: send the ETag back in If-None-Match for a 304. ' +
            'Source: NYC Department of City Planning, via NYC Open Data.',
          querystring: z.object({
            borough: Borough.optional().describe('Only this borough'),
            codes: NeighborhoodCodeList.optional().describe(
              `Only these neighborhoods: comma-separated NTA codes (at most ${MAX_NEIGHBORHOOD_CODES}), e.g. BK0602,BK0601. An unknown code is a 400 naming query.codes.`,
            ),
          }),
          produces: ['application/geo+json'],
          response: { 200: NeighborhoodCollection, 304: z.null().describe('Not modified') },
        },
      },
      // Serialized by the database once per version and compressed once (no response validation
      // of 262 polygons per request); the schema above documents its shape. Reference data: a
      // sync invalidates it, and each process checks the version every 5 minutes.
      async (request, reply) =>
        responses.reply(
          request,
          reply,
          {
            key: `neighborhoods:${JSON.stringify(request.query)}`,
            tags: [CACHE_TAGS.neighborhoods],
            ttlMs: 5 * 60_000,
            cacheControl: 'public, max-age=3600, stale-while-revalidate=86400',
            contentType: 'application/geo+json; charset=utf-8',
          },
          async () => {
            // ?codes=: just the polygons a page draws (a profile's served neighborhoods).
            if (request.query.codes) return { body: await geo.neighborhoodsByCode(request.query.codes, request.query.borough) };
            const { etag, body } = await geo.neighborhoodsMap(request.query.borough);
            return { etag, body: body! };
          },
        ),
    );

    app.get(
      '/me/instructor-profile/service-areas',
      {
        config: { access: 'instructor_profile:manage_own' },
        schema: {
          tags: ['instructors'],
          summary: 'The neighborhoods you travel to',
          description:
            'The neighborhoods (NTA codes with names, by borough then name) where you teach at students\' homes; only residential neighborhoods count. Change them with PUT.',
          response: { 200: ServiceAreasSchema },
        },
      },
      async (request) => geo.myServiceAreas(request.principal),
    );

    app.put(
      '/me/instructor-profile/service-areas',
      {
        config: { access: 'instructor_profile:manage_own' },
        schema: {
          tags: ['instructors'],
          summary: 'Choose the neighborhoods you travel to',
          description:
            `Replaces the whole list (at most ${MAX_SERVICE_AREAS}; an empty list clears it; duplicates count once). ` +
            'Codes come from GET /neighborhoods; an unknown code is a 400 field error naming it.',
          body: z.object({ neighborhoodCodes: z.array(NeighborhoodCode).max(MAX_SERVICE_AREAS, `must list at most ${MAX_SERVICE_AREAS} neighborhoods`) }),
          response: { 200: ServiceAreasSchema },
        },
      },
      async (request) => geo.setMyServiceAreas(request.principal, request.body.neighborhoodCodes),
    );
  };
}

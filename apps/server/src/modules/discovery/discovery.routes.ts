import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { pageSchema, paginationQuery } from '../../platform/http/pagination.ts';
import { ulidParam } from '../instructors/instructors.schemas.ts';
import type { DiscoveryService } from './discovery.service.ts';

const InstructorCardSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    headline: z.string(),
    photoUrl: z.string().nullable().describe('The small photo (signed, expiring link), or null without a photo'),
    founding: z.boolean().describe('One of the first 100 approved instructors'),
  })
  .meta({ id: 'InstructorCard' });

const FavoriteSchema = z.object({ instructor: InstructorCardSchema, favoritedAt: z.string() }).meta({ id: 'Favorite' });
const RecentlyViewedSchema = z.object({ instructor: InstructorCardSchema, viewedAt: z.string() }).meta({ id: 'RecentlyViewed' });
const HistoryLineSchema = z
  .object({ id: z.string().describe('Delete the line with this id'), query: z.string(), searchedAt: z.string() })
  .meta({ id: 'SearchHistoryLine' });

const instructorParams = z.object({ instructorId: ulidParam });
const searchId = z.string().regex(/^[0-9A-HJKMNP-TV-Z]{26}$/, 'must be a search history id');

/** Recording views is called on every profile open; this bounds a runaway client, not a person. */
const VIEW_LIMIT = [{ name: 'recently-viewed', policy: { limit: 120, periodMs: 60_000 }, by: 'user' as const }];

/** Favorites, recently viewed and search history of the signed-in student (PRODUCT.md §4). */
export function discoveryRoutes(discovery: DiscoveryService): FastifyPluginAsyncZod {
  return async (app) => {
    app.put(
      '/me/favorites/:instructorId',
      {
        config: { access: 'favorites:manage_own' },
        schema: {
          tags: ['discovery'],
          summary: 'Favorite an instructor',
          description: 'Adds a public instructor to your favorites (the heart). Idempotent: favoriting again keeps the first time. 404 when no public instructor has this id.',
          params: instructorParams,
          response: { 204: z.null() },
        },
      },
      async (request, reply) => {
        await discovery.addFavorite(request.principal, request.params.instructorId);
        return reply.status(204).send(null);
      },
    );

    app.delete(
      '/me/favorites/:instructorId',
      {
        config: { access: 'favorites:manage_own' },
        schema: {
          tags: ['discovery'],
          summary: 'Unfavorite an instructor',
          description: 'Removes the instructor from your favorites. Idempotent: 204 also when they were not a favorite.',
          params: instructorParams,
          response: { 204: z.null() },
        },
      },
      async (request, reply) => {
        await discovery.removeFavorite(request.principal, request.params.instructorId);
        return reply.status(204).send(null);
      },
    );

    app.get(
      '/me/favorites',
      {
        config: { access: 'favorites:manage_own' },
        schema: {
          tags: ['discovery'],
          summary: 'Your favorite instructors',
          description: 'Newest favorite first, paginated. Instructors who are no longer public are left out until they are again.',
          querystring: z.object(paginationQuery),
          response: { 200: pageSchema(FavoriteSchema) },
        },
      },
      async (request) => discovery.listFavorites(request.principal, request.query),
    );

    app.post(
      '/me/recently-viewed',
      {
        config: { access: 'search:history_own', rateLimit: VIEW_LIMIT },
        schema: {
          tags: ['discovery'],
          summary: 'Record that you opened a profile',
          description:
            'The web app calls this when you open a public instructor profile: it moves the instructor to the front of your recently viewed list. 404 when no public instructor has this id.',
          body: z.object({ instructorId: ulidParam }),
          response: { 204: z.null() },
        },
      },
      async (request, reply) => {
        await discovery.recordView(request.principal, request.body.instructorId);
        return reply.status(204).send(null);
      },
    );

    app.get(
      '/me/recently-viewed',
      {
        config: { access: 'search:history_own' },
        schema: {
          tags: ['discovery'],
          summary: 'Instructors you opened lately',
          description: 'The 12 public instructors whose profiles you opened most recently, newest first, each once.',
          response: { 200: z.object({ items: z.array(RecentlyViewedSchema) }) },
        },
      },
      async (request) => discovery.recentlyViewed(request.principal),
    );

    app.get(
      '/me/search-history',
      {
        config: { access: 'search:history_own' },
        schema: {
          tags: ['discovery'],
          summary: 'Your searches',
          description:
            'What you searched while signed in, newest first, paginated: one line per query (ignoring case and spacing) with the time of its latest search. Searches are kept 90 days.',
          querystring: z.object(paginationQuery),
          response: { 200: pageSchema(HistoryLineSchema) },
        },
      },
      async (request) => discovery.searchHistory(request.principal, request.query),
    );

    app.delete(
      '/me/search-history/:id',
      {
        config: { access: 'search:history_own' },
        schema: {
          tags: ['discovery'],
          summary: 'Delete one search from your history',
          description: 'Deletes the line: every search you made of that query. 404 when the id is not a line of your history.',
          params: z.object({ id: searchId }),
          response: { 204: z.null() },
        },
      },
      async (request, reply) => {
        await discovery.deleteHistoryLine(request.principal, request.params.id);
        return reply.status(204).send(null);
      },
    );

    app.delete(
      '/me/search-history',
      {
        config: { access: 'search:history_own' },
        schema: {
          tags: ['discovery'],
          summary: 'Delete your whole search history',
          description: 'Deletes every search you made while signed in. Idempotent.',
          response: { 204: z.null() },
        },
      },
      async (request, reply) => {
        await discovery.clearHistory(request.principal);
        return reply.status(204).send(null);
      },
    );
  };
}

import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { ParseQuerySchema, ParseResponseSchema, SearchQuerySchema, SearchResponseSchema } from './search.schemas.ts';
import type { SearchService } from './search.service.ts';

/** Public search: anyone may search; a signed-in caller's searches feed their history. */
export function searchRoutes(search: SearchService): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/search',
      {
        config: { access: 'public' },
        schema: {
          tags: ['search'],
          summary: 'Find instructors from a plain-English query',
          description:
            'Parses `q` ("piano for my 8 year old in park slope under $90 weekday evenings"), applies the explicit filters (which override the parse; `none` removes a part), ' +
            'and lists public instructors who teach it, where and when asked, one per instructor with their best matching service, hourly price, how they serve the place and their next open starts. ' +
            'Sorted by relevance (default), price, distance or soonest; cursor-paginated. When the first page is empty, `relaxations` offer the same search with one constraint relaxed.',
          querystring: SearchQuerySchema,
          response: { 200: SearchResponseSchema },
        },
      },
      async (request) => search.search(request.principal, request.query),
    );

    app.get(
      '/search/parse',
      {
        config: { access: 'public' },
        schema: {
          tags: ['search'],
          summary: 'How a search query is understood',
          description: 'Only the parse of `q` (the chips a search would show), without searching.',
          querystring: ParseQuerySchema,
          response: { 200: ParseResponseSchema },
        },
      },
      async (request) => search.parse(request.query.q),
    );
  };
}

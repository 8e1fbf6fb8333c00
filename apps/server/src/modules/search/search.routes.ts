import { performance } from 'node:perf_hooks';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { PRECOMPRESSED, type ResponseCache } from '../../platform/http/response-cache.ts';
import type { SearchPageCache } from './search-page-cache.ts';
import { ParseQuerySchema, ParseResponseSchema, SearchQuerySchema, SearchResponseSchema } from './search.schemas.ts';
import type { SearchReport, SearchService } from './search.service.ts';

/** Public search: anyone may search; a signed-in caller's searches feed their history. */
export function searchRoutes(search: SearchService, pages: SearchPageCache | null, responses: ResponseCache | null): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/search',
      {
        ...(pages && responses ? PRECOMPRESSED : {}),
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
      async (request, reply) => {
        if (!pages || !responses) return search.search(request.principal, request.query);
        // Every caller asking the same thing in the same minute gets the same page: it is built once.
        const started = performance.now();
        const page = await responses.get(pages.spec(request.query), async () => {
          const { result, report } = await search.answer(request.query);
          return { body: JSON.stringify(SearchResponseSchema.parse(result)), meta: report };
        });
        search.report(request.principal, (page.meta ?? null) as SearchReport | null, performance.now() - started);
        return responses.send(request, reply, pages.spec(request.query), page);
      },
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

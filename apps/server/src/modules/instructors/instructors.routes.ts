import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { pageSchema, paginationQuery } from '../../platform/http/pagination.ts';
import { CACHE_TAGS, PRECOMPRESSED, type ResponseCache } from '../../platform/http/response-cache.ts';
import type { InstructorDirectoryService } from './instructor-directory.service.ts';
import { PublicInstructorSchema, PublicInstructorSummarySchema, ulidParam } from './instructors.schemas.ts';

const ListSchema = pageSchema(PublicInstructorSummarySchema);

/**
 * Kept by this process until an instructor change invalidates it (or a minute passes: signed
 * photo URLs in the body stay valid for hours). Browsers revalidate every time: a 304 is cheap.
 */
const DIRECTORY_CACHE = { tags: [CACHE_TAGS.instructors], ttlMs: 60_000, cacheControl: 'public, no-cache' };

/** Public reads: published and approved instructors only. */
export function instructorDirectoryRoutes(directory: InstructorDirectoryService, responses: ResponseCache): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/instructors',
      {
        ...PRECOMPRESSED,
        config: { access: 'public', anonymous: true },
        schema: {
          tags: ['instructors'],
          summary: 'Published, approved instructors (newest approval first, cursor-paginated)',
          description:
            'The public directory: instructors who published their profile and were approved, newest approval first, with name, headline, photo, services and lowest prices. Cursor-paginated (`limit`, `cursor` → `nextCursor`).',
          querystring: z.object(paginationQuery),
          response: { 200: ListSchema },
        },
      },
      async (request, reply) =>
        responses.reply(request, reply, { ...DIRECTORY_CACHE, key: `instructors:${JSON.stringify(request.query)}` }, async () => ({
          body: JSON.stringify(ListSchema.parse(await directory.list(request.query))),
        })),
    );

    app.get(
      '/instructors/:id',
      {
        ...PRECOMPRESSED,
        config: { access: 'public', anonymous: true },
        schema: {
          tags: ['instructors'],
          summary: 'An instructor’s public profile',
          description: 'Drafts and profiles not yet approved answer 404. The studio appears only as an approximate point.',
          params: z.object({ id: ulidParam }),
          response: { 200: PublicInstructorSchema },
        },
      },
      async (request, reply) =>
        responses.reply(request, reply, { ...DIRECTORY_CACHE, key: `instructor:${request.params.id}` }, async () => ({
          body: JSON.stringify(PublicInstructorSchema.parse(await directory.get(request.params.id))),
        })),
    );
  };
}

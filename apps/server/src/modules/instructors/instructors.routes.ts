import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { pageSchema, paginationQuery } from '../../platform/http/pagination.ts';
import type { InstructorDirectoryService } from './instructor-directory.service.ts';
import { PublicInstructorSchema, PublicInstructorSummarySchema, ulidParam } from './instructors.schemas.ts';

/** Public reads: published and approved instructors only. */
export function instructorDirectoryRoutes(directory: InstructorDirectoryService): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/instructors',
      {
        config: { access: 'public' },
        schema: {
          tags: ['instructors'],
          summary: 'Published, approved instructors (newest approval first, cursor-paginated)',
          description:
            'The public directory: instructors who published their profile and were approved, newest approval first, with name, headline, photo, services and lowest prices. Cursor-paginated (`limit`, `cursor` → `nextCursor`).',
          querystring: z.object(paginationQuery),
          response: { 200: pageSchema(PublicInstructorSummarySchema) },
        },
      },
      async (request) => directory.list(request.query),
    );

    app.get(
      '/instructors/:id',
      {
        config: { access: 'public' },
        schema: {
          tags: ['instructors'],
          summary: 'An instructor’s public profile',
          description: 'Drafts and profiles not yet approved answer 404. The studio appears only as an approximate point.',
          params: z.object({ id: ulidParam }),
          response: { 200: PublicInstructorSchema },
        },
      },
      async (request) => directory.get(request.params.id),
    );
  };
}

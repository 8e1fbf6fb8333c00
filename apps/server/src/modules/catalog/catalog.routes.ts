import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { pageSchema, paginationQuery } from '../../platform/http/pagination.ts';
import { CACHE_TAGS, PRECOMPRESSED, type ResponseCache } from '../../platform/http/response-cache.ts';
import type { CatalogService } from './catalog.service.ts';

const slug = z
  .string()
  .min(1)
  .max(80)
  .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'must be lowercase words joined by hyphens, like "music" or "test-prep"');

const LessonFloorSchema = z
  .object({
    durationMinutes: z.number().int(),
    inPersonCents: z.number().int().describe('Lowest price of one in-person lesson of this length, in cents'),
    onlineCents: z.number().int().describe('Lowest price of one online lesson of this length, in cents'),
  })
  .meta({ id: 'LessonFloor' });

const ServiceSchema = z
  .object({
    id: z.string().describe('ULID'),
    slug: z.string(),
    name: z.string(),
    description: z.string(),
    synonyms: z.array(z.string()).describe('Words students use for this service (search)'),
    durations: z.array(z.number().int()).describe('Allowed lesson lengths in minutes'),
    floors: z
      .array(LessonFloorSchema)
      .describe('Per allowed lesson length (ascending), the lowest price in person and online; a lesson offered both ways must clear both'),
  })
  .meta({ id: 'CatalogService' });

const CategorySchema = z
  .object({
    id: z.string().describe('ULID'),
    slug: z.string(),
    name: z.string(),
    description: z.string(),
    icon: z.string(),
    priceFloorInPersonCentsPerHour: z.number().int().describe('Lowest hourly rate for in-person lessons, in cents'),
    priceFloorOnlineCentsPerHour: z.number().int().describe('Lowest hourly rate for online lessons, in cents'),
    services: z.array(ServiceSchema),
  })
  .meta({ id: 'CatalogCategory' });

const CatalogSchema = z.object({ categories: z.array(CategorySchema) }).meta({ id: 'Catalog' });
const ServiceListItemSchema = ServiceSchema.extend({ categorySlug: z.string() }).meta({ id: 'CatalogServiceListItem' });

/** Browsers may keep it a minute; this process keeps it until a sync invalidates it (or 5 minutes pass). */
const CATALOG_CACHE = { key: 'catalog', tags: [CACHE_TAGS.catalog], ttlMs: 5 * 60_000, cacheControl: 'public, max-age=60' };

export function catalogRoutes(catalog: CatalogService, responses: ResponseCache): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/catalog',
      {
        ...PRECOMPRESSED,
        config: { access: 'public', anonymous: true },
        schema: {
          tags: ['catalog'],
          summary: 'The lesson catalog: categories and their services',
          description:
            'Every active category with its services, lesson lengths and price floors (integer cents per hour, in person and online). Reference data: the same for everyone and safe to cache.',
          response: { 200: CatalogSchema },
        },
      },
      async (request, reply) =>
        responses.reply(request, reply, CATALOG_CACHE, async () => ({ body: JSON.stringify(CatalogSchema.parse(await catalog.getCatalog())) })),
    );

    app.get(
      '/catalog/categories/:slug',
      {
        config: { access: 'public', anonymous: true },
        schema: {
          tags: ['catalog'],
          summary: 'One category and its services',
          description:
            'The category with this slug (e.g. `music`) and its active services; 404 when no category has it.',
          params: z.object({ slug }),
          response: { 200: CategorySchema },
        },
      },
      async (request) => catalog.getCategory(request.params.slug),
    );

    app.get(
      '/catalog/services',
      {
        config: { access: 'public', anonymous: true },
        schema: {
          tags: ['catalog'],
          summary: 'Services by name, optionally in one category (cursor-paginated)',
          description:
            'Active services sorted by name, `limit` per page (1–100, default 20); pass the returned `nextCursor` as `cursor` for the next page. `category` keeps one category\'s services.',
          querystring: z.object({ category: slug.optional(), ...paginationQuery }),
          response: { 200: pageSchema(ServiceListItemSchema) },
        },
      },
      async (request) => catalog.listServices(request.query),
    );
  };
}

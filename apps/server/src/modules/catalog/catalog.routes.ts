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

const ServiceSchema = z
  .object({
    id: z.string().describe('ULID'),
    slug: z.string(),
    name: z.string(),
    description: z.string(),
    synonyms: z.array(z.string()).describe('Words students use for this service (search)'),
    durations: z.array(z.number().int()).describe('Allowed lesson lengths in minutes'),
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
        config: { access: 'public' },
        schema: {
          tags: ['catalog'],
          summary: 'The lesson catalog: categories and their services',
          response: { 200: CatalogSchema },
        },
      },
      async (request, reply) =>
        responses.reply(request, reply, CATALOG_CACHE, async () => ({ body: JSON.stringify(CatalogSchema.parse(await catalog.getCatalog())) })),
    );

    app.get(
      '/catalog/categories/:slug',
      {
        config: { access: 'public' },
        schema: {
          tags: ['catalog'],
          summary: 'One category and its services',
          params: z.object({ slug }),
          response: { 200: CategorySchema },
        },
      },
      async (request) => catalog.getCategory(request.params.slug),
    );

    app.get(
      '/catalog/services',
      {
        config: { access: 'public' },
        schema: {
          tags: ['catalog'],
          summary: 'Services by name, optionally in one category (cursor-paginated)',
          querystring: z.object({ category: slug.optional(), ...paginationQuery }),
          response: { 200: pageSchema(ServiceListItemSchema) },
        },
      },
      async (request) => catalog.listServices(request.query),
    );
  };
}

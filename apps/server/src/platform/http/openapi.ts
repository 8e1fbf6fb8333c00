import swagger from '@fastify/swagger';
import scalar from '@scalar/fastify-api-reference';
import type { FastifyInstance } from 'fastify';
import { jsonSchemaTransform, jsonSchemaTransformObject } from 'fastify-type-provider-zod';
import type { Config } from '../../config.ts';
import { VERSION } from '../../version.ts';

/**
 * OpenAPI 3.1 generated from the routes' Zod schemas, served at /api/v1/openapi.json, with
 * Scalar's interactive reference at /docs (its script is served locally: no CDN).
 */
export async function registerOpenApi(app: FastifyInstance, config: Config): Promise<void> {
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'InstaInstru API',
        version: VERSION,
        description:
          'Find, book and pay local instructors. Errors are `application/problem+json` with a `traceId`; every response carries `X-Trace-ID`. Money is integer cents; times are ISO-8601 UTC.',
        license: { name: 'MIT', identifier: 'MIT' },
      },
      servers: [{ url: config.PUBLIC_URL }],
      tags: [
        { name: 'health', description: 'Liveness, readiness and dependencies' },
        { name: 'catalog', description: 'Categories and services' },
        ...(!config.devTools ? [] : [{ name: 'dev', description: 'Development-only tools' }]),
      ],
    },
    transform: jsonSchemaTransform,
    transformObject: jsonSchemaTransformObject,
  });

  app.get('/api/v1/openapi.json', { config: { access: 'public' }, schema: { hide: true } }, async () => app.swagger());

  await app.register(scalar, {
    routePrefix: '/docs',
    configuration: {
      url: '/api/v1/openapi.json',
      withDefaultFonts: false,
      pageTitle: 'InstaInstru API reference',
    },
    logLevel: 'warn',
  });
}

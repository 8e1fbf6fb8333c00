import swagger from '@fastify/swagger';
import scalar from '@scalar/fastify-api-reference';
import type { FastifyInstance } from 'fastify';
import { jsonSchemaTransform, jsonSchemaTransformObject } from 'fastify-type-provider-zod';
import type { Config } from '../../config.ts';
import { VERSION } from '../../version.ts';
import { ACCESS_KEY, completeOperations } from './openapi-operations.ts';

/** Every tag an operation may carry, described (openapi-document.test.ts checks none is missing). */
const TAGS = [
  { name: 'health', description: 'Liveness, readiness and the state of every dependency and integration' },
  { name: 'catalog', description: 'Categories and services that can be taught, with their price floors' },
  { name: 'auth', description: 'Sign-up, login (CAPTCHA and 2FA steps), token refresh, logout, email verification and password reset' },
  { name: 'account', description: 'The signed-in user: profile, password, sessions, two-factor authentication and phone' },
  { name: 'instructors', description: 'Instructor profiles: your own (guided setup, services and prices, photo, service areas, publishing) and the public directory' },
  { name: 'availability', description: 'An instructor’s availability (weeks with ETag / If-Match, weekly template, days off) and bookable start times' },
  { name: 'neighborhoods', description: 'NYC neighborhoods (2020 NTAs) as GeoJSON for maps; only residential ones can be served' },
  { name: 'search', description: 'Search in plain English: instructors who teach it where and when asked, with the parse as editable filters' },
  { name: 'media', description: 'Uploaded images (instructor photos) through signed, expiring links' },
  { name: 'discovery', description: 'Your favorite instructors, the profiles you opened lately and your search history' },
  { name: 'payments', description: 'Payments through Stripe: webhook events in (signed by Stripe, processed once)' },
  { name: 'payouts', description: 'An instructor’s payouts: the Stripe payout account and its onboarding, balance, history and instant payouts' },
  { name: 'bookings', description: 'Booking lessons: the price quote, instant booking with its hold and payment validation, one booking and your lessons' },
  { name: 'calendar', description: 'Your lessons in your own calendar app: a private iCalendar feed address, and replacing it' },
  { name: 'identity', description: 'Identity verification with Stripe Identity (a photo ID and a selfie), needed before an instructor publishes' },
  { name: 'admin', description: 'Administration: users, instructor approval. For admins, or machine clients with the matching scope' },
];

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
      tags: [...TAGS, ...(!config.devTools ? [] : [{ name: 'dev', description: 'Development-only tools: outboxes, the local OAuth issuer, the echo job, the marketplace clock and running due schedules, the local Stripe (its API and hosted pages) (absent in production)' }])],
    },
    // The route's declared access travels with its schema to completeOperations (security, errors).
    transform: (input) => {
      const result = jsonSchemaTransform(input);
      const access = (input.route.config as { access?: string } | undefined)?.access;
      return access ? { ...result, schema: { ...result.schema, [ACCESS_KEY]: access } } : result;
    },
    transformObject: (input) =>
      completeOperations(jsonSchemaTransformObject(input) as Record<string, unknown>, {
        // Machine clients get their tokens from the local issuer in development; a real issuer's token endpoint is not configured here.
        oauthTokenUrl: !config.devTools || config.OAUTH_ISSUER ? null : `${config.PUBLIC_URL}/api/v1/dev/oauth/token`,
      }) as ReturnType<typeof jsonSchemaTransformObject>,
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

import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Config } from '../../config.ts';
import { INTEGRATION_MODES } from '../../integrations/modes.ts';
import { hasPermission } from '../../platform/auth/principal.ts';
import { mayScrape } from '../../platform/http/metrics-routes.ts';
import { problemFor, sendProblem } from '../../platform/http/problem.ts';
import type { HealthService } from './health.service.ts';

const Status = z.enum(['ok', 'degraded', 'down']);

const Check = z.object({
  status: z.enum(['up', 'down']),
  latencyMs: z.number(),
  detail: z.string(),
  error: z.string().optional(),
});

const Integration = z.object({ mode: z.enum(INTEGRATION_MODES), detail: z.string() });

const HealthSchema = z.object({ status: Status }).meta({ id: 'Health' });

const HealthDetailsSchema = z
  .object({
    status: Status,
    version: z.string(),
    environment: z.string(),
    time: z.string(),
    uptimeSeconds: z.number(),
    checks: z.object({ database: Check, cache: Check, jobs: Check }),
    coordination: z.enum(['ok', 'degraded']).describe('degraded while Redis is away and in-process fallbacks answer'),
    integrations: z.record(z.string(), Integration),
    warnings: z.array(z.string()),
  })
  .meta({ id: 'HealthDetails' });

/** 503 only when nothing can work (the database is down); degraded still serves. */
const httpStatus = (status: z.infer<typeof Status>) => (status === 'down' ? 503 : 200);

/**
 * The public /health answers the status only: versions, uptime, data paths and integration
 * modes help an attacker more than a load balancer. The details are for operators: whoever may
 * scrape /metrics (same credentials or allowlist; open in development without them), or a
 * caller holding `operations:read` (admins, the admin assistant).
 */
export function healthRoutes(health: HealthService, config: Config): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/health',
      {
        config: { access: 'public' },
        schema: {
          tags: ['health'],
          summary: 'ok, degraded (some dependency is down) or down (503: the database is unreachable)',
          description:
            'For load balancers and monitors: the status only (versions, paths and integration modes stay behind /health/details). ok when every dependency answers, degraded while the cache or jobs are down or Redis is away (requests are still served), down (503) when the database is unreachable.',
          response: { 200: HealthSchema, 503: HealthSchema },
        },
      },
      async (_request, reply) => {
        const report = await health.health();
        reply.header('Cache-Control', 'no-store');
        return reply.status(httpStatus(report.status)).send(report);
      },
    );

    app.get(
      '/health/details',
      {
        // Guarded below rather than by one permission: the metrics credentials also open it.
        config: { access: 'public' },
        schema: {
          tags: ['health'],
          summary: 'Every dependency, the mode of each integration, version and uptime (metrics credentials or operations:read)',
          description:
            'For operators: the database, the job queue, the cache, Redis coordination and every integration with the mode it runs in (real, fake, disabled, not_built). Open to whoever may scrape /metrics (basic auth or IP allowlist; open in development without them) or to a caller holding operations:read; 401/403 otherwise.',
          response: { 200: HealthDetailsSchema, 503: HealthDetailsSchema },
        },
      },
      async (request, reply) => {
        reply.header('Cache-Control', 'no-store');
        if (!hasPermission(request.principal, 'operations:read') && !mayScrape(request, config)) {
          if (request.principal) {
            return sendProblem(reply, problemFor(request, 'forbidden', 'Health details need the "operations:read" permission or the metrics credentials.'));
          }
          if (config.METRICS_BASIC_AUTH) reply.header('WWW-Authenticate', 'Basic realm="metrics"');
          return sendProblem(reply, problemFor(request, 'unauthenticated', 'Health details need the metrics credentials or an operator login.'));
        }
        const report = await health.details();
        return reply.status(httpStatus(report.status)).send(report);
      },
    );

    app.get(
      '/health/lite',
      {
        config: { access: 'public' },
        schema: { tags: ['health'], summary: 'The process is up', description: 'Liveness: answers 200 as long as the process serves HTTP, without touching the database. Use /api/v1/ready for readiness.', response: { 200: z.object({ status: z.literal('ok') }) } },
      },
      async () => ({ status: 'ok' as const }),
    );

    app.get(
      '/ready',
      {
        config: { access: 'public' },
        schema: {
          tags: ['health'],
          summary: 'Can serve traffic (503 while the database is unreachable)',
          description:
            'Readiness for load balancers: 200 when the database answers, 503 problem+json while it does not (the process stays alive).',
          response: { 200: z.object({ ready: z.literal(true) }) },
        },
      },
      async (request, reply) => {
        const result = await health.ready();
        reply.header('Cache-Control', 'no-store');
        if (result.ready) return { ready: true as const };
        return sendProblem(reply, problemFor(request, 'service_unavailable', result.reason ?? 'not ready'));
      },
    );
  };
}

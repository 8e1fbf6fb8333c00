import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { problemFor, sendProblem } from '../../platform/http/problem.ts';
import type { HealthService } from './health.service.ts';

const Check = z.object({
  status: z.enum(['up', 'down']),
  latencyMs: z.number(),
  detail: z.string(),
  error: z.string().optional(),
});

const Integration = z.object({ mode: z.enum(['real', 'fake', 'disabled']), detail: z.string() });

const HealthSchema = z
  .object({
    status: z.enum(['ok', 'degraded']),
    version: z.string(),
    environment: z.string(),
    time: z.string(),
    uptimeSeconds: z.number(),
    checks: z.object({ database: Check, cache: Check, jobs: Check }),
    integrations: z.record(z.string(), Integration),
    warnings: z.array(z.string()),
  })
  .meta({ id: 'Health' });

export function healthRoutes(health: HealthService): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/health',
      {
        config: { access: 'public' },
        schema: {
          tags: ['health'],
          summary: 'Every dependency and the mode of each integration (real, fake, disabled)',
          description:
            'For operators and monitors: the database, the job queue, the cache and every integration (payments, email, SMS, storage, geocoding, …) with the mode it runs in. 200 when everything needed is up, 503 otherwise; the body has the same shape either way.',
          response: { 200: HealthSchema, 503: HealthSchema },
        },
      },
      async (_request, reply) => {
        const report = await health.health();
        reply.header('Cache-Control', 'no-store');
        return reply.status(report.checks.database.status === 'up' ? 200 : 503).send(report);
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

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
    coordination: z.enum(['ok', 'degraded']).describe('degraded while Redis is away and in-process fallbacks answer'),
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
        schema: { tags: ['health'], summary: 'The process is up', response: { 200: z.object({ status: z.literal('ok') }) } },
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

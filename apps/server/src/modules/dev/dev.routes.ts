import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Db } from '../../platform/db/database.ts';
import { notFound } from '../../platform/errors.ts';
import type { Jobs } from '../../platform/jobs/jobs.ts';

const EchoRun = z
  .object({
    jobId: z.string(),
    state: z.string().describe('pg-boss state: created, retry, active, completed, failed…'),
    retryCount: z.number().int(),
    attempts: z.number().int().describe('How many times a worker started it'),
    completions: z.number().int().describe('How many times it ran to the end (should never exceed 1)'),
    startedAt: z.string().nullable(),
    completedAt: z.string().nullable(),
  })
  .meta({ id: 'DevEchoRun' });

/** Development-only tools (never registered in production). */
export function devRoutes(deps: { db: Db; jobs: Jobs }): FastifyPluginAsyncZod {
  return async (app) => {
    app.post(
      '/dev/jobs/echo',
      {
        config: { access: 'public' },
        schema: {
          tags: ['dev'],
          summary: 'Queue a job that sleeps, then records its completion (to watch jobs survive restarts)',
          description:
            'Development only. Enqueues an echo job that waits `seconds`, then records `message`; stop and restart the server meanwhile to see the job released and completed once. Returns the `jobId`.',
          body: z.object({
            message: z.string().min(1).max(200),
            seconds: z.number().int().min(0).max(600).default(10),
          }),
          response: { 202: z.object({ jobId: z.string() }) },
        },
      },
      async (request, reply) => {
        const jobId = await deps.jobs.send('dev.echo', { message: request.body.message, seconds: request.body.seconds });
        return reply.status(202).send({ jobId });
      },
    );

    app.get(
      '/dev/jobs/echo/:jobId',
      {
        config: { access: 'public' },
        schema: {
          tags: ['dev'],
          summary: 'What happened to an echo job',
          description:
            'Development only. The state of an echo job queued by POST /dev/jobs/echo, with how many times it completed; 404 for an unknown job.',
          params: z.object({ jobId: z.uuid() }),
          response: { 200: EchoRun },
        },
      },
      async (request) => {
        const job = await deps.jobs.getJob('dev.echo', request.params.jobId);
        if (!job) throw notFound('Job');
        const run = await deps.db
          .selectFrom('devEchoRuns')
          .selectAll()
          .where('jobId', '=', request.params.jobId)
          .executeTakeFirst();
        return {
          jobId: job.id,
          state: job.state,
          retryCount: job.retryCount,
          attempts: run?.attempts ?? 0,
          completions: run?.completions ?? 0,
          startedAt: run?.startedAt.toISOString() ?? null,
          completedAt: run?.completedAt?.toISOString() ?? null,
        };
      },
    );
  };
}

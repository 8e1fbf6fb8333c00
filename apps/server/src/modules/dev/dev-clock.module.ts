import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Clock } from '../../platform/clock.ts';
import type { Db } from '../../platform/db/database.ts';
import type { Jobs } from '../../platform/jobs/jobs.ts';
import { devClockRoutes } from './dev-clock.routes.ts';
import { DevClockService } from './dev-clock.service.ts';
import { RunDueService } from './run-due.service.ts';
import { ScheduleRunsRepository } from './schedule-runs.repository.ts';

/** Time for the sandbox (issue 10, item 8): development only, registered beside the other dev tools. */
export function devClockModule(deps: { db: Db; clock: Clock; jobs: Jobs }): FastifyPluginAsyncZod {
  return devClockRoutes({
    clock: new DevClockService(deps.clock),
    runDue: new RunDueService({ clock: deps.clock, jobs: deps.jobs, runs: new ScheduleRunsRepository(deps.db) }),
  });
}

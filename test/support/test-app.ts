import type { FastifyInstance } from 'fastify';
import { buildApp, registerJobHandlers } from '../../apps/server/src/app.ts';
import type { WebhookHandlerRegistry } from '../../apps/server/src/modules/payments/webhooks/webhook-handlers.ts';
import { loadConfig, type Config } from '../../apps/server/src/config.ts';
import { ControllableClock, type Clock } from '../../apps/server/src/platform/clock.ts';
import { createCoordination, type Coordination } from '../../apps/server/src/platform/coordination.ts';
import type { Database } from '../../apps/server/src/platform/db/database.ts';
import { createIdGenerator, type IdGenerator } from '../../apps/server/src/platform/ids.ts';
import { Jobs } from '../../apps/server/src/platform/jobs/jobs.ts';
import { createMetrics, type Metrics } from '../../apps/server/src/platform/metrics.ts';
import { openTestDatabase } from './test-database.ts';

export interface TestApp {
  app: FastifyInstance;
  config: Config;
  clock: Clock;
  ids: IdGenerator;
  database: Database;
  coordination: Coordination;
  jobs: Jobs;
  metrics: Metrics;
  close(): Promise<void>;
}

/**
 * The real application on a private database, for `app.inject` journeys. Jobs are queued but
 * not worked unless `work: true`. The coordination is in-memory unless one is given (it is then closed with the app).
 */
export async function createTestApp(
  options: {
    env?: Record<string, string>;
    clock?: Clock;
    work?: boolean;
    webDistDir?: string;
    coordination?: Coordination;
    redisUrl?: string;
    /** Stripe event handlers of the test's own, beside the application's. */
    webhookHandlers?: WebhookHandlerRegistry;
  } = {},
): Promise<TestApp> {
  const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', ...options.env });
  const clock = options.clock ?? new ControllableClock('2026-11-23T15:00:00Z');
  const ids = createIdGenerator(clock);
  const database = await openTestDatabase();
  const coordination = options.coordination ?? createCoordination({ clock, redisUrl: options.redisUrl });
  const jobs = Jobs.create(database, { work: options.work ?? false, pollingIntervalSeconds: 0.5 });
  const metrics = createMetrics();
  await registerJobHandlers({ config, clock, ids, database, jobs, metrics }, { webhookHandlers: options.webhookHandlers });
  await jobs.start();
  const app = await buildApp({ config, clock, ids, database, coordination, jobs, metrics, webDistDir: options.webDistDir });
  await app.ready();
  return {
    app,
    config,
    clock,
    ids,
    database,
    coordination,
    jobs,
    metrics,
    async close() {
      await app.close();
      await jobs.stop(2_000);
      await coordination.close();
      await database.close();
    },
  };
}

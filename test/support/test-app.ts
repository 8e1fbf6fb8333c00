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
import type { DeliveryMode } from '../../apps/server/src/modules/payments/local-delivery/local-delivery.policy.ts';
import type { WebhookTransport } from '../../apps/server/src/modules/payments/local-delivery/webhook-transport.ts';
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
    /**
     * The local Stripe's webhook deliveries: `mode` in order (default) or each twice out of order
     * (`random` orders them); `transport` wraps the one that hands requests to app.inject (to make the endpoint fail, say).
     */
    localStripeWebhooks?: { mode?: DeliveryMode; random?: () => number; transport?: (inject: WebhookTransport) => WebhookTransport };
  } = {},
): Promise<TestApp> {
  const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', ...options.env });
  const clock = options.clock ?? new ControllableClock('2026-11-23T15:00:00Z');
  const ids = createIdGenerator(clock);
  const database = await openTestDatabase();
  const coordination = options.coordination ?? createCoordination({ clock, redisUrl: options.redisUrl });
  const jobs = Jobs.create(database, { work: options.work ?? false, pollingIntervalSeconds: 0.5 });
  const metrics = createMetrics();
  // No socket listens in journeys: the local Stripe's webhook requests go to the app by inject, from one of Stripe's addresses.
  let built: FastifyInstance | undefined;
  const inject: WebhookTransport = async (request) => {
    if (!built) throw new Error('The app is not built yet');
    const url = new URL(request.url);
    const response = await built.inject({ method: 'POST', url: url.pathname + url.search, headers: request.headers, payload: request.body, remoteAddress: '54.187.174.169' });
    return { status: response.statusCode };
  };
  await registerJobHandlers(
    { config, clock, ids, database, jobs, metrics },
    {
      webhookHandlers: options.webhookHandlers,
      localStripe: {
        transport: options.localStripeWebhooks?.transport?.(inject) ?? inject,
        mode: options.localStripeWebhooks?.mode,
        random: options.localStripeWebhooks?.random,
        onError: (error) => console.error('local Stripe events not queued for delivery', error),
      },
    },
  );
  await jobs.start();
  const app = await buildApp({ config, clock, ids, database, coordination, jobs, metrics, webDistDir: options.webDistDir });
  built = app;
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

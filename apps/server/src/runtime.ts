import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Config } from './config.ts';
import { systemClock, type Clock } from './platform/clock.ts';
import { createCoordination, type Coordination } from './platform/coordination.ts';
import { openDatabase, type Database } from './platform/db/database.ts';
import { createIdGenerator, type IdGenerator } from './platform/ids.ts';
import { Jobs } from './platform/jobs/jobs.ts';
import { createMetrics, type Metrics } from './platform/metrics.ts';

/** The built web app. WEB_DIST_DIR overrides it (a build elsewhere, e.g. for parallel browser-test runs). */
export const WEB_DIST_DIR = process.env.WEB_DIST_DIR ?? path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../web/dist');

export interface Runtime {
  config: Config;
  clock: Clock;
  ids: IdGenerator;
  database: Database;
  coordination: Coordination;
  jobs: Jobs;
  metrics: Metrics;
  /** Stops jobs (waiting for running ones), then closes Redis and the database. */
  close(): Promise<void>;
}

/** Opens every dependency a process needs, chosen from configuration. */
export async function openRuntime(
  config: Config,
  options: { work: boolean; clock?: Clock; logger?: { error(o: unknown, m?: string): void; info(o: unknown, m?: string): void } },
): Promise<Runtime> {
  const clock = options.clock ?? systemClock;
  const ids = createIdGenerator(clock);
  const database = await openDatabase(
    config.DATABASE_URL
      ? { kind: 'postgres', url: config.DATABASE_URL, poolMax: config.DATABASE_POOL_MAX }
      : { kind: 'pglite', dataDir: path.join(config.dataDir, 'pgdata') },
  );
  const coordination = createCoordination({
    redisUrl: config.REDIS_URL,
    clock,
    onStateChange: (state, cause) =>
      state === 'open'
        ? options.logger?.error({ err: cause }, 'Redis unreachable: cache, rate limits, locks and fan-out use in-process fallbacks')
        : options.logger?.info({}, 'Redis is back: coordination shared again'),
  });
  await coordination.connect();
  const jobs = Jobs.create(database, { work: options.work, logger: options.logger });
  const metrics = createMetrics();
  let closed = false;
  return {
    config,
    clock,
    ids,
    database,
    coordination,
    jobs,
    metrics,
    async close() {
      if (closed) return;
      closed = true;
      await jobs.stop().catch((error) => options.logger?.error({ err: error }, 'stopping jobs failed'));
      await coordination.close();
      await database.close();
    },
  };
}

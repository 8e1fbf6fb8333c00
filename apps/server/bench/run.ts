/**
 * `npm run bench`: prints figures (median, p99) for the hot paths that exist so far. Never
 * asserts: machines here are shared and noisy, so compare medians between runs.
 *
 *  - GCRA decision (pure function), per call
 *  - in-memory rate limiter consume, per call
 *  - GET /api/v1/catalog through the whole HTTP stack (app.inject) on embedded PGlite
 */
import { buildApp, registerJobHandlers } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import { prepareDatabase } from '../src/db/prepare.ts';
import { ControllableClock } from '../src/platform/clock.ts';
import { createCoordination } from '../src/platform/coordination.ts';
import { openDatabase } from '../src/platform/db/database.ts';
import { createIdGenerator } from '../src/platform/ids.ts';
import { Jobs } from '../src/platform/jobs/jobs.ts';
import { createMetrics } from '../src/platform/metrics.ts';
import { gcra } from '../src/platform/rate-limit/gcra.ts';

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function measure(name: string, iterations: number, batch: number, fn: () => unknown | Promise<unknown>) {
  for (let i = 0; i < Math.min(iterations, 50); i++) await fn(); // warm-up
  const samples: number[] = [];
  for (let i = 0; i < iterations; i++) {
    const started = performance.now();
    for (let j = 0; j < batch; j++) await fn();
    samples.push((performance.now() - started) / batch);
  }
  samples.sort((a, b) => a - b);
  const format = (ms: number) => (ms < 0.01 ? `${(ms * 1000).toFixed(2)} µs` : `${ms.toFixed(3)} ms`);
  console.log(`${name.padEnd(48)} median ${format(percentile(samples, 50)).padStart(10)}   p99 ${format(percentile(samples, 99)).padStart(10)}   (${iterations}×${batch})`);
}

const clock = new ControllableClock('2026-11-23T15:00:00Z');
let tat: number | null = null;
await measure('gcra() decision', 200, 1_000, () => {
  const step = gcra(tat, clock.nowMs(), { limit: 100, periodMs: 60_000 });
  tat = step.newTatMs ?? tat;
  clock.advance(1_000);
});

const coordination = createCoordination({ clock });
let key = 0;
await measure('MemoryRateLimiter.consume()', 200, 1_000, () =>
  coordination.rateLimiter.consume(`k${key++ % 1_000}`, { limit: 10, periodMs: 1_000 }),
);

const database = await openDatabase({ kind: 'pglite' });
const ids = createIdGenerator(clock);
await prepareDatabase(database.db, ids);
const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent' });
const jobs = Jobs.create(database, { work: false });
await registerJobHandlers({ config, clock, ids, database, jobs });
await jobs.start();
const app = await buildApp({ config, clock, ids, database, coordination, jobs, metrics: createMetrics() });
await app.ready();
await measure('GET /api/v1/catalog (inject, PGlite)', 100, 5, () => app.inject({ method: 'GET', url: '/api/v1/catalog' }));
await measure('GET /api/v1/health/lite (inject)', 100, 50, () => app.inject({ method: 'GET', url: '/api/v1/health/lite' }));

const memory = process.memoryUsage();
console.log(`memory: rss ${(memory.rss / 1e6).toFixed(0)} MB, heap used ${(memory.heapUsed / 1e6).toFixed(0)} MB`);
await app.close();
await jobs.stop(1_000);
await database.close();

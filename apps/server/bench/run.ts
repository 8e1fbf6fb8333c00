/**
 * `npm run bench`: prints figures (median, p99) for the hot paths that exist so far. Never
 * asserts: machines here are shared and noisy, so compare medians between runs.
 *
 *  - GCRA decision (pure function), per call
 *  - in-memory rate limiter consume, per call
 *  - GET /api/v1/catalog through the whole HTTP stack (app.inject) on embedded PGlite
 *  - bookable start times for one instructor over 8 weeks (pure; target < 1 ms median)
 *  - the fast search parser over its table of phrasings (pure; target p99 < 0.5 ms)
 *  - NYC neighborhoods sync, and instructors serving a point over 10,200 instructors (target < 5 ms median on PostgreSQL)
 *  - HTTP: the public reads at 64 connections beside a bare Fastify (bench/http.ts)
 *  - search over HTTP with 10,200 instructors, PostgreSQL and PGlite side by side (bench/search-http.ts)
 *  - the ledger's trial balance over 1,000,000 entries on PostgreSQL (100,000 on PGlite) (bench/ledger.ts)
 *  - payments adapter round trips against the local Stripe: authorize and capture (bench/payments.ts)
 *  - Stripe webhook ingest: signature verification, and verify + store + enqueue per POST, as events/s (bench/webhooks.ts)
 *  - bookings on PostgreSQL: POST /api/v1/bookings without contention, the 200-way race, one authorization sweep over 10,000 due bookings (bench/bookings.ts)
 *
 * `npm run bench -w apps/server -- http` runs only the HTTP section, `-- search` only the search one,
 * `-- ledger` only the ledger one, `-- webhooks` only the webhook ingest, `-- payments` only the adapter round trips,
 * `-- bookings` only the bookings one.
 */
import { benchHttp } from './http.ts';
import { benchLedger } from './ledger.ts';
import { benchSearchHttp } from './search-http.ts';
import { benchPayments } from './payments.ts';
import { benchWebhooks } from './webhooks.ts';
import { benchBookings } from './bookings.ts';
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
import { templateCellsFor, templateDayFromRanges } from '../src/modules/availability/availability.policy.ts';
import { addDays, datesFrom, dayStartMs, isoWeekday } from '../src/modules/availability/day-cells.ts';
import { bookableStarts } from '../src/modules/availability/slots.policy.ts';

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

if (process.argv.includes('http')) {
  await benchHttp();
  process.exit(0);
}
if (process.argv.includes('search')) {
  await benchSearchHttp();
  process.exit(0);
}
if (process.argv.includes('ledger')) {
  await benchLedger();
  process.exit(0);
}
if (process.argv.includes('webhooks')) {
  await benchWebhooks();
  process.exit(0);
}
if (process.argv.includes('payments')) {
  await benchPayments();
  process.exit(0);
}
if (process.argv.includes('bookings')) {
  await benchBookings();
  process.exit(0);
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
await registerJobHandlers({ config, clock, ids, database, jobs, metrics: createMetrics() });
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

// Availability: 8 weeks across the fall-back change, weekdays 09:00–12:00 and 13:00–20:00,
// Saturdays 10:00–16:00, Sundays off, one blackout day, two hour-long lessons every weekday.
const slotsFrom = '2026-10-19';
const slotDates = datesFrom(slotsFrom, addDays(slotsFrom, 56));
const weekdayHours = templateDayFromRanges([['09:00', '12:00'], ['13:00', '20:00']]);
const saturdayHours = templateDayFromRanges([['10:00', '16:00']]);
const slotDays = slotDates
  .filter((date) => isoWeekday(date) !== 7)
  .map((date) => ({ date, cells: templateCellsFor(date, isoWeekday(date) === 6 ? saturdayHours : weekdayHours) }));
const slotBookings = slotDates
  .filter((date) => isoWeekday(date) <= 5)
  .flatMap((date) =>
    [10, 15].map((hour) => ({
      start: new Date(dayStartMs(date) + hour * 3_600_000),
      end: new Date(dayStartMs(date) + (hour + 1) * 3_600_000),
    })),
  );
const slotQuery = {
  days: slotDays,
  blackouts: ['2026-11-26'],
  bookings: slotBookings,
  durationMinutes: 60,
  now: new Date('2026-10-19T13:00:00Z'),
  from: new Date(dayStartMs(slotsFrom)),
  to: new Date(dayStartMs(addDays(slotsFrom, 56))),
};
console.log(`bookableStarts over 8 weeks: ${bookableStarts(slotQuery).length} starts from ${slotDays.length} days and ${slotBookings.length} bookings`);
await measure('bookableStarts() one instructor, 8 weeks', 200, 10, () => bookableStarts(slotQuery));

// The fast search parser (modules/search), per query over its test table; target p99 < 0.5 ms.
{
  const { benchSearchParser } = await import('../src/modules/search/search-parse.benchmark.ts');
  const parse = benchSearchParser(50);
  console.log(
    `${'parseSearchQuery() per query'.padEnd(48)} median ${parse.medianMs.toFixed(3).padStart(7)} ms   p99 ${parse.p99Ms.toFixed(3).padStart(7)} ms   (${parse.queries} phrasings × 50; vocabulary built in ${parse.vocabularyBuildMs.toFixed(0)} ms)`,
  );
}

// Where they teach (modules/geo): the neighborhoods sync on a fresh embedded database, then
// "instructors serving a point" over 10,200 instructors (as many as the 200 demo instructors
// plus 10,000 generated ones; target < 5 ms median on PostgreSQL), on PGlite and, when
// DATABASE_URL is set, on a scratch PostgreSQL database that is dropped afterwards.
{
  const { migrate } = await import('../src/platform/db/migrate.ts');
  const { syncCatalog } = await import('../src/modules/catalog/catalog.sync.ts');
  const { CATALOG } = await import('../src/modules/catalog/catalog.data.ts');
  const { syncNeighborhoods } = await import('../src/modules/geo/neighborhoods.sync.ts');
  const { GeoRepository, spatialQueries } = await import('../src/modules/geo/geo.repository.ts');
  const { queryPoints, servingPointPlan } = await import('../src/modules/geo/geo.benchmark.ts');
  const { generateInstructors } = await import('../src/modules/demo/generated-instructors.ts');

  const benchGeo = async (label: string, geoDatabase: Awaited<ReturnType<typeof openDatabase>>) => {
    await migrate(geoDatabase.db);
    await syncCatalog(geoDatabase.db, createIdGenerator(clock), CATALOG); // the generated instructors teach its services
    let started = performance.now();
    const synced = await syncNeighborhoods(geoDatabase.db);
    console.log(`neighborhoods sync, fresh database (${label}): ${synced.neighborhoods} polygons in ${(performance.now() - started).toFixed(0)} ms`);
    started = performance.now();
    const generated = await generateInstructors(geoDatabase.db, createIdGenerator(clock), clock, { count: 10_200 });
    console.log(
      `generated ${generated.instructors} instructors (${generated.services} services, ${generated.serviceAreas} service areas with coverage unions by trigger, ${generated.availabilityDays} availability days) (${label}): ${((performance.now() - started) / 1000).toFixed(1)} s`,
    );
    const geo = new GeoRepository(geoDatabase.db);
    const points = await queryPoints(geoDatabase.db, 1_000);
    let served = 0;
    for (const point of points.slice(0, 200)) served += (await geo.instructorsServingPoint(point.lat, point.lng)).length;
    console.log(`instructors per query point (${label}): ${(served / 200).toFixed(0)} on average`);
    let next = 0;
    const nextPoint = () => points[next++ % points.length]!;
    await measure(`instructors serving a point (${label})`, 1_000, 1, () => {
      const point = nextPoint();
      return geo.instructorsServingPoint(point.lat, point.lng);
    });
    await measure(`  same, via coverage unions (${label})`, 200, 1, () => {
      const point = nextPoint();
      return spatialQueries.instructorsCoveringPoint(point.lat, point.lng, 1_000).execute(geoDatabase.db);
    });
    const someone = (await geoDatabase.db.selectFrom('instructorCoverage').select('instructorId').limit(1).executeTakeFirstOrThrow()).instructorId;
    await measure(`servesPoint() one instructor (${label})`, 500, 1, () => {
      const point = nextPoint();
      return geo.servesPoint(someone, point.lat, point.lng);
    });
    await measure(`neighborhoodAt() (${label})`, 500, 1, () => {
      const point = nextPoint();
      return geo.neighborhoodAt(point.lat, point.lng);
    });
    console.log(await servingPointPlan(geoDatabase.db, { lat: 40.671, lng: -73.9814 }));
  };

  const embedded = await openDatabase({ kind: 'pglite' });
  try {
    await benchGeo('PGlite', embedded);
  } finally {
    await embedded.close();
  }

  if (process.env.DATABASE_URL) {
    const { pg } = await import('../src/platform/db/postgres.ts');
    const scratch = `instainstru_bench_${createIdGenerator(clock)().toLowerCase()}`;
    const admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await admin.connect();
    await admin.query(`create database "${scratch}"`);
    try {
      const url = new URL(process.env.DATABASE_URL);
      url.pathname = `/${scratch}`;
      const postgres = await openDatabase({ kind: 'postgres', url: url.toString(), poolMax: 2 });
      try {
        await benchGeo('PostgreSQL', postgres);
      } finally {
        await postgres.close();
      }
    } finally {
      await admin.query(`drop database if exists "${scratch}" with (force)`);
      await admin.end();
    }
  }
}

await benchLedger();

await benchHttp();

await benchSearchHttp();

await benchWebhooks();

await benchPayments();

await benchBookings();

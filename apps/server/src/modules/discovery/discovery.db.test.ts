import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../../../../../test/support/test-database.ts';
import { ControllableClock } from '../../platform/clock.ts';
import type { Database } from '../../platform/db/database.ts';
import { createIdGenerator } from '../../platform/ids.ts';
import { Jobs } from '../../platform/jobs/jobs.ts';
import { activeSchedules, SCHEDULES } from '../../platform/jobs/schedules.ts';
import { createMetrics } from '../../platform/metrics.ts';
import { insertInstructorUser } from '../instructors/instructors.testing.ts';
import type { SearchParse } from '../search/search-parse.types.ts';
import { discoveryRetentionJob, learnLocationAliasesJob, registerDiscoveryJobs, searchMetricsJob } from './discovery.jobs.ts';
import { loadLearnedAliases } from './learning.repository.ts';
import { DatabaseSearchEventRecorder, type SearchEvent } from './search-events.ts';

const PARSE: SearchParse = {
  services: [{ slug: 'piano', name: 'Piano' }],
  category: null,
  ageGroup: null,
  level: null,
  location: null,
  priceMaxCents: null,
  priceMinCents: null,
  when: null,
  lessonType: null,
  keywords: [],
  unresolved: ['the', 'slope'],
  parser: 'fast',
};

const HOUR = 60 * 60_000;
const DAY = 24 * HOUR;
const PARK_SLOPE = 'BK0602';
const PROSPECT_HEIGHTS = 'BK0801';
/** 7th Ave & 3rd St, inside BK0602 (geo.db.test.ts). */
const PARK_SLOPE_POINT = { lat: 40.671, lng: -73.9814 };

/**
 * The discovery module's background side on the real database: the search event recorder, alias
 * learning over real NTA polygons, the hourly metrics and the 90-day retention.
 */
describe('discovery jobs and search events', () => {
  let database: Database;
  const clock = new ControllableClock('2026-11-23T15:00:00Z');
  const ids = createIdGenerator(clock);
  const errors: unknown[] = [];
  let recorder: DatabaseSearchEventRecorder;

  const event = (overrides: Partial<SearchEvent>): SearchEvent => ({
    userId: null,
    query: 'piano in the slope',
    parsed: PARSE,
    resultCount: 4,
    latencyMs: 3,
    parser: 'fast',
    unresolvedLocationWords: [],
    ...overrides,
  });
  const record = async (overrides: Partial<SearchEvent>) => {
    recorder.record(event(overrides));
    await recorder.flush();
  };
  const person = () => insertInstructorUser(database.db, ids, { roles: ['student'] });
  const view = (userId: string, instructorId: string, at: Date) =>
    database.db
      .insertInto('instructorViews')
      .values({ userId, instructorId, viewedAt: at })
      .onConflict((conflict) => conflict.columns(['userId', 'instructorId']).doUpdateSet({ viewedAt: at }))
      .execute();
  const serving = async (codes: string[]) => {
    const id = await insertInstructorUser(database.db, ids);
    if (codes.length > 0) await database.db.insertInto('instructorServiceAreas').values(codes.map((code) => ({ instructorId: id, neighborhoodId: code }))).execute();
    return id;
  };

  beforeAll(async () => {
    database = await openTestDatabase();
    recorder = new DatabaseSearchEventRecorder({ db: database.db, ids, clock, onError: (error) => errors.push(error) });
  });
  afterAll(() => database.close());

  describe('search event recorder', () => {
    it('stores the event with its parse, and the location words as normalized phrases', async () => {
      const userId = await person();
      await record({ userId, query: 'Piano in THE slope', resultCount: 0, latencyMs: 12.5, parser: 'llm', unresolvedLocationWords: ['  The   Slope ', 'the slope', ''] });
      const row = await database.db.selectFrom('searchEvents').selectAll().where('userId', '=', userId).executeTakeFirstOrThrow();
      expect(row).toMatchObject({
        query: 'Piano in THE slope',
        queryKey: 'piano in the slope',
        parsed: PARSE,
        resultCount: 0,
        latencyMs: 12.5,
        parser: 'llm',
        unresolvedLocationWords: ['the slope'],
        createdAt: clock.now(),
      });
      expect(errors).toEqual([]);
    });

    it('never throws: a write that fails goes to the error callback', async () => {
      expect(() => recorder.record(event({ userId: 'NOT-A-USER' }))).not.toThrow();
      await recorder.flush();
      expect(errors).toHaveLength(1);
      errors.length = 0;
      // An event that cannot even be serialized is reported too.
      const circular: Record<string, unknown> = {};
      circular.self = circular;
      expect(() => recorder.record(event({ parsed: circular as unknown as SearchParse }))).not.toThrow();
      await recorder.flush();
      expect(errors).toHaveLength(1);
      errors.length = 0;
    });

    it('writes many events together, and a refused one loses only itself', async () => {
      const userId = await person();
      for (let i = 0; i < 5; i++) recorder.record(event({ userId, query: `batch ${i}` }));
      recorder.record(event({ userId: 'NOT-A-USER', query: 'batch refused' }));
      for (let i = 5; i < 8; i++) recorder.record(event({ userId, query: `batch ${i}` }));
      await recorder.flush();
      const rows = await database.db.selectFrom('searchEvents').select('query').where('query', 'like', 'batch %').orderBy('query').execute();
      expect(rows.map((row) => row.query)).toEqual(Array.from({ length: 8 }, (_, i) => `batch ${i}`));
      expect(errors).toHaveLength(1);
      errors.length = 0;
    });
  });

  describe('location alias learning', () => {
    it('learns "the slope" from five people who opened Park Slope instructors within two hours, idempotently', async () => {
      const parkSlopeTravel = await serving([PARK_SLOPE, PROSPECT_HEIGHTS]);
      const parkSlopeOnly = await serving([PARK_SLOPE]);
      // A studio teacher with no service areas: the studio's neighborhood is what they serve.
      const studio = await insertInstructorUser(database.db, ids);
      await database.db
        .insertInto('instructorProfiles')
        .values({
          userId: studio,
          displayName: 'Studio Teacher',
          teachesAtStudio: true,
          studioAddress: '1 7th Ave, Brooklyn',
          studioLocation: sql<string>`st_setsrid(st_makepoint(${PARK_SLOPE_POINT.lng}, ${PARK_SLOPE_POINT.lat}), 4326)`,
        })
        .execute();
      const opened = [parkSlopeTravel, parkSlopeOnly, studio, parkSlopeOnly, parkSlopeTravel];
      const searchedAt = clock.now();
      for (const instructor of opened) {
        const userId = await person();
        await record({ userId, unresolvedLocationWords: ['The slope'] });
        await view(userId, instructor, new Date(searchedAt.getTime() + 30 * 60_000));
      }
      // Opened too late to count, and opened before searching: neither says anything.
      const late = await person();
      await record({ userId: late, unresolvedLocationWords: ['the slope'] });
      await view(late, await serving([PROSPECT_HEIGHTS]), new Date(searchedAt.getTime() + 3 * HOUR));
      // Anonymous searches have no "who opened what".
      await record({ userId: null, unresolvedLocationWords: ['the slope'] });

      clock.advance(12 * HOUR);
      const job = learnLocationAliasesJob({ db: database.db, clock });
      expect(await job.run()).toEqual([{ phrase: 'the slope', neighborhoodCode: PARK_SLOPE, users: 5 }]);
      const learnedAt = clock.now();
      clock.advance(DAY);
      await job.run();
      expect(await database.db.selectFrom('learnedLocationAliases').selectAll().execute()).toEqual([
        { phrase: 'the slope', neighborhoodCode: PARK_SLOPE, users: 5, learnedAt },
      ]);
      expect(await loadLearnedAliases(database.db)).toEqual([{ phrase: 'the slope', neighborhoodCode: PARK_SLOPE }]);
    });

    it('updates the alias when more people agree', async () => {
      const instructor = await serving([PARK_SLOPE]);
      const userId = await person();
      await record({ userId, unresolvedLocationWords: ['the slope'] });
      await view(userId, instructor, new Date(clock.nowMs() + 60_000));
      clock.advance(HOUR);
      await learnLocationAliasesJob({ db: database.db, clock }).run();
      expect(await database.db.selectFrom('learnedLocationAliases').selectAll().execute()).toEqual([
        { phrase: 'the slope', neighborhoodCode: PARK_SLOPE, users: 6, learnedAt: clock.now() },
      ]);
    });
  });

  describe('hourly search metrics', () => {
    it('publishes the last hour of searches as Prometheus gauges', async () => {
      await database.db.deleteFrom('searchEvents').execute();
      clock.advance(2 * HOUR);
      await record({ latencyMs: 100, resultCount: 3 }); // over an hour old when the job runs
      clock.advance(HOUR + 1);
      await record({ latencyMs: 4, resultCount: 0 });
      await record({ latencyMs: 6, resultCount: 2, parser: 'llm' });
      await record({ latencyMs: 5, resultCount: 1 });
      await record({ latencyMs: 900, resultCount: 0 });
      clock.advance(60_000);
      const metrics = createMetrics();
      const figures = await searchMetricsJob({ db: database.db, clock, metrics }).run();
      expect(figures).toEqual({ searches: 4, zeroResultRate: 0.5, p50LatencyMs: 5, p95LatencyMs: 900, llmShare: 0.25 });
      const text = await metrics.registry.metrics();
      expect(text).toContain('search_searches{window="1h"} 4');
      expect(text).toContain('search_zero_result_ratio{window="1h"} 0.5');
      expect(text).toContain('search_latency_p50_seconds{window="1h"} 0.005');
      expect(text).toContain('search_latency_p95_seconds{window="1h"} 0.9');
      expect(text).toContain('search_llm_parser_ratio{window="1h"} 0.25');
    });
  });

  describe('retention', () => {
    it('purges searches and profile views older than 90 days, and keeps the rest', async () => {
      await database.db.deleteFrom('searchEvents').execute();
      await database.db.deleteFrom('instructorViews').execute();
      const userId = await person();
      const [oldOne, recentOne] = [await serving([]), await serving([])];
      await record({ userId, query: 'old' });
      await view(userId, oldOne, clock.now());
      clock.advance(2 * DAY);
      await record({ userId, query: 'recent' });
      await view(userId, recentOne, clock.now());
      clock.advance(89 * DAY);
      const job = discoveryRetentionJob({ db: database.db, clock });
      expect(await job.run()).toEqual({ searchEvents: 1, instructorViews: 1 });
      expect(await job.run()).toEqual({ searchEvents: 0, instructorViews: 0 });
      expect((await database.db.selectFrom('searchEvents').select('query').execute()).map((row) => row.query)).toEqual(['recent']);
      expect((await database.db.selectFrom('instructorViews').select('instructorId').execute()).map((row) => row.instructorId)).toEqual([recentOne]);
    });
  });

  it('registers the three jobs, which puts their schedules (times in New York) to work', async () => {
    const jobs = Jobs.create(database, { work: false });
    await registerDiscoveryJobs({ db: database.db, clock, jobs, metrics: createMetrics() });
    expect(activeSchedules(SCHEDULES, jobs.registeredNames()).map((spec) => [spec.key, spec.cron, spec.job])).toEqual([
      ['search-metrics', '0 * * * *', 'search.metrics'],
      ['learn-location-aliases', '10 3 * * *', 'search.learn_location_aliases'],
      ['data-retention', '0 2 * * *', 'discovery.retention'],
    ]);
  });
});

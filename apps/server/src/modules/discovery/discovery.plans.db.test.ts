import { CompiledQuery, createQueryId, sql, type KyselyPlugin, type RootOperationNode } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../../../../../test/support/test-database.ts';
import type { Database, Db } from '../../platform/db/database.ts';
import { DiscoveryRepository } from './discovery.repository.ts';
import { LearningRepository } from './learning.repository.ts';

const USER = '01JAAAAAAAAAAAAAAAAAAAAAAA';
const EVENT = '01JBBBBBBBBBBBBBBBBBBBBBBB';
const AT = new Date('2026-11-23T15:00:00Z');

/** Records the queries a repository sends (executing them too), so their plans can be read. */
class CaptureQueries implements KyselyPlugin {
  nodes: RootOperationNode[] = [];
  transformQuery(args: { node: RootOperationNode }): RootOperationNode {
    this.nodes.push(args.node);
    return args.node;
  }
  async transformResult<R>(args: { result: R }): Promise<R> {
    return args.result;
  }
}

/**
 * Every query of the discovery repositories is answered through one of migration 0013's indexes
 * (sequential scans disabled, so the plan shows which index the planner can use at all).
 */
describe('discovery query plans', () => {
  let database: Database;

  beforeAll(async () => {
    database = await openTestDatabase();
  });
  afterAll(() => database.close());

  async function plansOf(run: (db: Db) => Promise<unknown>): Promise<string> {
    const capture = new CaptureQueries();
    await run(database.db.withPlugin(capture));
    return database.db.connection().execute(async (connection) => {
      await sql`set enable_seqscan = off`.execute(connection);
      try {
        const plans: string[] = [];
        for (const node of capture.nodes) {
          const compiled = connection.getExecutor().compileQuery(node, createQueryId());
          const result = await connection.executeQuery<{ 'QUERY PLAN': string }>(CompiledQuery.raw(`explain ${compiled.sql}`, [...compiled.parameters]));
          plans.push(result.rows.map((row) => row['QUERY PLAN']).join('\n'));
        }
        return plans.join('\n---\n');
      } finally {
        await sql`reset enable_seqscan`.execute(connection);
      }
    });
  }

  it.each([
    ['favorites, newest first', 'favorites_user_created_idx', (db: Db) => new DiscoveryRepository(db).listFavorites(USER, { after: { createdAt: AT, instructorId: USER }, limit: 21 })],
    // With empty tables the planner may probe the views from the (one-row) public profiles through the primary key, which also starts with user_id.
    ['recently viewed', 'instructor_views_user_viewed_idx|instructor_views_pkey', (db: Db) => new DiscoveryRepository(db).listRecentViews(USER, 12)],
    ['search history', 'search_events_history_idx', (db: Db) => new DiscoveryRepository(db).listHistory(USER, { after: { createdAt: AT, id: EVENT }, limit: 21 })],
    ['deleting a history line', 'search_events_history_idx', (db: Db) => new DiscoveryRepository(db).deleteHistoryLine(USER, EVENT)],
    ['deleting the history', 'search_events_history_idx', (db: Db) => new DiscoveryRepository(db).deleteAllHistory(USER)],
    ['an hour of searches', 'search_events_created_idx', (db: Db) => new LearningRepository(db).metricRows(AT, AT)],
    ['alias evidence', 'search_events_unresolved_idx', (db: Db) => new LearningRepository(db).aliasEvidence(AT, 2)],
    ['purging searches', 'search_events_created_idx', (db: Db) => new LearningRepository(db).purgeSearchEventsBefore(AT)],
    ['purging views', 'instructor_views_viewed_idx', (db: Db) => new LearningRepository(db).purgeInstructorViewsBefore(AT)],
  ])('%s uses %s', async (_name, index, run) => {
    expect(await plansOf(run)).toMatch(new RegExp(index));
  });
});

import pg from 'pg';
import type { Database } from './database.ts';

// Any constant shared by every process of this product works; this one spells "prep".
const STARTUP_LOCK_KEY = 0x70726570;

/**
 * Runs `fn` while holding a PostgreSQL session advisory lock, so processes started together
 * (two `cli api` and a `cli worker`) prepare the database one after another: the second waits,
 * then finds the migrations, reference data and demo data in place.
 *
 * The lock lives on a connection of its own, outside the pool: `fn` keeps the whole pool (even
 * with DATABASE_POOL_MAX=1), and a process that dies mid-way frees the lock with its session.
 * PGlite needs no lock: one process per data directory is already enforced (data-dir-lock.ts).
 */
export async function withStartupLock<T>(database: Pick<Database, 'kind' | 'jobsConnection'>, fn: () => Promise<T>): Promise<T> {
  if (database.kind !== 'postgres' || !('connectionString' in database.jobsConnection)) return fn();
  const client = new pg.Client({ connectionString: database.jobsConnection.connectionString, application_name: 'instainstru-startup' });
  client.on('error', () => {}); // a lost lock connection surfaces on the unlock below, not as a crash
  await client.connect();
  try {
    await client.query('select pg_advisory_lock($1)', [STARTUP_LOCK_KEY]);
    try {
      return await fn();
    } finally {
      await client.query('select pg_advisory_unlock($1)', [STARTUP_LOCK_KEY]).catch(() => {});
    }
  } finally {
    await client.end().catch(() => {});
  }
}

import fs from 'node:fs';
import pg from 'pg';
import { ulid } from 'ulid';
import { inject } from 'vitest';
import { openDatabase, type Database } from '../../apps/server/src/platform/db/database.ts';
import { databaseUrlFor } from './templates.ts';

/** Which database this test file runs on: set per Vitest project (db-pglite / db-postgres). */
export const testDatabaseKind = (process.env.TEST_DATABASE === 'postgres' ? 'postgres' : 'pglite') as 'pglite' | 'postgres';

/**
 * A private, migrated database for one test file, copied from the project's template;
 * closing it drops it.
 */
export async function openTestDatabase(): Promise<Database> {
  if (testDatabaseKind === 'pglite') {
    const tarball = fs.readFileSync(inject('pgliteTemplate'));
    return openDatabase({ kind: 'pglite', loadDataDir: new Blob([tarball]) });
  }
  const baseUrl = process.env.DATABASE_URL!;
  const name = `instainstru_test_${ulid().toLowerCase()}`;
  const admin = new pg.Client({ connectionString: baseUrl });
  await admin.connect();
  try {
    await admin.query(`create database "${name}" template "${inject('postgresTemplate')}"`);
  } finally {
    await admin.end();
  }
  const database = await openDatabase({ kind: 'postgres', url: databaseUrlFor(baseUrl, name), poolMax: 5 });
  return {
    ...database,
    async close() {
      await database.close();
      const dropper = new pg.Client({ connectionString: baseUrl });
      await dropper.connect();
      try {
        await dropper.query(`drop database if exists "${name}" with (force)`);
      } finally {
        await dropper.end();
      }
    },
  };
}

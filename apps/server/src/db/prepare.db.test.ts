import pg from 'pg';
import { ulid } from 'ulid';
import { afterAll, describe, expect, it } from 'vitest';
import { databaseUrlFor } from '../../../../test/support/templates.ts';
import { testDatabaseKind } from '../../../../test/support/test-database.ts';
import { DEMO_ACCOUNTS, seedDemoAccounts } from '../modules/accounts/demo-accounts.ts';
import { seedDemoInstructors } from '../modules/demo/demo-instructors.seed.ts';
import { ControllableClock } from '../platform/clock.ts';
import { openDatabase, type Database } from '../platform/db/database.ts';
import { readMigrations } from '../platform/db/migrate.ts';
import { createIdGenerator } from '../platform/ids.ts';
import { prepareOnce } from './prepare.ts';

async function admin<T>(run: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: process.env.DATABASE_URL! });
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}

// Several processes on one database exist only with PostgreSQL: PGlite allows one process per data directory.
describe.runIf(testDatabaseKind === 'postgres')('start-up preparation by processes started together (PostgreSQL only: PGlite is one process)', () => {
  const name = `instainstru_startup_${ulid().toLowerCase()}`;
  const processes: Database[] = [];

  afterAll(async () => {
    await Promise.all(processes.map((database) => database.close()));
    await admin((client) => client.query(`drop database if exists "${name}" with (force)`));
  });

  it('lets three processes prepare a fresh database at once: all start, and everything exists once', async () => {
    await admin((client) => client.query(`create database "${name}" template template0`));
    const clock = new ControllableClock('2026-11-23T15:00:00Z');
    for (let i = 0; i < 3; i += 1) {
      processes.push(await openDatabase({ kind: 'postgres', url: databaseUrlFor(process.env.DATABASE_URL!, name), poolMax: 3 }));
    }

    // What main.ts does at start: migrations and reference data, then the demo data.
    const results = await Promise.allSettled(
      processes.map((database) => {
        const ids = createIdGenerator(clock);
        return prepareOnce(database, ids, async () => {
          await seedDemoAccounts({ db: database.db, ids, clock });
          return seedDemoInstructors({ db: database.db, ids, clock }, { count: 3, weeks: 1 });
        });
      }),
    );

    expect(results.map((result) => (result.status === 'rejected' ? String(result.reason) : 'started'))).toEqual(['started', 'started', 'started']);
    const prepared = results.map((result) => (result as PromiseFulfilledResult<Awaited<ReturnType<typeof prepareOnce>>>).value);
    const migrations = readMigrations().length;
    expect(prepared.map((p) => p.migrations.applied.length).sort()).toEqual([0, 0, migrations]);
    expect(prepared.map((p) => (p.then as { created: number }).created).sort()).toEqual([0, 0, 3]);

    const db = processes[0]!.db;
    expect(await db.selectFrom('schemaMigrations').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).toEqual({ n: migrations });
    const seeds = await db.selectFrom('dataSeeds').select('name').orderBy('name').execute();
    expect(seeds.map((seed) => seed.name)).toEqual(['catalog', 'demo-instructor-login', 'demo-instructors', 'nyc-neighborhoods']);
    const demoLogins = await db.selectFrom('users').select('email').where('email', 'in', DEMO_ACCOUNTS.map((a) => a.email)).execute();
    expect(demoLogins).toHaveLength(DEMO_ACCOUNTS.length);
    const users = await db.selectFrom('users').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(users.n).toBe(DEMO_ACCOUNTS.length + 3);
    const categories = await db.selectFrom('categories').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(categories.n).toBe(prepared[0]!.catalog.categories);
  });
});

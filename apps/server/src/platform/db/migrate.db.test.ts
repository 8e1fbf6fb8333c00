import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../../../../../test/support/test-database.ts';
import type { Database } from './database.ts';
import { migrate, MigrationError, readMigrations } from './migrate.ts';

function migrationsDir(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'migrations-'));
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
  return dir;
}

async function tableExists(database: Database, table: string): Promise<boolean> {
  const result = await sql<{ exists: boolean }>`select to_regclass(${table}) is not null as exists`.execute(database.db);
  return result.rows[0]!.exists;
}

describe('migrations', () => {
  let database: Database;
  beforeAll(async () => {
    database = await openTestDatabase();
  });
  afterAll(() => database.close());

  it('has applied every migration, and running again applies nothing', async () => {
    const applied = await database.db.selectFrom('schemaMigrations').select('version').orderBy('version').execute();
    expect(applied.map((row) => row.version)).toEqual(readMigrations().map((file) => file.version));
    const again = await migrate(database.db);
    expect(again).toEqual({ applied: [], alreadyApplied: readMigrations().length });
  });

  it('installed the extensions the product relies on', async () => {
    const result = await sql<{ extname: string }>`select extname from pg_extension order by extname`.execute(database.db);
    expect(result.rows.map((row) => row.extname)).toEqual(expect.arrayContaining(['btree_gist', 'citext', 'pg_trgm', 'postgis']));
    const point = await sql<{ within: boolean }>`
      select st_contains(st_makeenvelope(-74.03, 40.57, -73.83, 40.74, 4326), st_setsrid(st_point(-73.98, 40.67), 4326)) as within`.execute(
      database.db,
    );
    expect(point.rows[0]!.within).toBe(true);
  });

  it('leaves the database unchanged when a migration fails halfway', async () => {
    const dir = migrationsDir({
      '0001_good.sql': 'create table good_table (id int primary key);',
      '0002_bad.sql': "create table half_done (id int); insert into half_done values (1); select 1/0;",
    });
    const files = [...readMigrations(), ...readMigrations(dir).map((f) => ({ ...f, version: `9${f.version}` }))];
    await expect(migrate(database.db, files)).rejects.toThrow(MigrationError);
    expect(await tableExists(database, 'good_table')).toBe(true);
    expect(await tableExists(database, 'half_done')).toBe(false);
    const versions = await database.db.selectFrom('schemaMigrations').select('version').execute();
    expect(versions.map((row) => row.version)).toContain('90001');
    expect(versions.map((row) => row.version)).not.toContain('90002');
    // The connection is usable afterwards (no transaction left aborted).
    await expect(database.ping()).resolves.toBeUndefined();
  });

  it('refuses to run when an applied migration was edited', async () => {
    const files = readMigrations().map((file, index) => (index === 1 ? { ...file, checksum: 'edited' } : file));
    await expect(migrate(database.db, files)).rejects.toThrow(/was changed after it was applied/);
  });

  it('rejects badly named files and duplicate versions', () => {
    expect(() => readMigrations(migrationsDir({ 'create-users.sql': '' }))).toThrow(/must look like 0001_name.sql/);
    expect(() => readMigrations(migrationsDir({ '0001_a.sql': '', '0001_b.sql': '' }))).toThrow(/share version 0001/);
  });

  it('enforces ULID ids and catalog rules in the database itself', async () => {
    await expect(
      sql`insert into categories (id, slug, name) values ('not-a-ulid', 'x', 'X')`.execute(database.db),
    ).rejects.toThrow(/ulid_check|violates check constraint/);
    const category = await database.db.selectFrom('categories').select('id').executeTakeFirstOrThrow();
    await expect(
      sql`insert into services (id, category_id, slug, name, durations)
          values ('01JAAAAAAAAAAAAAAAAAAAAAAA', ${category.id}, 'odd-length', 'Odd', '{20}')`.execute(database.db),
    ).rejects.toThrow(/check constraint/);
  });
});

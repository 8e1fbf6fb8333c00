import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { catalogChecksum } from '../../apps/server/src/modules/catalog/catalog.sync.ts';
import { NEIGHBORHOODS_FILE } from '../../apps/server/src/modules/geo/nyc-data.ts';
import { prepareDatabase } from '../../apps/server/src/db/prepare.ts';
import { systemClock } from '../../apps/server/src/platform/clock.ts';
import { openDatabase } from '../../apps/server/src/platform/db/database.ts';
import { readMigrations } from '../../apps/server/src/platform/db/migrate.ts';
import { createIdGenerator } from '../../apps/server/src/platform/ids.ts';

/**
 * Migrated template databases, made once and reused while the migrations and reference data
 * stay the same: each test file then starts from a copy in milliseconds instead of migrating.
 */
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const CACHE_DIR = path.join(ROOT, 'node_modules/.cache/instainstru-test');

export function templateKey(): string {
  const hash = createHash('sha256');
  for (const migration of readMigrations()) hash.update(migration.version).update(migration.checksum);
  hash.update(catalogChecksum());
  hash.update(fs.readFileSync(NEIGHBORHOODS_FILE));
  return hash.digest('hex').slice(0, 16);
}

/** A tarball of a migrated PGlite data directory (PGlite's dumpDataDir). */
export async function ensurePgliteTemplate(): Promise<string> {
  const file = path.join(CACHE_DIR, `pglite-template-${templateKey()}.tar`);
  if (fs.existsSync(file)) return file;
  fs.mkdirSync(CACHE_DIR, { recursive: true });
  const database = await openDatabase({ kind: 'pglite' });
  try {
    await prepareDatabase(database.db, createIdGenerator(systemClock));
    const dump = await database.embedded!.pglite.dumpDataDir('none');
    const temporary = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(temporary, Buffer.from(await dump.arrayBuffer()));
    fs.renameSync(temporary, file);
  } finally {
    await database.close();
  }
  return file;
}

export function databaseUrlFor(baseUrl: string, database: string): string {
  const url = new URL(baseUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

/** A migrated PostgreSQL database marked as a template, on the server of DATABASE_URL. */
export async function ensurePostgresTemplate(baseUrl: string): Promise<string> {
  const name = `instainstru_template_${templateKey()}`;
  const admin = new pg.Client({ connectionString: baseUrl });
  await admin.connect();
  try {
    const existing = await admin.query('select 1 from pg_database where datname = $1 and datistemplate', [name]);
    if (existing.rowCount) return name;
    await admin.query(`drop database if exists "${name}" with (force)`);
    await admin.query(`create database "${name}"`);
    const database = await openDatabase({ kind: 'postgres', url: databaseUrlFor(baseUrl, name), poolMax: 2 });
    try {
      await prepareDatabase(database.db, createIdGenerator(systemClock));
    } finally {
      await database.close();
    }
    await admin.query(`alter database "${name}" with is_template true allow_connections false`);
    return name;
  } finally {
    await admin.end();
  }
}

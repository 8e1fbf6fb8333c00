import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import type { Db } from './database.ts';

/**
 * Forward-only plain-SQL migrations: `NNNN_name.sql`, applied in order, each in its own
 * transaction so a failing file leaves the database exactly as it was. An applied file must
 * never change: its checksum is recorded and checked on every run.
 */
export const MIGRATIONS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../db/migrations');

const FILE_PATTERN = /^(\d{4})_([a-z0-9_]+)\.sql$/;
// Serializes migrators of several processes starting at once (any constant works; this one spells "migr").
const MIGRATION_LOCK_KEY = 0x6d696772;

export interface MigrationFile {
  version: string;
  name: string;
  sql: string;
  checksum: string;
}

export interface MigrationResult {
  applied: string[];
  alreadyApplied: number;
}

export class MigrationError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'MigrationError';
  }
}

export function readMigrations(dir: string = MIGRATIONS_DIR): MigrationFile[] {
  const files = fs.readdirSync(dir).filter((file) => file.endsWith('.sql')).sort();
  const seen = new Set<string>();
  return files.map((file) => {
    const match = FILE_PATTERN.exec(file);
    if (!match) throw new MigrationError(`Migration file name must look like 0001_name.sql: ${file}`);
    const [, version, name] = match as unknown as [string, string, string];
    if (seen.has(version)) throw new MigrationError(`Two migrations share version ${version}`);
    seen.add(version);
    const text = fs.readFileSync(path.join(dir, file), 'utf8');
    return { version, name, sql: text, checksum: createHash('sha256').update(text).digest('hex') };
  });
}

async function ensureLedger(db: Db): Promise<void> {
  await sql`
    create table if not exists schema_migrations (
      version text primary key,
      name text not null,
      checksum text not null,
      applied_at timestamptz not null default now()
    )`.execute(db);
}

export async function migrate(db: Db, files: MigrationFile[] = readMigrations()): Promise<MigrationResult> {
  await ensureLedger(db);
  const applied: string[] = [];
  let alreadyApplied = 0;

  for (const file of files) {
    const done = await db.transaction().execute(async (trx) => {
      await sql`select pg_advisory_xact_lock(${MIGRATION_LOCK_KEY})`.execute(trx);
      const existing = await trx
        .selectFrom('schemaMigrations')
        .select(['checksum'])
        .where('version', '=', file.version)
        .executeTakeFirst();
      if (existing) {
        if (existing.checksum !== file.checksum) {
          throw new MigrationError(
            `Migration ${file.version}_${file.name} was changed after it was applied. Migrations are forward-only: add a new file instead.`,
          );
        }
        return false;
      }
      try {
        await sql.raw(file.sql).execute(trx);
      } catch (error) {
        throw new MigrationError(`Migration ${file.version}_${file.name} failed: ${(error as Error).message}`, {
          cause: error,
        });
      }
      await trx
        .insertInto('schemaMigrations')
        .values({ version: file.version, name: file.name, checksum: file.checksum })
        .execute();
      return true;
    });
    if (done) applied.push(`${file.version}_${file.name}`);
    else alreadyApplied += 1;
  }
  return { applied, alreadyApplied };
}

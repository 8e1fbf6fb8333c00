import { PGlite, types, type PGliteOptions } from '@electric-sql/pglite';
import { btree_gist } from '@electric-sql/pglite/contrib/btree_gist';
import { citext } from '@electric-sql/pglite/contrib/citext';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { postgis } from '@electric-sql/pglite-postgis';
import { Mutex } from '../mutex.ts';

/**
 * PGlite is one PostgreSQL backend with one session. Kysely (ours) and pg-boss both talk to it,
 * so every use goes through one mutex: a Kysely transaction holds it from BEGIN to COMMIT and
 * nothing else can slip a statement into that transaction. The price: inside a transaction,
 * every query must use the transaction object (querying the root database there would wait
 * for the lock the transaction holds). On PostgreSQL the same mistake would merely run outside
 * the transaction, so it is a bug either way.
 */
export interface EmbeddedPostgres {
  readonly pglite: PGlite;
  readonly mutex: Mutex;
}

export interface RawResult {
  rows: Record<string, unknown>[];
  affectedRows?: number;
}

/** Same value parsing as our node-postgres setup (see postgres.ts): dates stay strings, int8 is a number. */
export const pgliteParsers = {
  [types.DATE]: (value: string) => value,
  [types.INT8]: (value: string) => Number(value),
};

export async function openPglite(
  dataDir: string | undefined,
  options: Pick<PGliteOptions, 'loadDataDir'> = {},
): Promise<EmbeddedPostgres> {
  const pglite = await PGlite.create({
    ...(dataDir ? { dataDir } : {}),
    ...options,
    parsers: pgliteParsers,
    extensions: { postgis, pg_trgm, btree_gist, citext },
  });
  return { pglite, mutex: new Mutex() };
}

/**
 * One statement with parameters uses the extended protocol; a parameterless text may hold
 * several statements (a migration file) and goes through the simple protocol.
 */
export async function runOnPglite(pglite: PGlite, text: string, values: readonly unknown[] = []): Promise<RawResult> {
  if (values.length > 0) {
    const result = await pglite.query<Record<string, unknown>>(text, values as unknown[]);
    return { rows: result.rows, affectedRows: result.affectedRows };
  }
  const results = await pglite.exec(text);
  const last = results[results.length - 1];
  return { rows: (last?.rows ?? []) as Record<string, unknown>[], affectedRows: last?.affectedRows };
}

/** The PGlite-shaped object pg-boss's `fromPglite` adapter drives, serialized on our mutex. */
export function serializedForPgBoss(db: EmbeddedPostgres) {
  return {
    query: <T>(text: string, params?: unknown[]) =>
      db.mutex.run(async () => (await db.pglite.query<T>(text, params)) as { rows: T[] }),
    exec: (text: string) => db.mutex.run(async () => db.pglite.exec(text)),
  };
}

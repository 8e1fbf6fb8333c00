import fs from 'node:fs';
import path from 'node:path';
import { CamelCasePlugin, Kysely, PostgresDialect, sql, type Transaction } from 'kysely';
import type { Pool } from 'pg';
import type { PlatformTables } from './platform.tables.ts';
import type { Unsubscribe } from '../pubsub/pubsub.port.ts';
import { openPglite, serializedForPgBoss, type EmbeddedPostgres } from './pglite.ts';
import { PgliteDialect } from './pglite-dialect.ts';
import { createPool, listenOnPostgres } from './postgres.ts';
import { lockDataDir } from './data-dir-lock.ts';

/**
 * The database as Kysely sees it. The platform knows only its own tables; src/db/schema.ts adds
 * every module's by declaration merging, so the platform never imports a module.
 */
export interface DB extends PlatformTables {}

export type Db = Kysely<DB>;
export type Tx = Transaction<DB>;
/** Either the database or a transaction: repositories accept both. */
export type Executor = Db | Tx;

export type DatabaseTarget =
  | { kind: 'postgres'; url: string; poolMax?: number }
  | { kind: 'pglite'; dataDir?: string; loadDataDir?: Blob };

/** Stops a listener (`Database.listen`): the same shape as a PubSub subscription's. */
export type { Unsubscribe };

const CHANNEL_NAME = /^[a-z_][a-z0-9_]*$/;

export interface Database {
  readonly kind: DatabaseTarget['kind'];
  readonly db: Db;
  /** What pg-boss needs to reach the same database. */
  readonly jobsConnection: { connectionString: string } | { pglite: ReturnType<typeof serializedForPgBoss> };
  /** A short round trip; rejects when the database cannot answer. */
  ping(timeoutMs?: number): Promise<void>;
  /** Describes where the data is, for logs and health (never includes a password). */
  readonly description: string;
  /** The embedded instance, when there is one (tests dump it to make templates). */
  readonly embedded?: EmbeddedPostgres;
  /**
   * Calls `onMessage` with the payload of each NOTIFY on `channel` (sent by any connection,
   * delivered after the sender's transaction commits). Resolves once listening; null when this
   * database cannot listen. `onLost` is called once if the listener dies (connection lost):
   * notifications may be missed from then on, so whoever relies on them must stop trusting
   * what they told it. Closing the database stops every listener (without calling `onLost`).
   */
  listen(channel: string, onMessage: (payload: string) => void, onLost: (error: unknown) => void): Promise<Unsubscribe | null>;
  close(): Promise<void>;
}

function checkChannel(channel: string): void {
  if (!CHANNEL_NAME.test(channel)) throw new Error(`Not a channel name: ${channel}`);
}

function kyselyOf(dialect: ConstructorParameters<typeof Kysely<DB>>[0]['dialect']): Db {
  return new Kysely<DB>({ dialect, plugins: [new CamelCasePlugin()] });
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} timed out after ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'postgres://(unparseable url)';
  }
}

export async function openDatabase(target: DatabaseTarget): Promise<Database> {
  if (target.kind === 'postgres') {
    const pool: Pool = createPool(target.url, target.poolMax ?? 10);
    const db = kyselyOf(new PostgresDialect({ pool }));
    const listeners = new Set<Unsubscribe>();
    return {
      kind: 'postgres',
      db,
      jobsConnection: { connectionString: target.url },
      description: `PostgreSQL at ${redactUrl(target.url)}`,
      ping: (timeoutMs = 2_000) => withTimeout(sql`select 1`.execute(db).then(() => undefined), timeoutMs, 'database ping'),
      listen: async (channel, onMessage, onLost) => {
        checkChannel(channel);
        let unsubscribe: Unsubscribe | undefined;
        const stop = await listenOnPostgres(target.url, channel, onMessage, (error) => {
          if (unsubscribe) listeners.delete(unsubscribe);
          onLost(error);
        });
        unsubscribe = async () => {
          listeners.delete(unsubscribe!);
          await stop();
        };
        listeners.add(unsubscribe);
        return unsubscribe;
      },
      close: async () => {
        await Promise.all([...listeners].map((unsubscribe) => unsubscribe()));
        await db.destroy();
      },
    };
  }

  if (target.dataDir) fs.mkdirSync(path.dirname(target.dataDir), { recursive: true });
  // One process per data directory: a second one would corrupt it (see data-dir-lock.ts).
  const lock = target.dataDir ? lockDataDir(target.dataDir) : null;
  let embedded: Awaited<ReturnType<typeof openPglite>>;
  try {
    embedded = await openPglite(target.dataDir, target.loadDataDir ? { loadDataDir: target.loadDataDir } : {});
  } catch (error) {
    lock?.release();
    throw error;
  }
  const db = kyselyOf(new PgliteDialect(embedded));
  let closed = false;
  return {
    kind: 'pglite',
    db,
    embedded,
    jobsConnection: { pglite: serializedForPgBoss(embedded) },
    description: target.dataDir ? `embedded PostgreSQL (PGlite) in ${target.dataDir}` : 'embedded PostgreSQL (PGlite) in memory',
    ping: (timeoutMs = 2_000) => withTimeout(sql`select 1`.execute(db).then(() => undefined), timeoutMs, 'database ping'),
    // One backend in this process: PGlite reads each notification from the protocol stream of
    // the statement after which it arrives (a commit's, for a transaction). The listener cannot
    // be lost short of closing, so `onLost` is never called. LISTEN/UNLISTEN go through the
    // mutex like every other statement (one slipped into an open transaction would join it).
    listen: async (channel, onMessage) => {
      checkChannel(channel);
      if (closed) return null;
      const unlisten = await embedded.mutex.run(() => embedded.pglite.listen(channel, onMessage));
      let stopped = false;
      return async () => {
        if (stopped || closed) return;
        stopped = true;
        await embedded.mutex.run(() => unlisten());
      };
    },
    close: async () => {
      if (closed) return;
      closed = true;
      // Wait for whoever holds the connection (a transaction, a job fetch) before closing.
      await embedded.mutex.run(() => embedded.pglite.close());
      lock?.release();
    },
  };
}

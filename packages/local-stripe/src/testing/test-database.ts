import { PGlite } from '@electric-sql/pglite';
import {
  CamelCasePlugin,
  CompiledQuery,
  Kysely,
  PostgresAdapter,
  PostgresDialect,
  PostgresIntrospector,
  PostgresQueryCompiler,
  type DatabaseConnection,
  type Dialect,
  type Driver,
  type QueryResult,
} from 'kysely';

/**
 * The database the package's tests run on: a fresh in-memory PGlite by default. Kysely over PGlite needs a dialect; this is the minimal one (the server has its
 * own, which the package must not import). In vitest's db-postgres project (TEST_DATABASE=postgres)
 * the database is a scratch one created on DATABASE_URL and dropped at the end.
 */
export interface TestDatabase {
  db: Kysely<any>;
  close(): Promise<void>;
}

class Gate {
  private tail: Promise<void> = Promise.resolve();
  lock(): Promise<() => void> {
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    const acquired = this.tail.then(() => release);
    this.tail = this.tail.then(() => released);
    return acquired;
  }
}

class PgliteConnection implements DatabaseConnection {
  constructor(
    private readonly pglite: PGlite,
    readonly release: () => void,
  ) {}

  async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    const result = await this.pglite.query<R>(query.sql, query.parameters as unknown[]);
    return { rows: result.rows, ...(result.affectedRows !== undefined ? { numAffectedRows: BigInt(result.affectedRows) } : {}) };
  }

  // eslint-disable-next-line require-yield
  async *streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new Error('not supported');
  }
}

class PgliteDriver implements Driver {
  private readonly gate = new Gate();
  constructor(private readonly pglite: PGlite) {}
  async init() {}
  async acquireConnection() {
    return new PgliteConnection(this.pglite, await this.gate.lock());
  }
  async beginTransaction(connection: DatabaseConnection) {
    await connection.executeQuery(CompiledQuery.raw('begin'));
  }
  async commitTransaction(connection: DatabaseConnection) {
    await connection.executeQuery(CompiledQuery.raw('commit'));
  }
  async rollbackTransaction(connection: DatabaseConnection) {
    await connection.executeQuery(CompiledQuery.raw('rollback'));
  }
  async releaseConnection(connection: DatabaseConnection) {
    (connection as PgliteConnection).release();
  }
  async destroy() {
    await this.pglite.close();
  }
}

class PgliteDialect implements Dialect {
  constructor(private readonly pglite: PGlite) {}
  createAdapter() {
    return new PostgresAdapter();
  }
  createDriver() {
    return new PgliteDriver(this.pglite);
  }
  createIntrospector(db: Kysely<any>) {
    return new PostgresIntrospector(db);
  }
  createQueryCompiler() {
    return new PostgresQueryCompiler();
  }
}

/** The server's Kysely renames columns (CamelCasePlugin); the package must work through it. */
const plugins = [new CamelCasePlugin()];

async function openPostgres(url: string): Promise<TestDatabase> {
  const { default: pg } = await import('pg');
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  const name = `local_stripe_test_${process.pid}_${Math.floor(Math.random() * 1e9)}`;
  await admin.query(`create database ${name}`);
  const target = new URL(url);
  target.pathname = `/${name}`;
  const pool = new pg.Pool({ connectionString: target.toString(), max: 4 });
  // Dropping the database with (force) ends connections still open at close; their error must not escape the test run.
  pool.on('error', () => {});
  const db = new Kysely<any>({ dialect: new PostgresDialect({ pool }), plugins });
  return {
    db,
    async close() {
      await db.destroy();
      await admin.query(`drop database if exists ${name} with (force)`);
      await admin.end();
    },
  };
}

export async function openTestDatabase(): Promise<TestDatabase> {
  const postgresUrl = process.env.TEST_DATABASE === 'postgres' ? process.env.DATABASE_URL : undefined;
  if (postgresUrl) return openPostgres(postgresUrl);
  const db = new Kysely<any>({ dialect: new PgliteDialect(new PGlite()), plugins });
  return { db, close: () => db.destroy() };
}

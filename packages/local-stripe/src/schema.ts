import { sql, type Kysely } from 'kysely';

/**
 * The local Stripe's own tables, versioned in fake_stripe_migrations. Every column name is one
 * lowercase word so the server's Kysely (with CamelCasePlugin) reads the rows unchanged.
 * Objects of every kind share one table: the JSON body is what the API answers, `internal`
 * holds what Stripe knows but does not show (a card's test behaviour, an intent's set-up state).
 */
const migrations: readonly string[] = [
  `
  create table fake_stripe_objects (
    id text primary key,
    kind text not null,
    account text not null default '',
    parent text,
    created bigint not null,
    seq bigserial not null,
    deadline bigint,
    body text not null,
    internal text not null default '{}'
  );
  create index fake_stripe_objects_list on fake_stripe_objects (kind, account, seq);
  create index fake_stripe_objects_parent on fake_stripe_objects (parent, kind);
  create index fake_stripe_objects_deadline on fake_stripe_objects (deadline) where deadline is not null;
  create table fake_stripe_events (
    id text primary key,
    seq bigserial not null,
    type text not null,
    account text not null default '',
    created bigint not null,
    body text not null
  );
  create index fake_stripe_events_seq on fake_stripe_events (account, seq);
  create table fake_stripe_idempotency (
    key text not null,
    account text not null default '',
    fingerprint text not null,
    status integer not null,
    body text not null,
    created bigint not null,
    primary key (key, account)
  );
  create index fake_stripe_idempotency_created on fake_stripe_idempotency (created);
  `,
];

export async function ensureSchema(db: Kysely<any>, nowMs: number): Promise<void> {
  await db.transaction().execute(async (tx) => {
    // Two processes starting together over one PostgreSQL must not both create the tables.
    await sql`select pg_advisory_xact_lock(hashtext('fake_stripe_migrations'))`.execute(tx);
    await sql`create table if not exists fake_stripe_migrations (version integer primary key, applied bigint not null)`.execute(tx);
    const applied = await sql<{ version: number }>`select version from fake_stripe_migrations`.execute(tx);
    const done = new Set(applied.rows.map((row) => Number(row.version)));
    for (const [index, text] of migrations.entries()) {
      const version = index + 1;
      if (done.has(version)) continue;
      for (const statement of text.split(';').map((part) => part.trim()).filter(Boolean)) {
        await sql.raw(statement).execute(tx);
      }
      await sql`insert into fake_stripe_migrations (version, applied) values (${version}, ${nowMs})`.execute(tx);
    }
  });
}

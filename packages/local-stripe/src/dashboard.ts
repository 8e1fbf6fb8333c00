import { sql, type Kysely } from 'kysely';

/** Read-only views for a local test-mode dashboard (objects and events, newest first). */
export interface DashboardObject {
  id: string;
  kind: string;
  /** '' for the platform, else the connected account. */
  account: string;
  created: number;
  body: Record<string, unknown>;
}

export interface DashboardEvent {
  id: string;
  type: string;
  account: string;
  created: number;
  /** The event exactly as delivered to onEvent. */
  json: string;
}

function limitOf(limit: number | undefined): number {
  return Math.min(Math.max(limit ?? 50, 1), 500);
}

export async function listStoredObjects(db: Kysely<any>, query: { kind?: string; limit?: number }): Promise<DashboardObject[]> {
  const where = query.kind ? sql`where kind = ${query.kind}` : sql``;
  const result = await sql<{ id: string; kind: string; account: string; created: number | string; body: string }>`
    select id, kind, account, created, body from fake_stripe_objects ${where} order by seq desc limit ${limitOf(query.limit)}`.execute(db);
  return result.rows.map((row) => ({ id: row.id, kind: row.kind, account: row.account, created: Number(row.created), body: JSON.parse(row.body) }));
}

export async function listEvents(db: Kysely<any>, query: { limit?: number; id?: string }): Promise<DashboardEvent[]> {
  const where = query.id ? sql`where id = ${query.id}` : sql``;
  const result = await sql<{ id: string; type: string; account: string; created: number | string; body: string }>`
    select id, type, account, created, body from fake_stripe_events ${where} order by seq desc limit ${limitOf(query.limit)}`.execute(db);
  return result.rows.map((row) => ({ id: row.id, type: row.type, account: row.account, created: Number(row.created), json: row.body }));
}

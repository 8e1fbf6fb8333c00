import { sql, type Kysely } from 'kysely';

/** Stripe keeps idempotency keys at least 24 hours; the simulation forgets them exactly then. */
export const IDEMPOTENCY_WINDOW_SECONDS = 24 * 60 * 60;

export interface SavedResponse {
  fingerprint: string;
  status: number;
  body: string;
}

export async function pruneIdempotencyKeys(db: Kysely<any>, nowSeconds: number): Promise<void> {
  await sql`delete from fake_stripe_idempotency where created <= ${nowSeconds - IDEMPOTENCY_WINDOW_SECONDS}`.execute(db);
}

export async function findSavedResponse(db: Kysely<any>, key: string, account: string): Promise<SavedResponse | undefined> {
  const result = await sql<SavedResponse>`select fingerprint, status, body from fake_stripe_idempotency
    where key = ${key} and account = ${account}`.execute(db);
  return result.rows[0];
}

export async function saveResponse(
  db: Kysely<any>,
  entry: { key: string; account: string; fingerprint: string; status: number; body: string; nowSeconds: number },
): Promise<void> {
  await sql`insert into fake_stripe_idempotency (key, account, fingerprint, status, body, created)
    values (${entry.key}, ${entry.account}, ${entry.fingerprint}, ${entry.status}, ${entry.body}, ${entry.nowSeconds})
    on conflict (key, account) do nothing`.execute(db);
}

import { sql, type Kysely } from 'kysely';
import type { FormObject } from './form.ts';
import { newId } from './ids.ts';
import { ObjectStore } from './store.ts';

/** The API version written on events when the request names none. */
export const DEFAULT_API_VERSION = '2026-10-28.endive';

export interface RecordedEvent {
  id: string;
  type: string;
  json: string;
}

/** Everything one API request (or one clock-driven sweep) needs, bound to its transaction. */
export interface RequestContext {
  db: Kysely<any>;
  store: ObjectStore;
  /** '' for the platform, else the connected account named by `Stripe-Account`. */
  account: string;
  publishable: boolean;
  nowSeconds: number;
  requestId: string | null;
  idempotencyKey: string | null;
  apiVersion: string;
  publicBaseUrl: string;
  /** Events written in this transaction, handed to onEvent once it commits. */
  recorded: RecordedEvent[];
}

export interface Reply {
  status: number;
  body: unknown;
}

export type Handler = (ctx: RequestContext, params: FormObject, path: string[]) => Promise<Reply>;

export interface Route {
  method: 'GET' | 'POST' | 'DELETE';
  pattern: RegExp;
  handle: Handler;
  /** Stripe.js may call it with the publishable key (then the client secret is checked). */
  publishable?: boolean;
}

export function ok(body: unknown): Reply {
  return { status: 200, body };
}

export function makeContext(db: Kysely<any>, fields: Omit<RequestContext, 'db' | 'store' | 'recorded'>): RequestContext {
  return { ...fields, db, store: new ObjectStore(db), recorded: [] };
}

/**
 * Records an event (v1 snapshot: the whole object as it is now, and on `*.updated` the changed
 * top-level fields as they were) and queues it for onEvent after commit.
 */
export async function emitEvent(
  ctx: RequestContext,
  type: string,
  object: Record<string, unknown>,
  options: { previousAttributes?: Record<string, unknown>; account?: string } = {},
): Promise<void> {
  const id = newId('evt');
  const account = options.account ?? ctx.account;
  const event: Record<string, unknown> = {
    id,
    object: 'event',
    api_version: ctx.apiVersion,
    created: ctx.nowSeconds,
    data: { object, ...(options.previousAttributes ? { previous_attributes: options.previousAttributes } : {}) },
    livemode: false,
    pending_webhooks: 1,
    request: { id: ctx.requestId, idempotency_key: ctx.idempotencyKey },
    type,
    ...(account ? { account } : {}),
  };
  const json = JSON.stringify(event);
  await sql`insert into fake_stripe_events (id, type, account, created, body)
    values (${id}, ${type}, ${account}, ${ctx.nowSeconds}, ${json})`.execute(ctx.db);
  ctx.recorded.push({ id, type, json });
}

/** The top-level fields of `before` that differ in `after`, with their old values. */
export function previousAttributes(before: Record<string, unknown>, after: Record<string, unknown>): Record<string, unknown> {
  const changed: Record<string, unknown> = {};
  for (const key of Object.keys(after)) {
    if (JSON.stringify(before[key]) !== JSON.stringify(after[key])) changed[key] = before[key] ?? null;
  }
  return changed;
}

import { sql, type RawBuilder } from 'kysely';
import { ok, type RequestContext, type Route } from '../context.ts';
import { resourceMissing } from '../errors.ts';
import type { FormObject } from '../form.ts';
import { allowOnly, listBody, optionalString, pageParams } from '../params.ts';

interface EventRow {
  body: string;
}

/** `type=payment_intent.*` matches a prefix, as Stripe's filter does. */
function typeCondition(type: string): RawBuilder<unknown> {
  return type.endsWith('.*') ? sql`type like ${`${type.slice(0, -1)}%`}` : sql`type = ${type}`;
}

async function list(ctx: RequestContext, params: FormObject) {
  allowOnly(params, ['type', 'types', 'limit', 'starting_after', 'ending_before', 'created', 'delivery_success']);
  const page = pageParams(params);
  const conditions: RawBuilder<unknown>[] = [sql`account = ${ctx.account}`];
  const type = optionalString(params, 'type');
  if (type) conditions.push(typeCondition(type));
  const types = Array.isArray(params.types) ? params.types.filter((entry): entry is string => typeof entry === 'string') : [];
  if (types.length > 0) conditions.push(sql`(${sql.join(types.map(typeCondition), sql` or `)})`);
  const ascending = page.endingBefore !== undefined && page.startingAfter === undefined;
  if (page.startingAfter) conditions.push(sql`seq < (select seq from fake_stripe_events where id = ${page.startingAfter})`);
  else if (page.endingBefore) conditions.push(sql`seq > (select seq from fake_stripe_events where id = ${page.endingBefore})`);
  const result = await sql<EventRow>`select body from fake_stripe_events where ${sql.join(conditions, sql` and `)}
    order by ${ascending ? sql`seq asc` : sql`seq desc`} limit ${page.limit + 1}`.execute(ctx.db);
  const rows = result.rows.slice(0, page.limit).map((row) => JSON.parse(row.body));
  return ok(listBody('/v1/events', ascending ? rows.reverse() : rows, result.rows.length > page.limit));
}

async function retrieve(ctx: RequestContext, _params: FormObject, [id]: string[]) {
  const result = await sql<EventRow>`select body from fake_stripe_events where id = ${id} and account = ${ctx.account}`.execute(ctx.db);
  const row = result.rows[0];
  if (!row) throw resourceMissing('event', id!);
  return ok(JSON.parse(row.body));
}

export const eventRoutes: Route[] = [
  { method: 'GET', pattern: /^\/v1\/events$/, handle: list },
  { method: 'GET', pattern: /^\/v1\/events\/([^/]+)$/, handle: retrieve },
];

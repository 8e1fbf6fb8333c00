import { sql, type Kysely, type RawBuilder } from 'kysely';

/** One stored Stripe object: its API body and what only the simulation knows about it. */
export interface StoredObject<B = Record<string, any>, I = Record<string, any>> {
  id: string;
  kind: string;
  account: string;
  parent: string | null;
  created: number;
  deadline: number | null;
  body: B;
  internal: I;
}

export interface ListQuery {
  account?: string;
  parent?: string;
  /** Top-level body fields that must equal these texts. */
  fields?: Record<string, string>;
  /** Leave out deleted objects (`{deleted: true}` bodies), as Stripe's lists do. */
  excludeDeleted?: boolean;
  /** Only objects created in this range (unix seconds), as `created[gte]=` asks. */
  created?: { gt?: number; gte?: number; lt?: number; lte?: number };
  limit: number;
  startingAfter?: string;
  endingBefore?: string;
}

export interface ListPage<B> {
  data: B[];
  hasMore: boolean;
}

interface ObjectRow {
  id: string;
  kind: string;
  account: string;
  parent: string | null;
  created: number | string;
  deadline: number | string | null;
  body: string;
  internal: string;
}

function fromRow(row: ObjectRow): StoredObject {
  return {
    id: row.id,
    kind: row.kind,
    account: row.account,
    parent: row.parent,
    created: Number(row.created),
    deadline: row.deadline === null ? null : Number(row.deadline),
    body: JSON.parse(row.body),
    internal: JSON.parse(row.internal),
  };
}

/** The fake_stripe_objects table through one Kysely handle (the request's transaction). */
export class ObjectStore {
  constructor(readonly db: Kysely<any>) {}

  async get(kind: string, id: string): Promise<StoredObject | undefined> {
    const result = await sql<ObjectRow>`select * from fake_stripe_objects where id = ${id} and kind = ${kind}`.execute(this.db);
    const row = result.rows[0];
    return row ? fromRow(row) : undefined;
  }

  async getAnyKind(id: string): Promise<StoredObject | undefined> {
    const result = await sql<ObjectRow>`select * from fake_stripe_objects where id = ${id}`.execute(this.db);
    const row = result.rows[0];
    return row ? fromRow(row) : undefined;
  }

  async insert(object: StoredObject): Promise<void> {
    await sql`insert into fake_stripe_objects (id, kind, account, parent, created, deadline, body, internal)
      values (${object.id}, ${object.kind}, ${object.account}, ${object.parent}, ${object.created}, ${object.deadline},
              ${JSON.stringify(object.body)}, ${JSON.stringify(object.internal)})`.execute(this.db);
  }

  async save(object: StoredObject): Promise<void> {
    await sql`update fake_stripe_objects set parent = ${object.parent}, deadline = ${object.deadline},
      body = ${JSON.stringify(object.body)}, internal = ${JSON.stringify(object.internal)} where id = ${object.id}`.execute(this.db);
  }

  /** Newest first, as Stripe lists. */
  async list(kind: string, query: ListQuery): Promise<ListPage<StoredObject>> {
    const conditions: RawBuilder<unknown>[] = [sql`kind = ${kind}`];
    if (query.account !== undefined) conditions.push(sql`account = ${query.account}`);
    if (query.parent !== undefined) conditions.push(sql`parent = ${query.parent}`);
    for (const [field, value] of Object.entries(query.fields ?? {})) {
      conditions.push(sql`(body::jsonb ->> ${field}) = ${value}`);
    }
    if (query.excludeDeleted) conditions.push(sql`(body::jsonb ->> 'deleted') is null`);
    const created = query.created ?? {};
    if (created.gt !== undefined) conditions.push(sql`created > ${created.gt}`);
    if (created.gte !== undefined) conditions.push(sql`created >= ${created.gte}`);
    if (created.lt !== undefined) conditions.push(sql`created < ${created.lt}`);
    if (created.lte !== undefined) conditions.push(sql`created <= ${created.lte}`);
    const ascending = query.endingBefore !== undefined && query.startingAfter === undefined;
    if (query.startingAfter !== undefined) {
      conditions.push(sql`seq < (select seq from fake_stripe_objects where id = ${query.startingAfter})`);
    } else if (query.endingBefore !== undefined) {
      conditions.push(sql`seq > (select seq from fake_stripe_objects where id = ${query.endingBefore})`);
    }
    const where = sql.join(conditions, sql` and `);
    const order = ascending ? sql`seq asc` : sql`seq desc`;
    const result = await sql<ObjectRow>`select * from fake_stripe_objects where ${where} order by ${order} limit ${query.limit + 1}`.execute(this.db);
    const rows = result.rows.map(fromRow);
    const hasMore = rows.length > query.limit;
    const page = rows.slice(0, query.limit);
    return { data: ascending ? page.reverse() : page, hasMore };
  }

  /** Everything of a kind for one account (balances are summed from these). */
  async all(kind: string, account: string): Promise<StoredObject[]> {
    const result = await sql<ObjectRow>`select * from fake_stripe_objects where kind = ${kind} and account = ${account} order by seq`.execute(this.db);
    return result.rows.map(fromRow);
  }

  async due(kind: string, nowSeconds: number): Promise<StoredObject[]> {
    const result = await sql<ObjectRow>`select * from fake_stripe_objects
      where kind = ${kind} and deadline is not null and deadline <= ${nowSeconds} order by deadline, seq`.execute(this.db);
    return result.rows.map(fromRow);
  }
}

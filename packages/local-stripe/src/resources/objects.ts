import type { RequestContext } from '../context.ts';
import { resourceMissing } from '../errors.ts';
import { newId } from '../ids.ts';
import type { ListQuery, StoredObject } from '../store.ts';
import { listBody, type PageParams } from '../params.ts';

/** How Stripe names each kind in "No such …" errors. */
const labels: Record<string, string> = {
  customer: 'customer',
  payment_method: 'PaymentMethod',
  setup_intent: 'setupintent',
  payment_intent: 'payment_intent',
  charge: 'charge',
  refund: 'refund',
  transfer: 'transfer',
  transfer_reversal: 'transfer reversal',
  application_fee: 'application fee',
  balance_transaction: 'balance transaction',
  payout: 'payout',
  account: 'account',
  'identity.verification_session': 'verification session',
};

export interface NewObject {
  kind: string;
  prefix: string;
  body: Record<string, unknown>;
  parent?: string | null;
  internal?: Record<string, unknown>;
  deadline?: number | null;
  account?: string;
  id?: string;
}

/** Inserts a Stripe object with the fields every object carries (id, object, created, livemode). */
export async function createObject(ctx: RequestContext, spec: NewObject): Promise<StoredObject> {
  const id = spec.id ?? newId(spec.prefix);
  const stored: StoredObject = {
    id,
    kind: spec.kind,
    account: spec.account ?? ctx.account,
    parent: spec.parent ?? null,
    created: ctx.nowSeconds,
    deadline: spec.deadline ?? null,
    body: { id, object: spec.kind, ...spec.body, created: ctx.nowSeconds, livemode: false },
    internal: spec.internal ?? {},
  };
  await ctx.store.insert(stored);
  return stored;
}

/** An object of this kind in the caller's account, or Stripe's 404. */
export async function load(ctx: RequestContext, kind: string, id: string, param = 'id'): Promise<StoredObject> {
  const found = await ctx.store.get(kind, id);
  if (!found || found.account !== ctx.account) throw resourceMissing(labels[kind] ?? kind, id, param);
  return found;
}

export async function listObjects(
  ctx: RequestContext,
  kind: string,
  url: string,
  page: PageParams,
  filter: Omit<ListQuery, keyof PageParams | 'account'> = {},
): Promise<Record<string, unknown>> {
  const result = await ctx.store.list(kind, { ...filter, ...page, account: ctx.account });
  return listBody(url, result.data.map((object) => object.body), result.hasMore);
}

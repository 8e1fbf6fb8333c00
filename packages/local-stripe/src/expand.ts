import type { ObjectStore } from './store.ts';

/**
 * `expand[]=latest_charge.balance_transaction`: each dotted path replaces an id with the object
 * it names, walking into lists' `data` and nested objects as Stripe does.
 */
export async function expandBody(store: ObjectStore, body: unknown, paths: string[]): Promise<unknown> {
  const copy = structuredClone(body);
  for (const path of paths) await expandAt(store, copy, path.split('.'));
  return copy;
}

async function expandAt(store: ObjectStore, target: unknown, segments: string[]): Promise<void> {
  if (!target || typeof target !== 'object') return;
  if (Array.isArray(target)) {
    for (const item of target) await expandAt(store, item, segments);
    return;
  }
  const [head, ...rest] = segments;
  if (head === undefined) return;
  const record = target as Record<string, unknown>;
  let child = record[head];
  if (typeof child === 'string') {
    const found = await store.getAnyKind(child);
    if (found) child = found.body;
  }
  record[head] = child;
  if (rest.length > 0) await expandAt(store, child, rest);
}

/**
 * Stripe's request encoding: `application/x-www-form-urlencoded` with bracket keys, as the
 * official SDK writes it (qs, `arrayFormat: 'indices'`): `metadata[order]=7`,
 * `expand[0]=latest_charge`, `transfer_data[destination]=acct_…`. Query strings use the same
 * grammar. Values stay strings; each endpoint decides what a number or a boolean is.
 */
export type FormValue = string | FormObject | FormValue[];
export interface FormObject {
  [key: string]: FormValue;
}

export function parseForm(text: string): FormObject {
  const root: FormObject = {};
  if (!text) return root;
  for (const pair of text.split('&')) {
    if (!pair) continue;
    const eq = pair.indexOf('=');
    const rawKey = eq === -1 ? pair : pair.slice(0, eq);
    const rawValue = eq === -1 ? '' : pair.slice(eq + 1);
    const key = decode(rawKey);
    const value = decode(rawValue);
    assign(root, splitKey(key), value);
  }
  return normalizeArrays(root) as FormObject;
}

/** Percent-decoding that keeps a malformed escape as written instead of throwing. */
export function decode(part: string): string {
  const text = part.replace(/\+/g, ' ');
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** `a[b][]` → ['a', 'b', ''] */
function splitKey(key: string): string[] {
  const open = key.indexOf('[');
  if (open <= 0) return [key];
  const path = [key.slice(0, open)];
  const re = /\[([^\]]*)\]/g;
  let match: RegExpExecArray | null;
  while ((match = re.exec(key.slice(open))) !== null) path.push(match[1] ?? '');
  return path;
}

type Mutable = Record<string, unknown>;

function assign(target: Mutable, path: string[], value: string): void {
  const [head, ...rest] = path;
  if (head === undefined) return;
  // `expand[]=a&expand[]=b`: an empty segment appends, numbered later by normalizeArrays.
  const slot = head === '' ? String(Object.keys(target).length) : head;
  if (rest.length === 0) {
    target[slot] = value;
    return;
  }
  const existing = target[slot];
  const child: Mutable = existing && typeof existing === 'object' ? (existing as Mutable) : {};
  target[slot] = child;
  assign(child, rest, value);
}

/** Objects whose keys are all 0..n-1 become arrays (the SDK's indexed arrays). */
function normalizeArrays(value: unknown): FormValue {
  if (typeof value === 'string') return value;
  const object = value as Mutable;
  const keys = Object.keys(object);
  const normalized: FormObject = {};
  for (const key of keys) normalized[key] = normalizeArrays(object[key]);
  const isArray = keys.length > 0 && keys.every((key) => /^\d+$/.test(key));
  if (!isArray) return normalized;
  return keys
    .map(Number)
    .sort((a, b) => a - b)
    .map((index) => normalized[String(index)] as FormValue);
}

/** A stable text for "the same parameters" (idempotency): keys sorted at every level. */
export function canonicalParams(value: FormValue): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonicalParams).join(',')}]`;
  const keys = Object.keys(value).sort();
  return `{${keys.map((key) => `${JSON.stringify(key)}:${canonicalParams(value[key] as FormValue)}`).join(',')}}`;
}

import type { FieldError } from '../errors.ts';

/**
 * What PostgreSQL can store. A `text` value cannot hold U+0000 (the driver fails with
 * `invalid byte sequence for encoding "UTF8"`, a 500), and a lone UTF-16 surrogate has no
 * UTF-8 form (it would be silently replaced by U+FFFD, so what we store is not what was sent).
 * JSON and percent-encoding can carry both, so every input is checked once, here.
 */
const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export function isStorableText(value: string): boolean {
  return !UNSTORABLE.test(value);
}

/**
 * Deeper than any request this API defines (its deepest body nests a handful of levels); a
 * bound keeps schema checks and this walk from recursing without end on `[[[[…]]]]`.
 */
export const MAX_INPUT_DEPTH = 32;

/**
 * The first unstorable string (value or object key) or the first too-deep value in an input,
 * named by its dotted path from `root` (`body.name`, `query.q`, `path.id`). Iterative, so a
 * hostile nesting cannot exhaust the stack.
 */
export function findUnstorableInput(input: unknown, root: string): FieldError | null {
  const pending: Array<{ value: unknown; path: string; depth: number }> = [{ value: input, path: root, depth: 0 }];
  while (pending.length > 0) {
    const { value, path, depth } = pending.pop()!;
    if (typeof value === 'string') {
      if (!isStorableText(value)) return { field: path, reason: 'contains a character that cannot be stored (NUL or a lone surrogate)' };
      continue;
    }
    if (value === null || typeof value !== 'object' || ArrayBuffer.isView(value)) continue;
    if (depth >= MAX_INPUT_DEPTH) return { field: path, reason: `is nested more than ${MAX_INPUT_DEPTH} levels deep` };
    for (const [key, child] of Object.entries(value)) {
      const childPath = `${path}.${key}`;
      if (!isStorableText(key)) return { field: `${path}.${JSON.stringify(key).slice(1, -1)}`, reason: 'has a name with a character that cannot be stored' };
      pending.push({ value: child, path: childPath, depth: depth + 1 });
    }
  }
  return null;
}

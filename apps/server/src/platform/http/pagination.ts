import { z } from 'zod';
import { DomainError } from '../errors.ts';
import { isStorableText } from './storable-input.ts';

/**
 * Cursor pagination (`limit`, `cursor` → `items`, `nextCursor`). A cursor is the sort key of
 * the last item returned, opaque to clients (base64url JSON).
 */
export const paginationQuery = {
  limit: z.coerce.number().int().min(1).max(100).default(20).describe('Items per page (1–100)'),
  cursor: z.string().max(500).optional().describe('nextCursor of the previous page'),
};

export function pageSchema<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), nextCursor: z.string().nullable() });
}

export function encodeCursor(key: readonly (string | number)[]): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

export function decodeCursor(cursor: string, shape: z.ZodType<readonly (string | number)[]>): readonly (string | number)[] {
  try {
    const key = shape.parse(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')));
    // The input guard sees the cursor only encoded; what it decodes to goes to SQL, so it is checked here.
    if (key.some((part) => typeof part === 'string' && !isStorableText(part))) throw new Error('unstorable cursor key');
    return key;
  } catch {
    throw new DomainError('validation_failed', 'The cursor is not one this API returned', {
      errors: [{ field: 'query.cursor', reason: 'is not a valid cursor' }],
    });
  }
}

/** Fetch limit + 1 rows; this trims the extra one and derives the next cursor from the last kept row. */
export function toPage<T>(rows: T[], limit: number, keyOf: (row: T) => readonly (string | number)[]) {
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  return { items, nextCursor: rows.length > limit && last ? encodeCursor(keyOf(last)) : null };
}

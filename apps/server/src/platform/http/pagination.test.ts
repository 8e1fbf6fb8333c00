import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { DomainError } from '../errors.ts';
import { decodeCursor, encodeCursor } from './pagination.ts';

const shape = z.tuple([z.string(), z.string()]);

describe('cursors', () => {
  it('round-trips the key it encoded', () => {
    expect(decodeCursor(encodeCursor(['2026-11-23', '01JAAAAAAAAAAAAAAAAAAAAAAA']), shape)).toEqual(['2026-11-23', '01JAAAAAAAAAAAAAAAAAAAAAAA']);
  });

  it.each([
    ['not base64url JSON', '!!!'],
    ['the wrong shape', encodeCursor(['only one'])],
    // Decodes to a key PostgreSQL cannot compare against: it must not reach SQL (it was a 500).
    ['a NUL inside the key', encodeCursor(['a\u0000', 'b'])],
    ['a lone surrogate inside the key', encodeCursor(['a', '\uD800'])],
  ])('refuses %s as a 400 naming query.cursor', (_name, cursor) => {
    let caught: unknown;
    try {
      decodeCursor(cursor, shape);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(DomainError);
    expect((caught as DomainError).details.errors).toEqual([{ field: 'query.cursor', reason: 'is not a valid cursor' }]);
  });
});

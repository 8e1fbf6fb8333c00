import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { registerHumanZodMessages } from './zod-messages.ts';

registerHumanZodMessages();

const messages = (schema: z.ZodType, input: unknown) =>
  Object.fromEntries((schema.safeParse(input).error?.issues ?? []).map((i) => [i.path.join('.'), i.message]));

describe('human Zod messages', () => {
  const schema = z
    .object({
      years: z.number().int().min(0).max(80),
      email: z.email(),
      level: z.enum(['beginner', 'advanced']),
      tags: z.array(z.string().min(2).max(5)).min(1).max(2),
      day: z.iso.date(),
      id: z.ulid(),
      name: z.string().min(1),
      custom: z.string().min(3, 'needs three letters').optional(),
    })
    .strict();

  it('words every common issue as the end of a sentence about the field', () => {
    expect(messages(schema, { years: -1, email: 'no', level: 'x', tags: [], day: '2026-13-01', id: 'x', name: '', extra: 1 })).toEqual({
      years: 'must be at least 0',
      email: 'must be an email address, like name@example.com',
      level: 'must be one of “beginner” or “advanced”',
      tags: 'must have at least one item',
      day: 'must be a date written YYYY-MM-DD',
      id: 'is not a valid id',
      name: 'must not be empty',
      '': 'has a field we do not accept: extra',
    });
    expect(messages(schema, { years: 1.5, email: 'a@b.co', level: 'beginner', tags: ['a', 'toolong'], day: '2026-11-23', id: '01J00000000000000000000000', name: 'A' })).toEqual({
      years: 'must be a whole number',
      'tags.0': 'must be at least 2 characters long',
      'tags.1': 'must be at most 5 characters long',
    });
  });

  it('counts the items of a list that is too long', () => {
    expect(messages(z.array(z.string()).max(2), ['a', 'b', 'c'])).toEqual({ '': 'must have at most 2 items' });
  });

  it('says a missing field is required and keeps a message the schema sets itself', () => {
    expect(messages(z.object({ a: z.string(), b: z.number(), c: z.string().min(3, 'needs three letters') }), { b: 'x', c: 'ab' })).toEqual({
      a: 'is required',
      b: 'must be a number',
      c: 'needs three letters',
    });
  });

  it('does not read out the limits of a safe integer', () => {
    expect(messages(z.number().int(), 2 ** 60)).toEqual({ '': 'is too large' });
  });
});

import Fastify from 'fastify';
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { registerInputGuard } from './input-guard.ts';
import { registerProblemHandler } from './problem.ts';
import { findUnstorableInput, isStorableText, MAX_INPUT_DEPTH } from './storable-input.ts';

async function guardedApp() {
  const app = Fastify({ logger: false }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  registerProblemHandler(app);
  registerInputGuard(app);
  // A handler that would store what it gets: the guard must stop bad input before it.
  let reached = 0;
  app.post(
    '/things/:id',
    { schema: { params: z.object({ id: z.string() }), querystring: z.object({ q: z.string().optional() }), body: z.object({ name: z.string(), extra: z.unknown().optional() }) } },
    async () => {
      reached += 1;
      return 'stored';
    },
  );
  await app.ready();
  return { app, reached: () => reached };
}

describe('the input guard', () => {
  it.each([
    ['NUL in a body string', '/things/1', { name: 'Ann\u0000' }, 'body.name'],
    ['a lone surrogate in a body string', '/things/1', { name: 'Ann\uD800' }, 'body.name'],
    ['NUL deep in a body', '/things/1', { name: 'Ann', extra: { list: ['ok', 'b\u0000d'] } }, 'body.extra.list.1'],
    ['NUL in a query string', '/things/1?q=%00', { name: 'Ann' }, 'query.q'],
    ['NUL in a path parameter', '/things/%00', { name: 'Ann' }, 'path.id'],
  ])('refuses %s with 400 naming the field', async (_name, url, payload, field) => {
    const { app, reached } = await guardedApp();
    const response = await app.inject({ method: 'POST', url, payload });
    expect(response.statusCode).toBe(400);
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(response.json().errors).toEqual([{ field, reason: expect.stringContaining('cannot be stored') }]);
    expect(reached()).toBe(0);
  });

  it('refuses nesting deeper than the limit, without exhausting the stack', async () => {
    const { app } = await guardedApp();
    const deep = `{"name":"Ann","extra":${'['.repeat(100_000)}${']'.repeat(100_000)}}`;
    const response = await app.inject({ method: 'POST', url: '/things/1', payload: deep, headers: { 'content-type': 'application/json' } });
    expect(response.statusCode).toBe(400);
    expect(response.json().errors[0]).toEqual({ field: expect.stringMatching(/^body\.extra(\.0)*$/), reason: `is nested more than ${MAX_INPUT_DEPTH} levels deep` });
  });

  it('lets ordinary text through, emoji and every script included', async () => {
    const { app, reached } = await guardedApp();
    const response = await app.inject({ method: 'POST', url: '/things/%C3%A9?q=caf%C3%A9', payload: { name: 'Zoë 李 🎹 \t\n' } });
    expect(response.statusCode).toBe(200);
    expect(reached()).toBe(1);
  });
});

describe('storable text', () => {
  it('knows what PostgreSQL text can hold', () => {
    expect(isStorableText('plain 🎹')).toBe(true);
    expect(isStorableText('\u0000')).toBe(false);
    expect(isStorableText('\uDC00x')).toBe(false);
    expect(isStorableText('x\uD83C')).toBe(false);
  });

  it('checks object keys as well as values', () => {
    expect(findUnstorableInput({ ['k\u0000']: 1 }, 'body')).toEqual({ field: 'body.k\\u0000', reason: expect.any(String) });
    expect(findUnstorableInput({ a: [1, true, null, 'x'] }, 'body')).toBeNull();
  });
});

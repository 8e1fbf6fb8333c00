import Fastify from 'fastify';
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { DomainError } from '../errors.ts';
import { handleFrameworkError, registerProblemHandler } from './problem.ts';

async function appWith(register: (app: ReturnType<typeof bare>) => void) {
  const app = bare();
  registerProblemHandler(app);
  register(app);
  await app.ready();
  return app;
}

function bare() {
  const app = Fastify({ logger: false, genReqId: () => 'trace-1234567890' }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  return app;
}

describe('problem+json errors', () => {
  it('hides the details of unexpected errors', async () => {
    const app = await appWith((a) => a.get('/boom', async () => {
      throw new Error('password=hunter2 at db.internal');
    }));
    const response = await app.inject({ method: 'GET', url: '/boom' });
    expect(response.statusCode).toBe(500);
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(response.body).not.toContain('hunter2');
    expect(response.json()).toEqual({
      type: '/problems/internal',
      title: 'Internal server error',
      status: 500,
      detail: 'Something went wrong on our side.',
      instance: '/boom',
      code: 'internal',
      traceId: 'trace-1234567890',
    });
  });

  it('maps domain errors to their status with their message and details', async () => {
    const app = await appWith((a) =>
      a.get('/conflict', async () => {
        throw new DomainError('conflict', 'That time was just booked', { slotStart: '2026-11-24T15:00:00Z' });
      }),
    );
    const response = await app.inject({ method: 'GET', url: '/conflict?x=1' });
    expect(response.statusCode).toBe(409);
    expect(response.json()).toMatchObject({
      type: '/problems/conflict',
      code: 'conflict',
      detail: 'That time was just booked',
      slotStart: '2026-11-24T15:00:00Z',
      instance: '/conflict',
    });
  });

  it('never exposes the message of a 5xx domain error', async () => {
    const app = await appWith((a) =>
      a.get('/unavailable', async () => {
        throw new DomainError('service_unavailable', 'stripe key sk_live_123 rejected', { secret: 'x' });
      }),
    );
    const problem = (await app.inject({ method: 'GET', url: '/unavailable' })).json();
    expect(problem.status).toBe(503);
    expect(JSON.stringify(problem)).not.toContain('sk_live');
    expect(problem).not.toHaveProperty('secret');
  });

  it('answers 409 when the database refuses a write by an integrity rule (a race past the service check)', async () => {
    const app = await appWith((a) =>
      a.get('/race', async () => {
        throw Object.assign(new Error('a 60 minute lesson must cost at least 9000 cents'), { code: '23514', constraint: 'instructor_service_rates_price_floor' });
      }),
    );
    const response = await app.inject({ method: 'GET', url: '/race' });
    expect(response.statusCode).toBe(409);
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(response.json()).toMatchObject({ code: 'conflict' });
    expect(response.body).not.toContain('9000');
  });

  it('names each invalid field with its location and the reason', async () => {
    const app = await appWith((a) =>
      a.post('/items/:id', {
        schema: {
          params: z.object({ id: z.string().length(26) }),
          body: z.object({ email: z.email(), items: z.array(z.object({ quantity: z.number().int().positive() })) }),
        },
      }, async () => 'ok'),
    );
    const response = await app.inject({ method: 'POST', url: '/items/short', payload: { email: 'x', items: [{ quantity: 0 }] } });
    expect(response.statusCode).toBe(400);
    const problem = response.json();
    expect(problem.code).toBe('validation_failed');
    // Fastify validates params before the body and stops at the first failing part.
    expect(problem.errors).toEqual([{ field: 'path.id', reason: expect.stringMatching(/26/) }]);

    const body = (await app.inject({ method: 'POST', url: `/items/${'A'.repeat(26)}`, payload: { email: 'x', items: [{ quantity: 0 }] } })).json();
    expect(body.errors.map((e: { field: string }) => e.field)).toEqual(['body.email', 'body.items.0.quantity']);
    expect(body.detail).toContain('body.email:');
  });

  it('turns a 429 into a Retry-After header', async () => {
    const app = await appWith((a) =>
      a.get('/limited', async () => {
        throw new DomainError('rate_limited', 'Slow down', { retryAfterSeconds: 7 });
      }),
    );
    const response = await app.inject({ method: 'GET', url: '/limited' });
    expect(response.statusCode).toBe(429);
    expect(response.headers['retry-after']).toBe('7');
  });
});

describe("Fastify's own refusals as problem+json naming the input", () => {
  async function jsonApp() {
    const app = Fastify({ logger: false, bodyLimit: 1024, frameworkErrors: handleFrameworkError }).withTypeProvider<ZodTypeProvider>();
    app.setValidatorCompiler(validatorCompiler);
    app.setSerializerCompiler(serializerCompiler);
    registerProblemHandler(app);
    app.post('/things', { schema: { body: z.object({ name: z.string() }) } }, async () => 'ok');
    app.get('/things/:id', { schema: { params: z.object({ id: z.string() }) } }, async () => 'ok');
    await app.ready();
    return app;
  }

  async function problemOf(response: { statusCode: number; headers: Record<string, unknown>; json(): unknown }) {
    expect(response.headers['content-type']).toContain('application/problem+json');
    return response.json() as { status: number; code: string; errors?: Array<{ field: string }> };
  }

  it.each([
    ['broken JSON', { payload: '{"name":', headers: { 'content-type': 'application/json' } }, 400, 'body'],
    ['an empty JSON body', { payload: '', headers: { 'content-type': 'application/json' } }, 400, 'body'],
    ['prototype poisoning', { payload: '{"__proto__":{"admin":true}}', headers: { 'content-type': 'application/json' } }, 400, 'body'],
    ['a type no route parses', { payload: 'name=x', headers: { 'content-type': 'application/x-www-form-urlencoded' } }, 415, 'headers.content-type'],
    ['a body over the limit', { payload: JSON.stringify({ name: 'x'.repeat(2048) }), headers: { 'content-type': 'application/json' } }, 413, 'body'],
  ])('%s', async (_name, request, status, field) => {
    const app = await jsonApp();
    const problem = await problemOf(await app.inject({ method: 'POST', url: '/things', ...request }));
    expect(problem.status).toBe(status);
    expect(problem.errors).toEqual([{ field, reason: expect.any(String) }]);
  });

  it('a path that is not valid percent-encoding (400) or a path parameter over the router limit (414)', async () => {
    const app = await jsonApp();
    const bad = await app.inject({ method: 'GET', url: '/things/%FF' });
    expect(bad.statusCode).toBe(400);
    expect((await problemOf(bad)).errors).toEqual([{ field: 'path', reason: 'is not valid percent-encoded UTF-8' }]);
    const long = await app.inject({ method: 'GET', url: `/things/${'a'.repeat(101)}` });
    expect(long.statusCode).toBe(414);
    expect((await problemOf(long)).errors).toEqual([{ field: 'path', reason: 'has a segment longer than 100 characters' }]);
    // The long path is echoed once (as the instance), not in every message.
    expect(long.body.split('a'.repeat(101)).length - 1).toBe(1);
  });
});

import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { requireAccessDeclarations } from './access.ts';

describe('every API route declares its access', () => {
  it('refuses to start with an API route that declares nothing', async () => {
    const app = Fastify();
    requireAccessDeclarations(app);
    expect(() => app.get('/api/v1/secret', async () => 'oops')).toThrow(/does not declare its access/);
    await app.close();
  });

  it('accepts declared API routes and ignores routes outside the API', async () => {
    const app = Fastify();
    requireAccessDeclarations(app);
    app.get('/api/v1/catalog', { config: { access: 'public' } }, async () => 'ok');
    app.get('/metrics', async () => 'guarded by its own check');
    await app.ready();
    expect((await app.inject({ method: 'GET', url: '/api/v1/catalog' })).statusCode).toBe(200);
    await app.close();
  });
});

import Fastify, { type FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { permissionsOf } from '../../modules/accounts/permissions.ts';
import type { Principal } from '../auth/principal.ts';
import { registerAuthentication } from './authenticate.ts';
import { registerProblemHandler } from './problem.ts';

const open: FastifyInstance[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((app) => app.close()));
});

const student: Principal = { kind: 'user', userId: 'u1', sessionId: 's1', roles: ['student'], permissions: permissionsOf(['student']) };

async function appWithRoutes() {
  const lookups: string[] = [];
  const app = Fastify();
  registerProblemHandler(app);
  registerAuthentication(app, async (token) => {
    lookups.push(token);
    return token === 'good' ? student : null;
  });
  const who = async (request: { principal: Principal | null }) => ({ userId: request.principal?.kind === 'user' ? request.principal.userId : null });
  app.get('/api/v1/public', { config: { access: 'public', anonymous: true } }, who);
  app.get('/api/v1/public-reads-caller', { config: { access: 'public' } }, who);
  app.get('/api/v1/public-per-user', { config: { access: 'public', anonymous: true, rateLimit: [{ name: 'x', policy: { limit: 5, periodMs: 60_000 }, by: 'user' }] } }, who);
  app.get('/api/v1/public-computed', { config: { access: 'public', anonymous: true, rateLimit: [{ name: 'y', policy: { limit: 5, periodMs: 60_000 }, by: () => 'k' }] } }, who);
  app.get('/api/v1/mine', { config: { access: 'account:read_own' } }, who);
  await app.ready();
  open.push(app);
  return { app, lookups };
}

describe('authentication', () => {
  it('resolves the principal on a public route not declared anonymous (its handler may look at the caller)', async () => {
    const { app, lookups } = await appWithRoutes();
    expect((await app.inject({ url: '/api/v1/public-reads-caller', headers: { authorization: 'Bearer good' } })).json()).toEqual({ userId: 'u1' });
    expect((await app.inject({ url: '/api/v1/public-reads-caller', headers: { authorization: 'Bearer bad' } })).statusCode).toBe(200);
    expect(lookups).toEqual(['good', 'bad']);
  });

  it('does not look a token up on an anonymous public route whose limits are per address (the default) or global', async () => {
    const { app, lookups } = await appWithRoutes();
    const response = await app.inject({ url: '/api/v1/public', headers: { authorization: 'Bearer good' } });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ userId: null });
    // An invalid token on a public route is not an error either.
    expect((await app.inject({ url: '/api/v1/public', headers: { authorization: 'Bearer bad' } })).statusCode).toBe(200);
    expect(lookups).toEqual([]);
  });

  it('resolves the principal on a public route with a per-user or computed limit', async () => {
    const { app, lookups } = await appWithRoutes();
    expect((await app.inject({ url: '/api/v1/public-per-user', headers: { authorization: 'Bearer good' } })).json()).toEqual({ userId: 'u1' });
    expect((await app.inject({ url: '/api/v1/public-computed', headers: { authorization: 'Bearer good' } })).json()).toEqual({ userId: 'u1' });
    expect((await app.inject({ url: '/api/v1/public-per-user', headers: { authorization: 'Bearer bad' } })).statusCode).toBe(200);
    expect(lookups).toEqual(['good', 'good', 'bad']);
  });

  it('enforces access on protected routes: 401 without or with a bad token, the principal with a good one', async () => {
    const { app } = await appWithRoutes();
    const anonymous = await app.inject({ url: '/api/v1/mine' });
    expect(anonymous.statusCode).toBe(401);
    expect(anonymous.json().detail).toBe('You need to log in to do this.');
    const invalid = await app.inject({ url: '/api/v1/mine', headers: { authorization: 'Bearer bad' } });
    expect(invalid.statusCode).toBe(401);
    expect(invalid.json().detail).toMatch(/invalid or has expired/);
    expect((await app.inject({ url: '/api/v1/mine', headers: { authorization: 'Bearer good' } })).json()).toEqual({ userId: 'u1' });
  });
});

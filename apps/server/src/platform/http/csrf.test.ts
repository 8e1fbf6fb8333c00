import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../config.ts';
import { claimedOrigin, hasCookie, REFRESH_COOKIE, registerCsrfProtection } from './csrf.ts';
import { registerProblemHandler } from './problem.ts';

async function appFor(env: Record<string, string> = {}) {
  const config = loadConfig({ NODE_ENV: 'test', PUBLIC_URL: 'https://instainstru.example', CORS_ORIGINS: 'https://admin.instainstru.example/', ...env });
  const app = Fastify({ logger: false });
  registerProblemHandler(app);
  registerCsrfProtection(app, config);
  app.post('/api/v1/auth/refresh', async () => ({ refreshed: true }));
  app.delete('/api/v1/auth/sessions/:id', async () => ({ revoked: true }));
  app.get('/api/v1/auth/sessions', async () => ({ items: [] }));
  await app.ready();
  return app;
}

const cookie = `theme=dark; ${REFRESH_COOKIE}=abc.def`;

describe('CSRF protection for cookie-authenticated requests', () => {
  it('exports the refresh cookie name', () => {
    expect(REFRESH_COOKIE).toBe('ii_refresh');
  });

  it.each([
    ['PUBLIC_URL', { origin: 'https://instainstru.example' }],
    ['a CORS origin (written with a trailing slash)', { origin: 'https://admin.instainstru.example' }],
    ['an origin spelled with its default port and capitals', { origin: 'HTTPS://InstaInstru.example:443' }],
    ['a Referer when Origin is absent', { referer: 'https://instainstru.example/account/sessions?tab=1' }],
  ])('accepts %s', async (_what, headers) => {
    const app = await appFor();
    const response = await app.inject({ method: 'POST', url: '/api/v1/auth/refresh', headers: { cookie, ...headers } });
    expect(response.statusCode).toBe(200);
    await app.close();
  });

  it.each([
    ['a foreign Origin', { origin: 'https://evil.example' }, 'https://evil.example may not send'],
    ['a look-alike Origin', { origin: 'https://instainstru.example.evil.example' }, 'may not send'],
    ['another scheme', { origin: 'http://instainstru.example' }, 'may not send'],
    ['Origin "null"', { origin: 'null' }, 'no Origin or Referer'],
    ['neither Origin nor Referer', {}, 'no Origin or Referer'],
    ['a foreign Referer', { referer: 'https://evil.example/page' }, 'may not send'],
    ['a foreign Origin even with our Referer', { origin: 'https://evil.example', referer: 'https://instainstru.example/' }, 'may not send'],
  ])('refuses %s when the cookie is present', async (_what, headers, detail) => {
    const app = await appFor();
    for (const [method, url] of [['POST', '/api/v1/auth/refresh'], ['DELETE', '/api/v1/auth/sessions/1']] as const) {
      const response = await app.inject({ method, url, headers: { cookie, ...headers } });
      expect(response.statusCode).toBe(403);
      expect(response.json()).toMatchObject({ code: 'forbidden', detail: expect.stringContaining('Cross-site requests are not allowed') });
      expect(response.json().detail).toContain(detail);
    }
    await app.close();
  });

  it('ignores requests without the cookie (Bearer clients, other cookies) and safe methods', async () => {
    const app = await appFor();
    const foreign = { origin: 'https://evil.example' };
    expect((await app.inject({ method: 'POST', url: '/api/v1/auth/refresh', headers: foreign })).statusCode).toBe(200);
    expect((await app.inject({ method: 'POST', url: '/api/v1/auth/refresh', headers: { ...foreign, cookie: 'ii_refresh_old=1; theme=dark' } })).statusCode).toBe(200);
    expect((await app.inject({ method: 'GET', url: '/api/v1/auth/sessions', headers: { ...foreign, cookie } })).statusCode).toBe(200);
    await app.close();
  });

  it("allows the Vite dev server's loopback origin in development only", async () => {
    const headers = { cookie, origin: 'http://localhost:5173' };
    const development = await appFor({ NODE_ENV: 'development' });
    expect((await development.inject({ method: 'POST', url: '/api/v1/auth/refresh', headers })).statusCode).toBe(200);
    await development.close();
    const test = await appFor();
    expect((await test.inject({ method: 'POST', url: '/api/v1/auth/refresh', headers })).statusCode).toBe(403);
    await test.close();
  });
});

describe('cookie and origin parsing', () => {
  it('finds a cookie by its exact name', () => {
    expect(hasCookie('a=1; ii_refresh=x', 'ii_refresh')).toBe(true);
    expect(hasCookie('ii_refresh=', 'ii_refresh')).toBe(true);
    expect(hasCookie('xii_refresh=1; ii_refreshed=2', 'ii_refresh')).toBe(false);
    expect(hasCookie(undefined, 'ii_refresh')).toBe(false);
  });

  it('reads Origin first, then Referer, and rejects what is not a URL', () => {
    expect(claimedOrigin({ origin: 'https://a.example', referer: 'https://b.example/x' })).toBe('https://a.example');
    expect(claimedOrigin({ referer: 'https://b.example/x?y' })).toBe('https://b.example');
    expect(claimedOrigin({ referer: 'not a url' })).toBeNull();
    expect(claimedOrigin({})).toBeNull();
  });
});

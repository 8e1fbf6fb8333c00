import Fastify, { type FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../config.ts';
import { permissionsOf } from '../../modules/accounts/permissions.ts';
import type { Principal } from '../auth/principal.ts';
import { ControllableClock } from '../clock.ts';
import { createCoordination, type Coordination } from '../coordination.ts';
import type { RateLimiter } from '../rate-limit/rate-limiter.port.ts';
import { registerProblemHandler } from './problem.ts';
import { registerRateLimiting, SHADOW_WARNING_INTERVAL_MS, type RateLimitMode, type RouteRateLimit } from './rate-limit.ts';
import { DEFAULT_API_LIMIT, moneyRouteLimits } from './rate-limit-policies.ts';

const MINUTE = 60_000;
const open: FastifyInstance[] = [];

afterEach(async () => {
  await Promise.all(open.splice(0).map((app) => app.close()));
});

interface Setup {
  mode?: RateLimitMode;
  rateLimiter?: RateLimiter;
  routes: (app: FastifyInstance) => void;
}

/** A bare app with the problem handler, the limiter, and a stand-in authentication hook registered AFTER the limiter. */
async function appWith({ mode = 'enforce', rateLimiter, routes }: Setup) {
  const clock = new ControllableClock('2026-11-23T15:00:00Z');
  const coordination: Coordination = createCoordination({ clock });
  const logs: Array<Record<string, unknown>> = [];
  const app = Fastify({
    logger: { level: 'warn', stream: { write: (line: string) => logs.push(JSON.parse(line) as Record<string, unknown>) } },
  });
  registerProblemHandler(app);
  registerRateLimiting(app, { coordination: rateLimiter ? { rateLimiter } : coordination, config: { RATE_LIMIT_MODE: mode }, clock });
  // The real authentication hook belongs to another module; this one reads a test header. Being
  // registered after the limiter, it proves the limiter still runs after authentication.
  app.decorateRequest('principal', null);
  app.addHook('preHandler', async (request) => {
    const userId = request.headers['x-test-user'];
    if (typeof userId === 'string') request.principal = userPrincipal(userId);
  });
  routes(app);
  await app.ready();
  open.push(app);
  return { app, clock, logs, coordination };
}

function userPrincipal(userId: string): Principal {
  return { kind: 'user', userId, sessionId: `session-${userId}`, roles: ['student'], permissions: permissionsOf(['student']) };
}

const limited = (limits: RouteRateLimit[]) => (app: FastifyInstance) => {
  app.post('/api/v1/things', { config: { access: 'public', rateLimit: limits } }, async () => ({ ok: true }));
};

const fivePerMinute: RouteRateLimit = { name: 'things', policy: { limit: 5, periodMs: MINUTE }, by: 'ip' };

function call(app: FastifyInstance, options: { ip?: string; user?: string; url?: string; method?: 'GET' | 'POST' } = {}) {
  return app.inject({
    method: options.method ?? 'POST',
    url: options.url ?? '/api/v1/things',
    remoteAddress: options.ip ?? '203.0.113.10',
    headers: options.user ? { 'x-test-user': options.user } : {},
  });
}

async function times(count: number, request: () => Promise<{ statusCode: number }>) {
  const statuses: number[] = [];
  for (let i = 0; i < count; i++) statuses.push((await request()).statusCode);
  return statuses;
}

describe('route rate limits (enforce)', () => {
  it('sends the RateLimit headers, with Remaining going down', async () => {
    const { app } = await appWith({ routes: limited([fivePerMinute]) });
    const first = await call(app);
    const second = await call(app);
    expect(first.statusCode).toBe(200);
    expect(first.headers).toMatchObject({ 'ratelimit-limit': '5', 'ratelimit-remaining': '4', 'ratelimit-policy': '5;w=60' });
    expect(Number(first.headers['ratelimit-reset'])).toBeGreaterThan(0);
    expect(second.headers['ratelimit-remaining']).toBe('3');
  });

  it('answers 429 with Retry-After and a problem naming the limit once the burst is spent, and recovers with time', async () => {
    const { app, clock } = await appWith({ routes: limited([fivePerMinute]) });
    expect(await times(5, () => call(app))).toEqual([200, 200, 200, 200, 200]);

    const refused = await call(app);
    expect(refused.statusCode).toBe(429);
    expect(refused.headers['content-type']).toContain('application/problem+json');
    expect(refused.headers['retry-after']).toBe('12');
    expect(refused.headers).toMatchObject({ 'ratelimit-remaining': '0', 'ratelimit-reset': '12' });
    expect(refused.json()).toMatchObject({
      code: 'rate_limited',
      status: 429,
      retryAfterSeconds: 12,
      rateLimit: 'things',
      detail: expect.stringContaining('"things" limit (5 per minute per IP address)'),
    });

    clock.advance(11_999);
    expect((await call(app)).statusCode).toBe(429);
    clock.advance(1);
    expect((await call(app)).statusCode).toBe(200);
  });

  it('counts each address separately', async () => {
    const { app } = await appWith({ routes: limited([fivePerMinute]) });
    await times(5, () => call(app, { ip: '198.51.100.1' }));
    expect((await call(app, { ip: '198.51.100.1' })).statusCode).toBe(429);
    expect((await call(app, { ip: '198.51.100.2' })).statusCode).toBe(200);
  });

  it('counts an IPv6 client by its /64', async () => {
    const { app } = await appWith({ routes: limited([fivePerMinute]) });
    for (let i = 1; i <= 5; i++) expect((await call(app, { ip: `2001:db8:1:2::${i}` })).statusCode).toBe(200);
    expect((await call(app, { ip: '2001:db8:1:2:ffff::9' })).statusCode).toBe(429);
    expect((await call(app, { ip: '2001:db8:1:3::1' })).statusCode).toBe(200);
  });

  it('counts per user when signed in, and per address for anonymous callers of a per-user limit', async () => {
    const perUser: RouteRateLimit = { name: 'things', policy: { limit: 2, periodMs: MINUTE }, by: 'user' };
    const { app } = await appWith({ routes: limited([perUser]) });
    const sameIp = '192.0.2.7';
    expect(await times(2, () => call(app, { ip: sameIp, user: 'alice' }))).toEqual([200, 200]);
    expect((await call(app, { ip: sameIp, user: 'alice' })).statusCode).toBe(429);
    // Alice from another address is still Alice.
    expect((await call(app, { ip: '192.0.2.8', user: 'alice' })).statusCode).toBe(429);
    // Bob behind the same address has his own budget.
    expect((await call(app, { ip: sameIp, user: 'bob' })).statusCode).toBe(200);
    // Nobody signed in: counted by address, apart from the signed-in users there.
    expect(await times(3, () => call(app, { ip: sameIp }))).toEqual([200, 200, 429]);
    expect((await call(app, { ip: sameIp })).json().detail).toContain('per IP address');
  });

  it('computes keys with a function, and skips the limit when it returns null', async () => {
    const byTenant: RouteRateLimit = {
      name: 'things',
      policy: { limit: 1, periodMs: MINUTE },
      by: (request) => (typeof request.headers['x-tenant'] === 'string' ? request.headers['x-tenant'] : null),
    };
    const { app } = await appWith({ routes: limited([byTenant]) });
    const tenant = (name?: string) => app.inject({ method: 'POST', url: '/api/v1/things', headers: name ? { 'x-tenant': name } : {} });
    expect((await tenant('acme')).statusCode).toBe(200);
    expect((await tenant('acme')).statusCode).toBe(429);
    expect((await tenant('globex')).statusCode).toBe(200);
    const uncounted = await tenant();
    expect(uncounted.statusCode).toBe(200);
    expect(uncounted.headers['ratelimit-limit']).toBeUndefined();
  });

  it('reports the most restrictive of several limits and lists every policy', async () => {
    const { app } = await appWith({
      routes: limited([
        { name: 'things', policy: { limit: 100, periodMs: MINUTE }, by: 'ip' },
        { name: 'things', policy: { limit: 3, periodMs: 10_000, burst: 2 }, by: 'global' },
      ]),
    });
    const response = await call(app);
    expect(response.headers).toMatchObject({
      'ratelimit-limit': '2',
      'ratelimit-remaining': '1',
      'ratelimit-policy': '100;w=60, 3;w=10;burst=2',
    });
  });

  it('charges the declared cost', async () => {
    const { app } = await appWith({ routes: limited([{ ...fivePerMinute, cost: 2 }]) });
    expect((await call(app)).headers['ratelimit-remaining']).toBe('3');
    expect((await call(app)).headers['ratelimit-remaining']).toBe('1');
    expect((await call(app)).statusCode).toBe(429);
  });
});

describe('money routes: per user, per IP and global', () => {
  const money = moneyRouteLimits('bookings-create', {
    perUser: { limit: 2, periodMs: MINUTE },
    perIp: { limit: 3, periodMs: MINUTE },
    global: { limit: 5, periodMs: MINUTE },
  });

  it('declares the triple in that order under one name', () => {
    expect(moneyRouteLimits('payments').map((limit) => [limit.name, limit.by])).toEqual([
      ['payments', 'user'],
      ['payments', 'ip'],
      ['payments', 'global'],
    ]);
  });

  it('stops one user, then one address, then everyone', async () => {
    const { app } = await appWith({ routes: limited(money) });
    // Per user: Alice's third request is refused.
    expect(await times(3, () => call(app, { user: 'alice', ip: '10.0.0.1' }))).toEqual([200, 200, 429]);
    expect((await call(app, { user: 'alice', ip: '10.0.0.1' })).json().detail).toContain('per user');
    // Per IP: two more users at Alice's address, but the address allows three in all.
    expect((await call(app, { user: 'bob', ip: '10.0.0.1' })).statusCode).toBe(200);
    const carol = await call(app, { user: 'carol', ip: '10.0.0.1' });
    expect(carol.statusCode).toBe(429);
    expect(carol.json().detail).toContain('per IP address');
    // Global: five allowed in all (alice 2 + bob 1 so far), whoever and wherever.
    expect((await call(app, { user: 'dave', ip: '10.0.0.2' })).statusCode).toBe(200);
    expect((await call(app, { user: 'erin', ip: '10.0.0.3' })).statusCode).toBe(200);
    const frank = await call(app, { user: 'frank', ip: '10.0.0.4' });
    expect(frank.statusCode).toBe(429);
    expect(frank.json().detail).toContain('across all callers');
  });

  it("never spends the shared budgets on a request refused by the caller's own limit", async () => {
    const { app } = await appWith({ routes: limited(money) });
    expect(await times(10, () => call(app, { user: 'mallory', ip: '10.9.9.9' }))).toEqual([200, 200, ...Array(8).fill(429)]);
    // Mallory's eight refusals used neither her address's budget (3) nor everyone's (5).
    expect((await call(app, { user: 'nina', ip: '10.9.9.9' })).statusCode).toBe(200);
    expect(await times(2, () => call(app, { user: 'oscar', ip: '10.1.1.1' }))).toEqual([200, 200]);
  });
});

describe('which routes are limited', () => {
  it('gives undeclared /api/v1 routes the default per-IP budget, shared among them', async () => {
    const { app } = await appWith({
      routes: (a) => {
        a.get('/api/v1/a', { config: { access: 'public' } }, async () => 'a');
        a.get('/api/v1/b', { config: { access: 'public' } }, async () => 'b');
      },
    });
    const a = await call(app, { method: 'GET', url: '/api/v1/a' });
    const b = await call(app, { method: 'GET', url: '/api/v1/b' });
    expect(a.headers['ratelimit-policy']).toBe('600;w=60');
    expect(a.headers['ratelimit-remaining']).toBe(String(DEFAULT_API_LIMIT.policy.limit - 1));
    expect(b.headers['ratelimit-remaining']).toBe(String(DEFAULT_API_LIMIT.policy.limit - 2));
  });

  it('leaves routes outside the API, and routes that declare an empty list, unlimited', async () => {
    const { app } = await appWith({
      routes: (a) => {
        a.get('/metrics', async () => 'metrics');
        a.get('/api/v1/health/lite', { config: { access: 'public', rateLimit: [] } }, async () => 'up');
      },
    });
    expect((await call(app, { method: 'GET', url: '/metrics' })).headers['ratelimit-limit']).toBeUndefined();
    expect((await call(app, { method: 'GET', url: '/api/v1/health/lite' })).headers['ratelimit-limit']).toBeUndefined();
  });

  it('counts a HEAD request to a GET route once', async () => {
    const { app } = await appWith({
      routes: (a) => a.get('/api/v1/things', { config: { access: 'public', rateLimit: [fivePerMinute] } }, async () => 'x'),
    });
    const head = await app.inject({ method: 'HEAD', url: '/api/v1/things' });
    expect(head.headers['ratelimit-remaining']).toBe('4');
  });

  it('refuses at start-up a route whose limits are malformed', async () => {
    const app = Fastify({ logger: false });
    registerRateLimiting(app, { coordination: createCoordination({ clock: new ControllableClock() }), config: { RATE_LIMIT_MODE: 'off' } });
    const declare = (limits: RouteRateLimit[]) => () => app.post('/api/v1/x', { config: { access: 'public', rateLimit: limits } }, async () => 'x');
    expect(declare([{ name: 'x', policy: { limit: 0, periodMs: 1 }, by: 'ip' }])).toThrow(/limit must be positive/);
    expect(declare([{ name: 'has space', policy: { limit: 1, periodMs: 1 }, by: 'ip' }])).toThrow(/name/);
    expect(declare([{ ...fivePerMinute, cost: 0 }])).toThrow(/cost/);
    expect(declare([fivePerMinute, { ...fivePerMinute, policy: { limit: 9, periodMs: 1 } }])).toThrow(/declared twice/);
    await app.close();
  });
});

describe('modes and failures', () => {
  it('shadow mode never refuses, still sends the headers, and logs what enforce would have refused', async () => {
    const { app, logs, clock } = await appWith({ mode: 'shadow', routes: limited([fivePerMinute]) });
    const statuses = await times(8, () => call(app, { ip: '203.0.113.99' }));
    expect(statuses).toEqual(Array(8).fill(200));
    const last = await call(app, { ip: '203.0.113.99' });
    expect(last.headers).toMatchObject({ 'ratelimit-limit': '5', 'ratelimit-remaining': '0' });
    // Four refusals: the first is logged; the others of the same subject within a minute are counted, not logged.
    let warnings = logs.filter((line) => line.level === 40);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({
      msg: expect.stringContaining('shadow mode'),
      rateLimit: { mode: 'shadow', name: 'things', key: 'route:things:ip:203.0.113.99', route: '/api/v1/things', retryAfterSeconds: 12, unreported: 0 },
    });
    // Another subject is reported on its own.
    await times(6, () => call(app, { ip: '203.0.113.7' }));
    warnings = logs.filter((line) => line.level === 40);
    expect(warnings).toHaveLength(2);
    expect(warnings[1]).toMatchObject({ rateLimit: { key: 'route:things:ip:203.0.113.7', unreported: 0 } });
    // A minute on, still over budget: reported again with the refusals in between.
    clock.advance(SHADOW_WARNING_INTERVAL_MS);
    await times(7, () => call(app, { ip: '203.0.113.99' }));
    warnings = logs.filter((line) => line.level === 40);
    expect(warnings).toHaveLength(3);
    expect(warnings[2]).toMatchObject({ rateLimit: { key: 'route:things:ip:203.0.113.99', unreported: 3 } });
  });

  it('off mode installs nothing: no headers, no refusals', async () => {
    const { app } = await appWith({ mode: 'off', routes: limited([{ ...fivePerMinute, policy: { limit: 1, periodMs: MINUTE } }]) });
    const responses = await Promise.all([call(app), call(app), call(app)]);
    expect(responses.map((r) => r.statusCode)).toEqual([200, 200, 200]);
    expect(responses[0]!.headers['ratelimit-limit']).toBeUndefined();
  });

  it('serves (and logs) when the rate limiter cannot answer', async () => {
    const broken: RateLimiter = {
      kind: 'redis',
      consume: async () => {
        throw new Error('connect ECONNREFUSED 127.0.0.1:6379');
      },
      reset: async () => {},
    };
    const { app, logs } = await appWith({ rateLimiter: broken, routes: limited([fivePerMinute]) });
    const response = await call(app);
    expect(response.statusCode).toBe(200);
    expect(response.headers['ratelimit-limit']).toBeUndefined();
    expect(logs.some((line) => line.level === 50 && String(line.msg).includes('rate limiter unavailable'))).toBe(true);
  });

  it('reads RATE_LIMIT_MODE from the environment, enforce by default', () => {
    expect(loadConfig({}).RATE_LIMIT_MODE).toBe('enforce');
    expect(loadConfig({ RATE_LIMIT_MODE: 'shadow' }).RATE_LIMIT_MODE).toBe('shadow');
    expect(() => loadConfig({ RATE_LIMIT_MODE: 'lenient' })).toThrow(/RATE_LIMIT_MODE/);
  });
});

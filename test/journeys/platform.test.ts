import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ControllableClock } from '../../apps/server/src/platform/clock.ts';
import { createCoordination } from '../../apps/server/src/platform/coordination.ts';
import { aClientIp, aStudent } from '../support/builders.ts';
import { CuttableRelay, relayedRedis } from '../support/cuttable-relay.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';

/** The platform as an API client meets it: docs, health, errors, headers, metrics, catalog. */
describe('platform journey', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ env: { METRICS_BASIC_AUTH: 'prometheus:scrape-secret' } });
  });
  afterAll(() => t.close());

  it('serves a valid OpenAPI 3.1 document describing every API route', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/api/v1/openapi.json' });
    expect(response.statusCode).toBe(200);
    const document = response.json();
    expect(document.openapi).toBe('3.1.0');
    expect(document.info.title).toBe('InstaInstru API');
    expect(Object.keys(document.paths)).toEqual(
      expect.arrayContaining(['/api/v1/health', '/api/v1/health/lite', '/api/v1/ready', '/api/v1/catalog', '/api/v1/catalog/services']),
    );
    expect(document.components.schemas).toHaveProperty('CatalogCategory');
    const { validate } = await import('@scalar/openapi-parser');
    const result = await validate(document);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
  });

  it('serves interactive docs at /docs without any CDN', async () => {
    const redirect = await t.app.inject({ method: 'GET', url: '/docs' });
    expect([200, 301, 302]).toContain(redirect.statusCode);
    const page = await t.app.inject({ method: 'GET', url: redirect.headers.location ?? '/docs' });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toContain('text/html');
    expect(page.body).not.toMatch(/cdn\.jsdelivr|unpkg\.com/);
    const script = await t.app.inject({ method: 'GET', url: '/docs/js/scalar.js' });
    expect(script.statusCode).toBe(200);
  });

  it('reports health with every dependency and the mode of each integration', async () => {
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/health' })).json()).toEqual({ status: 'ok' });
    const scraper = { authorization: `Basic ${Buffer.from('prometheus:scrape-secret').toString('base64')}` };
    const response = await t.app.inject({ method: 'GET', url: '/api/v1/health/details', headers: scraper });
    expect(response.statusCode).toBe(200);
    const health = response.json();
    expect(health.status).toBe('ok');
    expect(health.checks.database.status).toBe('up');
    expect(health.checks.cache).toMatchObject({ status: 'up', detail: 'in-memory (single process)' });
    expect(health.checks.jobs.status).toBe('up');
    expect(health.integrations.payments).toEqual({ mode: 'fake', detail: 'local Stripe' });
    expect(health.integrations.llm).toEqual({ mode: 'disabled', detail: 'search uses the fast parser only (no OPENAI_API_KEY)' });
    expect(health.integrations.geocoding.mode).toBe('fake');
    expect(Object.keys(health.integrations)).toHaveLength(11);
    expect(health.warnings).toContain('JWT_SECRET uses a development default');
    expect(response.headers['cache-control']).toBe('no-store');
  });

  it('answers liveness and readiness', async () => {
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/health/lite' })).json()).toEqual({ status: 'ok' });
    const ready = await t.app.inject({ method: 'GET', url: '/api/v1/ready' });
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toEqual({ ready: true });
  });

  it('returns the catalog: at least 12 categories and 80 services, with effective price floors', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/api/v1/catalog' });
    expect(response.statusCode).toBe(200);
    const { categories } = response.json() as {
      categories: Array<{ slug: string; priceFloorInPersonCentsPerHour: number; priceFloorOnlineCentsPerHour: number; services: Array<{ slug: string; durations: number[]; synonyms: string[] }> }>;
    };
    expect(categories.length).toBeGreaterThanOrEqual(12);
    expect(categories.flatMap((c) => c.services).length).toBeGreaterThanOrEqual(80);
    const music = categories.find((c) => c.slug === 'music')!;
    expect(music.services.map((s) => s.slug)).toContain('piano');
    for (const category of categories) {
      expect(category.priceFloorInPersonCentsPerHour).toBeGreaterThan(0);
      expect(category.priceFloorOnlineCentsPerHour).toBeGreaterThan(0);
    }
  });

  it('returns one category, and a problem for an unknown one', async () => {
    const music = await t.app.inject({ method: 'GET', url: '/api/v1/catalog/categories/music' });
    expect(music.statusCode).toBe(200);
    expect(music.json().name).toBe('Music');
    const missing = await t.app.inject({ method: 'GET', url: '/api/v1/catalog/categories/underwater-basket-weaving' });
    expect(missing.statusCode).toBe(404);
    expect(missing.headers['content-type']).toContain('application/problem+json');
    expect(missing.json()).toMatchObject({ status: 404, code: 'not_found', detail: 'Category "underwater-basket-weaving" was not found' });
  });

  it('pages through services with a cursor, without repeats or gaps', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const url: string = `/api/v1/catalog/services?category=music&limit=4${cursor ? `&cursor=${cursor}` : ''}`;
      const page = (await t.app.inject({ method: 'GET', url })).json() as { items: Array<{ slug: string; categorySlug: string }>; nextCursor: string | null };
      expect(page.items.length).toBeLessThanOrEqual(4);
      for (const item of page.items) expect(item.categorySlug).toBe('music');
      seen.push(...page.items.map((item) => item.slug));
      cursor = page.nextCursor;
      pages += 1;
    } while (cursor && pages < 50);
    const all = (await t.app.inject({ method: 'GET', url: '/api/v1/catalog/categories/music' })).json() as { services: Array<{ slug: string }> };
    expect(new Set(seen).size).toBe(seen.length);
    expect([...seen].sort()).toEqual(all.services.map((s) => s.slug).sort());
  });

  it('rejects invalid input with a 400 problem naming each field, and changes nothing', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/api/v1/catalog/services?limit=1000&category=Not%20A%20Slug' });
    expect(response.statusCode).toBe(400);
    expect(response.headers['content-type']).toContain('application/problem+json');
    const problem = response.json();
    expect(problem).toMatchObject({ status: 400, code: 'validation_failed', title: 'Your request has invalid fields' });
    expect(problem.traceId).toBe(response.headers['x-trace-id']);
    const fields = problem.errors.map((e: { field: string }) => e.field).sort();
    expect(fields).toEqual(['query.category', 'query.limit']);
    expect(problem.errors.find((e: { field: string }) => e.field === 'query.limit').reason).toMatch(/100/);
  });

  it('rejects a malformed cursor as a field error', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/api/v1/catalog/services?cursor=garbage' });
    expect(response.statusCode).toBe(400);
    expect(response.json().errors).toEqual([{ field: 'query.cursor', reason: 'is not a valid cursor' }]);
  });

  it('rejects a body that fails validation and a body that is not JSON', async () => {
    const invalid = await t.app.inject({ method: 'POST', url: '/api/v1/dev/jobs/echo', payload: { message: '', seconds: -1 } });
    expect(invalid.statusCode).toBe(400);
    expect(invalid.json().errors.map((e: { field: string }) => e.field).sort()).toEqual(['body.message', 'body.seconds']);
    const broken = await t.app.inject({
      method: 'POST',
      url: '/api/v1/dev/jobs/echo',
      headers: { 'content-type': 'application/json' },
      payload: '{"message":',
    });
    expect(broken.statusCode).toBe(400);
    expect(broken.headers['content-type']).toContain('application/problem+json');
  });

  it('answers unknown API routes with a problem, not the web app', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/api/v1/nothing-here', headers: { accept: 'text/html' } });
    expect(response.statusCode).toBe(404);
    expect(response.json()).toMatchObject({ code: 'not_found', instance: '/api/v1/nothing-here' });
  });

  it('puts an X-Trace-ID on every response, reusing a well-formed incoming one', async () => {
    for (const url of ['/api/v1/health/lite', '/api/v1/nothing', '/docs', '/metrics']) {
      const response = await t.app.inject({ method: 'GET', url });
      expect(response.headers['x-trace-id'], url).toMatch(/^[0-9A-HJKMNP-TV-Z]{26}$/);
    }
    const traced = await t.app.inject({ method: 'GET', url: '/api/v1/health/lite', headers: { 'x-trace-id': 'gateway-trace-1234' } });
    expect(traced.headers['x-trace-id']).toBe('gateway-trace-1234');
    const hostile = await t.app.inject({ method: 'GET', url: '/api/v1/health/lite', headers: { 'x-trace-id': '<script>' } });
    expect(hostile.headers['x-trace-id']).toMatch(/^[0-9A-HJKMNP-TV-Z]{26}$/);
  });

  it('sends security headers and allows only listed origins', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/api/v1/catalog', headers: { origin: 'http://localhost:3000' } });
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['content-security-policy']).toContain("default-src 'self'");
    expect(response.headers['x-frame-options']).toBe('SAMEORIGIN');
    expect(response.headers['access-control-allow-origin']).toBe('http://localhost:3000');
    const foreign = await t.app.inject({ method: 'GET', url: '/api/v1/catalog', headers: { origin: 'https://evil.example' } });
    expect(foreign.headers['access-control-allow-origin']).toBeUndefined();
    // Refusals made before the route carry them too: a bad token (401), a body too large (413).
    const refused = [
      await t.app.inject({ method: 'GET', url: '/api/v1/me/bookings?role=student&when=upcoming', headers: { authorization: 'Bearer not.a.token' } }),
      await t.app.inject({ method: 'GET', url: '/api/v1/me/bookings?role=student&when=upcoming' }),
      await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', headers: { 'content-type': 'application/json' }, payload: `{"email":"${'a'.repeat(2_000_000)}"}` }),
    ];
    for (const answer of refused) {
      expect(answer.statusCode, answer.body.slice(0, 200)).toBeGreaterThanOrEqual(400);
      expect(answer.statusCode).toBeLessThan(500);
      expect(answer.headers['x-content-type-options'], String(answer.statusCode)).toBe('nosniff');
      expect(answer.headers['content-security-policy'], String(answer.statusCode)).toContain("default-src 'self'");
    }
  });

  it('compresses large responses', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/api/v1/catalog', headers: { 'accept-encoding': 'gzip' } });
    expect(response.headers['content-encoding']).toBe('gzip');
    const body = JSON.parse(zlib.gunzipSync(response.rawPayload).toString('utf8'));
    expect(body.categories.length).toBeGreaterThanOrEqual(12);
  });

  it('protects /metrics with basic auth and exposes request durations by route and status', async () => {
    await t.app.inject({ method: 'GET', url: '/api/v1/catalog' });
    const anonymous = await t.app.inject({ method: 'GET', url: '/metrics' });
    expect(anonymous.statusCode).toBe(401);
    expect(anonymous.headers['www-authenticate']).toContain('Basic');
    const wrong = await t.app.inject({ method: 'GET', url: '/metrics', headers: { authorization: `Basic ${Buffer.from('prometheus:nope').toString('base64')}` } });
    expect(wrong.statusCode).toBe(401);
    const scrape = await t.app.inject({
      method: 'GET',
      url: '/metrics',
      headers: { authorization: `Basic ${Buffer.from('prometheus:scrape-secret').toString('base64')}` },
    });
    expect(scrape.statusCode).toBe(200);
    expect(scrape.body).toMatch(/http_request_duration_seconds_count\{method="GET",route="\/api\/v1\/catalog",status_code="200"\} \d+/);
    expect(scrape.body).toMatch(/job_queue_jobs\{queue="dev.echo",state="queued"\} \d+/);
  });

  it('queues a development echo job and reports what happened to it', async () => {
    const queued = await t.app.inject({ method: 'POST', url: '/api/v1/dev/jobs/echo', payload: { message: 'hello', seconds: 1 } });
    expect(queued.statusCode).toBe(202);
    const { jobId } = queued.json();
    const status = await t.app.inject({ method: 'GET', url: `/api/v1/dev/jobs/echo/${jobId}` });
    expect(status.json()).toMatchObject({ jobId, state: 'created', attempts: 0, completions: 0 });
  });
});

describe.runIf(process.env.REDIS_URL)('platform journey while Redis goes away and comes back (REDIS_URL set)', () => {
  let t: TestApp;
  let relay: CuttableRelay;

  beforeAll(async () => {
    const relayed = await relayedRedis(process.env.REDIS_URL!);
    relay = relayed.relay;
    const clock = new ControllableClock('2026-11-23T15:00:00Z');
    const coordination = createCoordination({ redisUrl: relayed.url, clock, keyPrefix: `journey:${Date.now()}:`, probeEveryMs: 100 });
    await coordination.connect();
    t = await createTestApp({ clock, coordination });
  });
  afterAll(() => t.close());

  const login = (email: string, password: string, ip: string) =>
    t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password }, remoteAddress: ip });
  const passwordReset = (ip: string, email: string) =>
    t.app.inject({ method: 'POST', url: '/api/v1/auth/password-reset', remoteAddress: ip, payload: { email } });

  it('logs in, limits rates and reports health from in-process fallbacks, says degraded, and recovers by itself', async () => {
    const user = await aStudent(t);
    expect((await login(user.email, user.password, aClientIp())).statusCode).toBe(200);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/health/details' })).json()).toMatchObject({ status: 'ok', coordination: 'ok' });

    await relay.cut();
    // The public answer says only degraded (still serving); the details say why.
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/health' })).json()).toEqual({ status: 'degraded' });
    const health = await t.app.inject({ method: 'GET', url: '/api/v1/health/details' });
    expect(health.statusCode).toBeLessThan(500);
    expect(health.json()).toMatchObject({ status: 'degraded', coordination: 'degraded', checks: { cache: { status: 'down' } } });

    expect((await login(user.email, user.password, aClientIp())).statusCode).toBe(200);
    const wrong = await login(user.email, 'not the password at all', aClientIp());
    expect(wrong.statusCode).toBe(401);

    // Rate limits still apply (per process) rather than letting everything through or failing.
    const ip = aClientIp();
    const statuses: number[] = [];
    for (let i = 1; i <= 12 && !statuses.includes(429); i++) statuses.push((await passwordReset(ip, `someone${i}@example.com`)).statusCode);
    expect(statuses[0]).toBe(202);
    expect(statuses.at(-1)).toBe(429);
    expect(statuses.every((status) => status < 500)).toBe(true);

    await relay.open();
    await expect
      .poll(async () => (await t.app.inject({ method: 'GET', url: '/api/v1/health/details' })).json().coordination, { timeout: 10_000, interval: 100 })
      .toBe('ok');
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/health/details' })).json()).toMatchObject({ status: 'ok', checks: { cache: { status: 'up' } } });
    expect((await login(user.email, user.password, aClientIp())).statusCode).toBe(200);
  });
});

import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../apps/server/src/config.ts';
import { startServer } from '../../apps/server/src/main.ts';
import { PRODUCTION_ENV } from '../support/production-env.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';

// Checkr keys are set although that adapter is not built: /health must still say `not_built`.
const productionEnv = { ...PRODUCTION_ENV };

/** The same application configured for production (on the test database). */
describe('production configuration', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ env: productionEnv });
  });
  afterAll(() => t.close());

  it('has no development routes', async () => {
    const response = await t.app.inject({ method: 'POST', url: '/api/v1/dev/jobs/echo', payload: { message: 'x' } });
    expect(response.statusCode).toBe(404);
    const document = (await t.app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json();
    expect(Object.keys(document.paths).filter((p) => p.includes('/dev/'))).toEqual([]);
  });

  it('serves neither the outboxes nor the mailbox page', async () => {
    const outbox = await t.app.inject({ method: 'GET', url: '/api/v1/dev/outbox/email?to=a%40b.example' });
    expect(outbox.statusCode).toBe(404);
    const mailbox = await t.app.inject({ method: 'GET', url: '/dev/mailbox?to=a%40b.example', headers: { accept: 'text/html' } });
    expect(mailbox.statusCode).toBe(404);
    expect(mailbox.headers['content-type']).toContain('application/problem+json');
  });

  it('reports integrations as they are built, whatever keys are set, and sends HSTS', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/api/v1/health/details', remoteAddress: '127.0.0.1' });
    const health = response.json();
    expect(health.integrations.payments).toEqual({ mode: 'real', detail: 'Stripe (test mode)' });
    expect(health.integrations.backgroundChecks.mode).toBe('not_built');
    expect(health.integrations.email.mode).toBe('fake');
    expect(health.warnings).toEqual([]);
    expect(response.headers['strict-transport-security']).toContain('max-age=31536000');
  });

  it('lets only this machine scrape metrics when no credentials are configured', async () => {
    const local = await t.app.inject({ method: 'GET', url: '/metrics', remoteAddress: '127.0.0.1' });
    expect(local.statusCode).toBe(200);
    const remote = await t.app.inject({ method: 'GET', url: '/metrics', remoteAddress: '203.0.113.9' });
    expect(remote.statusCode).toBe(403);
  });
});

describe('a production server without its Stripe keys', () => {
  it('refuses to start, naming each missing key', () => {
    const { STRIPE_SECRET_KEY: _s, STRIPE_PUBLISHABLE_KEY: _p, STRIPE_WEBHOOK_SECRET: _w, ...withoutStripe } = PRODUCTION_ENV;
    const started = spawnSync(process.execPath, ['--import', 'tsx', 'apps/server/src/main.ts'], {
      env: { PATH: process.env.PATH, ...withoutStripe },
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(started.status).toBe(1);
    expect(started.stderr).toContain('InstaInstru cannot start.');
    for (const name of ['STRIPE_SECRET_KEY', 'STRIPE_PUBLISHABLE_KEY', 'STRIPE_WEBHOOK_SECRET']) {
      expect(started.stderr).toContain(`${name} is required in production`);
    }
  }, 60_000);
});

describe('a server in the test suite’s mode', () => {
  it('refuses to start, before opening anything (it would publish every reset link)', async () => {
    const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', DATABASE_URL: 'postgres://127.0.0.1:1/never-opened' });
    await expect(startServer(config, { work: false, serveWeb: false })).rejects.toThrow(ConfigError);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aClientIp, anAdmin, aStudent, signIn } from '../support/builders.ts';
import { PRODUCTION_ENV } from '../support/production-env.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';

const productionEnv = {
  ...PRODUCTION_ENV,
  METRICS_BASIC_AUTH: 'prometheus:scrape-secret',
  METRICS_ALLOWED_IPS: '10.0.0.7',
};

const basic = (credentials: string) => ({ authorization: `Basic ${Buffer.from(credentials).toString('base64')}` });

/** Health in production: the world sees a status; operators see the details. */
describe('health in production', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ env: productionEnv });
  });
  afterAll(() => t.close());

  it('tells anyone the status and nothing else', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/api/v1/health', remoteAddress: aClientIp() });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ status: 'ok' });
    expect(response.body).not.toMatch(/version|uptime|integrations|\.data|\//);
  });

  it('refuses the details to anonymous callers, wrong credentials and non-operators', async () => {
    const anonymous = await t.app.inject({ method: 'GET', url: '/api/v1/health/details', remoteAddress: aClientIp() });
    expect(anonymous.statusCode).toBe(401);
    expect(anonymous.headers['content-type']).toContain('application/problem+json');
    expect(anonymous.headers['www-authenticate']).toBe('Basic realm="metrics"');
    expect(anonymous.body).not.toContain('uptime');

    const wrong = await t.app.inject({ method: 'GET', url: '/api/v1/health/details', headers: basic('prometheus:guess'), remoteAddress: aClientIp() });
    expect(wrong.statusCode).toBe(401);

    const student = await signIn(t, await aStudent(t));
    const refused = await t.app.inject({ method: 'GET', url: '/api/v1/health/details', headers: { authorization: student.authorization }, remoteAddress: aClientIp() });
    expect(refused.statusCode).toBe(403);
    expect(refused.json()).toMatchObject({ code: 'forbidden' });
  });

  it('shows the details with the metrics credentials, from an allowed address, or to an admin', async () => {
    const withPassword = await t.app.inject({ method: 'GET', url: '/api/v1/health/details', headers: basic('prometheus:scrape-secret'), remoteAddress: aClientIp() });
    expect(withPassword.statusCode).toBe(200);
    const details = withPassword.json();
    expect(details).toMatchObject({ status: 'ok', environment: 'production', checks: { database: { status: 'up' } } });
    expect(details.integrations.payments).toEqual({ mode: 'real', detail: 'Stripe (test mode)' });
    expect(details.integrations.storage.mode).toBe('fake');

    const fromAllowedIp = await t.app.inject({ method: 'GET', url: '/api/v1/health/details', remoteAddress: '10.0.0.7' });
    expect(fromAllowedIp.statusCode).toBe(200);

    const admin = await signIn(t, await anAdmin(t));
    const asAdmin = await t.app.inject({ method: 'GET', url: '/api/v1/health/details', headers: { authorization: admin.authorization }, remoteAddress: aClientIp() });
    expect(asAdmin.statusCode).toBe(200);
    expect(asAdmin.json().version).toEqual(expect.any(String));
  });

  it('answers 503 "down" when the database is unreachable, and stays 200 for the rest', async () => {
    const ping = t.database.ping.bind(t.database);
    t.database.ping = async () => {
      throw new Error('connection refused');
    };
    try {
      const response = await t.app.inject({ method: 'GET', url: '/api/v1/health', remoteAddress: aClientIp() });
      expect(response.statusCode).toBe(503);
      expect(response.json()).toEqual({ status: 'down' });
    } finally {
      t.database.ping = ping;
    }
  });
});

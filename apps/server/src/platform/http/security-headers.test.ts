import fastifyHelmet from '@fastify/helmet';
import Fastify from 'fastify';
import type { HelmetOptions } from 'helmet';
import { describe, expect, it } from 'vitest';
import { registerSecurityHeaders, securityHeaders } from './security-headers.ts';

const OPTIONS: HelmetOptions = {
  contentSecurityPolicy: { directives: { defaultSrc: ["'self'"], scriptSrc: ["'self'", "'unsafe-inline'"], frameAncestors: ["'none'"], upgradeInsecureRequests: null } },
  hsts: { maxAge: 31_536_000, includeSubDomains: true },
  crossOriginEmbedderPolicy: false,
};

async function headersFrom(register: (app: ReturnType<typeof Fastify>) => Promise<void>) {
  const app = Fastify();
  await register(app);
  app.get('/', async () => ({ ok: true }));
  const response = await app.inject({ method: 'GET', url: '/' });
  await app.close();
  const { date: _date, 'content-length': _length, 'content-type': _type, connection: _connection, ...rest } = response.headers;
  return rest;
}

describe('security headers', () => {
  it('are exactly what @fastify/helmet sends with the same options, computed once', async () => {
    const expected = await headersFrom(async (app) => {
      await app.register(fastifyHelmet, OPTIONS);
    });
    const actual = await headersFrom(async (app) => registerSecurityHeaders(app, OPTIONS));
    expect(actual).toEqual(expected);
    expect(actual['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(actual['strict-transport-security']).toBe('max-age=31536000; includeSubDomains');
  });

  it('leaves out what the options turn off', () => {
    const headers = securityHeaders({ ...OPTIONS, hsts: false });
    expect(Object.keys(headers).map((name) => name.toLowerCase())).not.toContain('strict-transport-security');
  });
});

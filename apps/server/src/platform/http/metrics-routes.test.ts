import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../config.ts';
import { mayScrape } from './metrics-routes.ts';

const basic = (credentials: string) => ({ authorization: `Basic ${Buffer.from(credentials).toString('base64')}` });

describe('who may scrape /metrics', () => {
  it('is open in development when nothing is configured', () => {
    expect(mayScrape({ headers: {}, ip: '203.0.113.9' }, loadConfig({}))).toBe(true);
  });

  it('requires the password when basic auth is configured', () => {
    const config = loadConfig({ METRICS_BASIC_AUTH: 'prom:s3cret' });
    expect(mayScrape({ headers: {}, ip: '127.0.0.1' }, config)).toBe(false);
    expect(mayScrape({ headers: basic('prom:wrong'), ip: '127.0.0.1' }, config)).toBe(false);
    expect(mayScrape({ headers: basic('prom:s3cret'), ip: '203.0.113.9' }, config)).toBe(true);
  });

  it('admits listed addresses, or the password, when both are configured', () => {
    const config = loadConfig({ METRICS_ALLOWED_IPS: '10.1.2.3, 10.1.2.4', METRICS_BASIC_AUTH: 'prom:s3cret' });
    expect(mayScrape({ headers: {}, ip: '10.1.2.4' }, config)).toBe(true);
    expect(mayScrape({ headers: {}, ip: '10.1.2.5' }, config)).toBe(false);
    expect(mayScrape({ headers: basic('prom:s3cret'), ip: '10.1.2.5' }, config)).toBe(true);
  });
});
